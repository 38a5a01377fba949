import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import {startBlackhole, type Blackhole} from '../helpers/blackhole.js';
import {requireWorkingCommand, titleFor} from '../helpers/require-component.js';
import {writeFiles} from './temp-files.js';

const isReady = requireWorkingCommand(['openssl', 'version'], 'openssl') && requireWorkingCommand(['timeout', '--version'], 'coreutils timeout');

let blackhole: Blackhole;

beforeAll(async () => {
	blackhole = await startBlackhole();
});

afterAll(async () => {
	await blackhole?.close();
});

describe('handCommand for a tls check', () => {
	it('bounds openssl s_client by the check\'s timeout, in whole seconds rounded up, as nc and dig are', () => {
		const directory = writeFiles({'checks.yaml': 'checks:\n  - {name: api certificate, kind: tls, host: "api.example.com:443", timeout: 2500ms}\n'});
		const check = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks[0]!;
		expect(handCommand(check)).toBe('timeout 3 openssl s_client -connect api.example.com:443 -servername api.example.com </dev/null');
	});

	it('writes an IPv6 address in brackets, which openssl needs to tell the port from the address', () => {
		// `-connect ::1:443`: "s_client: -connect argument or target parameter malformed or ambiguous".
		const directory = writeFiles({'checks.yaml': 'checks:\n  - {name: v6, kind: tls, host: "[::1]:8443"}\n  - {name: v6 default port, kind: tls, host: "[fd00::5]"}\n'});
		const [v6, bare] = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks;
		expect(handCommand(v6!)).toBe('timeout 5 openssl s_client -connect \'[::1]:8443\' </dev/null');
		expect(handCommand(bare!)).toBe('timeout 5 openssl s_client -connect \'[fd00::5]:443\' </dev/null');
	});

	it.skipIf(!isReady)(titleFor('gives up on a target that drops the connect, as the probe does, instead of hanging', isReady, 'openssl and timeout'), () => {
		const directory = writeFiles({'checks.yaml': `checks:\n  - {name: dropped, kind: tls, host: "127.0.0.1:${blackhole.port}", timeout: 1s}\n`});
		const check = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks[0]!;
		// The guard only keeps a hanging command from holding the test: the command must end on its own, with
		// timeout's status 124, not be killed by the guard.
		const run = spawnSync('bash', ['-c', handCommand(check)], {encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL'});
		expect(run.signal).toBeNull();
		expect(run.status).toBe(124);
	}, 30_000);
});
