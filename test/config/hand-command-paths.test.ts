import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import type {Check} from '../../source/config/types.js';
import {writeFiles} from './temp-files.js';

const env = {CA_NAME: 'internal-root', SCRIPT_DIR: 'nightly', EXPORT_DIR: 'exports', TLS_CA: 'tls-ca.pem', GROUP_CA: 'group-ca.pem', CA_DIR: '/etc/ssl/private/'};

const files = {
	'checks.yaml': `
defaults:
  ca: defaults/\${GROUP_CA}
groups:
  payments:
    ca: ./group/\${GROUP_CA}
checks:
  - name: api
    url: https://127.0.0.1:8443/health
    ca: certs/\${CA_NAME}.pem
  - name: payments api
    group: payments
    url: https://127.0.0.1:8443/health
  - name: default api
    url: https://127.0.0.1:8443/health
  - name: nightly job
    kind: command
    run: [./check.sh]
    cwd: scripts/\${SCRIPT_DIR}
  - name: export
    kind: freshness
    file: \${EXPORT_DIR}/last-success
    maxAge: 1h
  - name: api certificate
    kind: tls
    host: 127.0.0.1:8443
    ca: ../\${TLS_CA}
  - name: absolute api
    url: https://127.0.0.1:8443/health
    ca: \${CA_DIR}/ca.pem
`,
};

function loadChecks(): Map<string, Check> {
	const directory = writeFiles(files);
	const loaded = loadConfig(path.join(directory, 'checks.yaml'), {env});
	return new Map(loaded.checks.map(check => [check.name, check]));
}

/** The word after `flag` in `command`, as bash reads it with the variables set. */
function wordAfter(command: string, flag: string): string {
	const rest = command.slice(command.indexOf(` ${flag} `) + flag.length + 2);
	return execFileSync('bash', ['-c', `set -- ${rest.replace(/ (?:&&|;|<).*$/, '')}; printf %s "$1"`], {env: {...env, PATH: process.env.PATH}, encoding: 'utf8'});
}

describe('handCommand for a path written with a ${NAME} in it', () => {
	const checks = loadChecks();
	const check = (name: string) => checks.get(name)!;

	it.each([
		['api', '--cacert', 'ca', 'CA_NAME'],
		['payments api', '--cacert', 'ca', 'GROUP_CA'],
		['default api', '--cacert', 'ca', 'GROUP_CA'],
		['nightly job', 'cd', 'cwd', 'SCRIPT_DIR'],
		['export', '%y', 'file', 'EXPORT_DIR'],
		['api certificate', '-CAfile', 'ca', 'TLS_CA'],
		['absolute api', '--cacert', 'ca', 'CA_DIR'],
	])('writes %s\'s path with the variable, which bash reads as the path the probe uses', (name, flag, key, variable) => {
		const command = handCommand(check(name));
		expect(command).toContain(`"\${${variable}}"`);
		expect(command).not.toContain('••••');
		expect(command).not.toContain(env[variable as keyof typeof env]);
		// `./group/"${GROUP_CA}"` and `../"${TLS_CA}"` after the directory: the file the probe opens, as the kernel
		// reads the path, written as it was in checks.yaml.
		const word = wordAfter(command.replace(/^cd /, ' cd '), flag);
		expect(path.isAbsolute(word)).toBe(true);
		expect(path.resolve(word)).toBe((check(name) as unknown as Record<string, string>)[key]);
	});
});
