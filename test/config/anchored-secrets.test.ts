import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runValidate} from '../../source/modes/validate.js';
import {writeFiles} from './temp-files.js';

/** `uptop validate` on `text` written as a real checks.yaml: its exit code and what it printed. */
function validate(text: string, env: NodeJS.ProcessEnv = {}) {
	const file = path.join(writeFiles({'checks.yaml': text}), 'checks.yaml');
	let stdout = '';
	let stderr = '';
	const code = runValidate(file, {stdout: written => (stdout += written), stderr: written => (stderr += written), env});
	return {code, stdout, stderr};
}

const token = 'eyJhbGciOiJIUzI1NiJ9.prod-payments-token';

describe('uptop validate and a secret that reaches its place through a YAML anchor', () => {
	it('hides a credential header\'s anchored value on the anchor\'s line of the frame, keeping the caret in its column', () => {
		const {code, stderr} = validate([
			`x-bearer: &bearer "Bearer ${token}"`,
			'defaults: {timeout: 5}',
			'checks:',
			'  - name: payments api',
			'    url: http://127.0.0.1:43000/health',
			'    headers: {Authorization: *bearer}',
			'',
		].join('\n'));
		expect(code).toBe(1);
		expect(stderr).not.toContain('eyJhbGci');
		expect(stderr).not.toContain('prod-payments-token');
		expect(stderr).toContain(`  1 | x-bearer: &bearer "${'•'.repeat(`Bearer ${token}`.length)}"\n> 2 | defaults: {timeout: 5}\n    |                     ^`);
	});

	it('hides a `{secret: *s}` value on the anchor\'s line', () => {
		const {stderr} = validate([
			'x-sig: &s "sig-7f3a9c2e51b04d"',
			'defaults: {timeout: 5}',
			'checks:',
			'  - name: payments api',
			'    url: http://127.0.0.1:43000/health',
			'    headers: {X-Signature: {secret: *s}}',
			'',
		].join('\n'));
		expect(stderr).toContain('1 | x-sig: &s "••••••••••••••••••"');
		expect(stderr).not.toContain('7f3a9c2e51b04d');
	});

	it('hides it also when the error is in the check itself, which is then never built', () => {
		const {stderr} = validate([
			`x-bearer: &bearer "Bearer ${token}"`,
			'checks:',
			'  - {name: payments api, url: "http://127.0.0.1:43000/health", headers: {Authorization: *bearer}, timeout: 5}',
			'',
		].join('\n'));
		expect(stderr).toContain('5 has no unit');
		expect(stderr).toContain(`  1 | x-bearer: &bearer "${'•'.repeat(`Bearer ${token}`.length)}"`);
		expect(stderr).not.toContain('prod-payments-token');
	});

	it('keeps the anchored value out of the message, found and hint of an error where it is read again', () => {
		const {stderr} = validate([
			`x-bearer: &bearer "Bearer ${token}"`,
			'checks:',
			'  - name: payments api',
			'    url: http://127.0.0.1:43000/health',
			'    headers: {Authorization: *bearer}',
			'    interval: *bearer',
			'',
		].join('\n'));
		expect(stderr).toContain('a duration has no spaces (`••••`)');
		expect(stderr).toContain('found:    "••••"');
		// The scheme is no secret: the alias it names stays readable.
		expect(stderr).toContain('used through the alias *bearer at line 6');
		expect(stderr).not.toContain('prod-payments-token');
		expect(stderr).not.toContain('eyJhbGci');
	});

	it('still shows a value that is no secret, and `${NAME}`, as written', () => {
		const {stderr} = validate([
			'x-region: &region "eu-west-1-frankfurt"',
			'defaults: {timeout: 5}',
			'checks:',
			'  - name: payments api',
			'    url: http://127.0.0.1:43000/health',
			'    headers: {X-Region: *region, Authorization: "Bearer ${API_TOKEN}"}',
			'',
		].join('\n'), {API_TOKEN: 'abcdefgh12345678'});
		expect(stderr).toContain('1 | x-region: &region "eu-west-1-frankfurt"');
	});
});
