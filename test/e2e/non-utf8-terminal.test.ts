import http from 'node:http';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

/** Bytes outside ASCII, as a readable list (empty when there are none). */
function nonAsciiText(bytes: Buffer): string[] {
	return [...bytes.toString('utf8').matchAll(/[^\u0000-\u007F]/gu)].map(match => match[0]);
}

// A bastion reached over SSH often has LANG=C, or a Latin-1 locale: a terminal that cannot show UTF-8.
describe.skipIf(isTmuxMissing)('a terminal whose locale is not UTF-8', () => {
	let server: http.Server;
	let directory: string;
	const panes: TmuxPane[] = [];

	beforeAll(async () => {
		requireBuild();
		server = http.createServer((request, response) => {
			response.writeHead(request.url === '/ok' ? 200 : 503).end();
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = server.address() as {port: number};
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-non-utf8-'));
		writeFileSync(path.join(directory, 'checks.yaml'), [
			'defaults: {interval: 1s, timeout: 1s}',
			'checks:',
			`  - {name: orders api, url: "http://127.0.0.1:${port}/ok"}`,
			`  - {name: billing api, url: "http://127.0.0.1:${port}/down", expect: {status: 200}}`,
			'',
		].join('\n'));
	});

	afterAll(() => {
		for (const pane of panes) {
			pane.kill();
		}

		server?.close();
	});

	it.each([
		['LANG=C, stdin not a terminal', {LANG: 'C'}, '< /dev/null'],
		['LANG=en_US.ISO-8859-1, TERM=dumb', {LANG: 'en_US.ISO-8859-1', TERM: 'dumb'}, ''],
	])('gets plain lines in ASCII, -> between the states (%s)', async (_name, env, redirect) => {
		const output = path.join(directory, `plain-${panes.length}.out`);
		const pane = TmuxPane.start(`sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} checks.yaml ${redirect}; sleep 30`)}`, {cwd: directory, env, unset: ['LC_ALL', 'LC_CTYPE']});
		panes.push(pane);
		pane.pipeTo(output);
		const screen = await pane.waitFor(text => /billing api: pending -> failing/.test(text) && /orders api: pending -> up/.test(text));
		expect(screen).toMatch(/billing api: pending -> failing \(.+\) - status 503, expected 200/);
		expect(nonAsciiText(readFileSync(output))).toEqual([]);
	});

	it('shows the limit a check is judged by in the details with ASCII signs, not question marks', async () => {
		// `expected  age ? 12s . warn > 6s`: on LANG=C the detail pane hid the one thing a freshness check is about.
		writeFileSync(path.join(directory, 'heartbeat'), '');
		writeFileSync(path.join(directory, 'fresh.yaml'), [
			'checks:',
			'  - {name: nightly export, kind: freshness, file: heartbeat, maxAge: 1h, warnAge: 30m, interval: 1s, timeout: 1s}',
			'',
		].join('\n'));
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history fresh.yaml`, {cwd: directory, columns: 80, rows: 24, env: {LANG: 'C', TERM: 'xterm'}, unset: ['LC_ALL', 'LC_CTYPE']});
		panes.push(pane);
		await pane.waitFor(text => /\+ up +nightly export/.test(text));
		pane.sendKeys('Enter');
		const screen = await pane.waitFor(text => /^expected/m.test(text));
		expect(screen).toMatch(/^expected +age <= 1h \. warn > 30m *$/m);
	});

	it('writes its notes on stderr in ASCII when stderr is such a terminal', async () => {
		// `--only` that matches nothing listed the config's checks ending in a UTF-8 "…", mojibake on LANG=C.
		writeFileSync(path.join(directory, 'many.yaml'), [
			'checks:',
			...Array.from({length: 10}, (_, index) => `  - {name: service ${index}, kind: tcp, host: "127.0.0.1:9"}`),
			'',
		].join('\n'));
		const output = path.join(directory, `notes-${panes.length}.out`);
		const pane = TmuxPane.start(`sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} --only nope --json many.yaml > /dev/null; echo exit=$?; sleep 30`)}`, {cwd: directory, env: {LANG: 'C'}, unset: ['LC_ALL', 'LC_CTYPE']});
		panes.push(pane);
		pane.pipeTo(output);
		const screen = await pane.waitFor(text => /exit=\d/.test(text));
		expect(screen).toContain('no check in many.yaml matches --only nope (it has checks service 0,');
		expect(screen).toContain('~ (10)');
		expect(nonAsciiText(readFileSync(output))).toEqual([]);
	});

	it('writes uptop validate\'s errors in ASCII when stderr is such a terminal', async () => {
		// The hint said `failDays ≤ warnDays`, the sign a question mark or mojibake on LANG=C.
		writeFileSync(path.join(directory, 'certs.yaml'), 'checks:\n  - {name: edge cert, kind: tls, host: "127.0.0.1:9", warnDays: 14, failDays: 20}\n');
		const output = path.join(directory, `validate-${panes.length}.out`);
		const pane = TmuxPane.start(`sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} validate certs.yaml; echo exit=$?; sleep 30`)}`, {cwd: directory, env: {LANG: 'C'}, unset: ['LC_ALL', 'LC_CTYPE']});
		panes.push(pane);
		pane.pipeTo(output);
		const screen = await pane.waitFor(text => /exit=\d/.test(text));
		expect(screen).toContain('failDays <= warnDays');
		expect(screen).toContain('exit=1');
		expect(nonAsciiText(readFileSync(output))).toEqual([]);
	});

	it('gets --wait\'s progress in ASCII on stderr when stdout goes to a file', async () => {
		// The name holds a value from the environment: `••••` in UTF-8, `****` in ASCII.
		writeFileSync(path.join(directory, 'wait.yaml'), readFileSync(path.join(directory, 'checks.yaml'), 'utf8').replace('billing api', '"${REGION} billing"'));
		const output = path.join(directory, `wait-${panes.length}.out`);
		const pane = TmuxPane.start(`sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} --once --wait 1s wait.yaml > table.txt; echo exit=$?; sleep 30`)}`, {cwd: directory, env: {LANG: 'C', REGION: 'eu-west'}, unset: ['LC_ALL', 'LC_CTYPE']});
		panes.push(pane);
		pane.pipeTo(output);
		const screen = await pane.waitFor(text => /exit=\d/.test(text));
		expect(screen).toMatch(/uptop: not up yet: \*\*\*\* billing \(failing\)/);
		expect(screen).toContain('exit=2');
		expect(nonAsciiText(readFileSync(output))).toEqual([]);
	});
});
