import http from 'node:http';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

describe.skipIf(isTmuxMissing)('the live screen in a real terminal', () => {
	let server: http.Server;
	let directory: string;
	const panes: TmuxPane[] = [];
	const slowArrivals: number[] = [];
	let port = 0;
	/** What /switch answers: up, until a test turns its target down. */
	let isSwitchUp = true;

	beforeAll(async () => {
		requireBuild();

		server = http.createServer((request, response) => {
			if (request.url === '/slow') {
				slowArrivals.push(performance.now());
				setTimeout(() => response.writeHead(200).end('ok'), 800);
				return;
			}

			if (request.url === '/switch') {
				response.writeHead(isSwitchUp ? 200 : 503).end(isSwitchUp ? 'ok' : 'down');
				return;
			}

			if (request.url === '/ok') {
				response.writeHead(200, {'content-type': 'application/json'}).end('{"status":"UP"}');
				return;
			}

			// A hostile failing target: its body tries to set the window title, write the clipboard, clear the
			// screen and move the cursor, with 7-bit and 8-bit introducers and a bidi override.
			response.writeHead(500, {'content-type': 'text/plain'}).end('boom \u001B]2;pwned\u0007\u001B]52;c;cHduZWQ=\u0007\u001B[2J\u001B[1A\u009B2J\u202Eevil');
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		({port} = server.address() as {port: number});
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-e2e-'));
		writeFileSync(path.join(directory, 'checks.yaml'), [
			'defaults: {interval: 1s, timeout: 1s}',
			'checks:',
			'  - name: orders api',
			`    url: http://127.0.0.1:${port}/ok`,
			'    owner: "@orders-oncall"',
			'  - name: billing job',
			`    url: http://127.0.0.1:${port}/fail`,
			'    owner: "@billing-oncall"',
			'    runbook: https://runbooks.example.com/billing',
			'    rollback: "helm rollback billing 12"',
			'    expect: {status: 200}',
			'',
		].join('\n'));
	});

	afterAll(() => {
		for (const pane of panes) {
			pane.kill();
		}

		server?.close();
	});

	it('shows the table, marks the failing check, opens its detail, and quits with the terminal restored', async () => {
		const command = `sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} checks.yaml; echo "EXIT=$?"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 30`)}`;
		const pane = TmuxPane.start(command, {cwd: directory});
		panes.push(pane);
		// Let applications write tmux's clipboard, so an obeyed OSC 52 would leave a paste buffer behind.
		pane.tmux(['set-option', '-g', 'set-clipboard', 'on']);
		const titleBefore = pane.display('#{pane_title}');
		const screen = await pane.waitFor(text => /failing\s+billing job/.test(text) && /up\s+orders api/.test(text));
		expect(screen).toContain('orders api');
		expect(pane.display('#{alternate_on}')).toBe('1');

		// Severity sorting puts the failing check first, so it is selected.
		pane.sendKeys('Enter');
		const detail = await pane.waitFor(text => text.includes('@billing-oncall') && text.includes('runbooks.example.com/billing'));
		expect(detail).toContain('helm rollback billing 12');
		expect(detail).toMatch(/500/);
		// The target's escape sequences were shown as text, not obeyed.
		expect(pane.display('#{pane_title}')).toBe(titleBefore);
		expect(detail).toContain('^[');
		expect(detail).not.toContain('\u202E');
		expect(detail).not.toContain('\u009B');
		expect(pane.tmux(['list-buffers'])).toBe('');

		pane.sendKeys('Escape');
		await pane.waitFor(text => !text.includes('helm rollback billing 12'));
		pane.sendKeys('q');
		const after = await pane.waitFor(text => text.includes('EXIT=') && /^-?icanon$/m.test(text));
		expect(after).toContain('EXIT=0');
		expect(after).toMatch(/^icanon$/m);
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
	}, 30_000);

	it.skipIf(process.platform !== 'linux')('lowers only its render thread: the probe worker keeps the priority it started with', async () => {
		const command = `sh -c ${shellQuote(`exec ${nodeBinary} ${uptopBinary} checks.yaml`)}`;
		const pane = TmuxPane.start(command, {cwd: directory});
		panes.push(pane);
		await pane.waitFor(text => /failing\s+billing job/.test(text) && /up\s+orders api/.test(text));
		const pid = Number(pane.display('#{pane_pid}'));
		// Field 19 of /proc/…/stat is the thread's nice; the name in field 2 may hold spaces, so count after it.
		const niceOf = (task: string): number => Number(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
		const threads = readdirSync(`/proc/${pid}/task`).map(task => ({task, name: readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim(), nice: niceOf(task)}));
		const render = threads.find(thread => thread.task === String(pid));
		const workers = threads.filter(thread => thread.name === 'WorkerThread');
		expect(workers).toHaveLength(1);
		const started = workers[0]!.nice;
		expect(render?.nice).toBe(Math.min(19, started + 5));
		pane.sendKeys('q');
	}, 30_000);

	it('takes NO_COLOR as no-color.org says: set and not empty turns colour off, empty leaves it on', async () => {
		const colours = async (value: string): Promise<number> => {
			// Without CI: under a CI variable that names no known service, Ink's colour library draws no colour at
			// all (CI=true runs this suite), and this is about NO_COLOR alone.
			const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} checks.yaml`, {cwd: directory, env: {NO_COLOR: value}, unset: ['CI']});
			panes.push(pane);
			await pane.waitFor(text => /failing\s+billing job/.test(text) && /up\s+orders api/.test(text));
			// Foreground colours (30-37, 90-97), not bold or inverse, which say the same without colour.
			const screen = pane.tmux(['capture-pane', '-p', '-e', '-t', '0']);
			pane.sendKeys('q');
			return screen.match(/\u001B\[(?:\d+;)*(?:3[0-7]|9[0-7])m/g)?.length ?? 0;
		};

		expect(await colours('1')).toBe(0);
		expect(await colours('')).toBeGreaterThan(0);
	});

	it('ctrl-z hands the terminal back to the shell, and fg brings the screen back whole', async () => {
		// An interactive shell with job control, as a person on a bastion has.
		const pane = TmuxPane.start('bash --norc --noprofile -i', {cwd: directory, env: {PS1: 'shell$ '}});
		panes.push(pane);
		await pane.waitFor(text => text.includes('shell$'));
		pane.sendKeys('-l', `${nodeBinary} ${uptopBinary} checks.yaml`);
		pane.sendKeys('Enter');
		await pane.waitFor(text => /failing\s+billing job/.test(text) && /up\s+orders api/.test(text));
		pane.sendKeys('C-z');
		const shell = await pane.waitFor(text => /Stopped/.test(text) && /^shell\$\s*$/m.test(text));
		expect(shell).not.toContain('billing job');
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
		pane.sendKeys('-l', 'stty -a | tr " " "\\n" | grep -x -- "-\\?icanon"; jobs');
		pane.sendKeys('Enter');
		const checked = await pane.waitFor(text => /^-?icanon\n\[1\]\+\s+Stopped/m.test(text));
		expect(checked).toMatch(/^icanon$/m);

		// The window changes size while uptop is stopped: the frame after fg must fit the new one.
		pane.resize(90, 30);
		pane.sendKeys('-l', 'fg');
		pane.sendKeys('Enter');
		// Probing resumes at once (the first frame after fg may still say PAUSED for a tick).
		const back = await pane.waitFor(text => /^uptop · checks\.yaml /m.test(text) && !text.includes('PAUSED') && /failing\s+billing job/.test(text) && /up\s+orders api/.test(text), 3000);
		expect(back).not.toContain('shell$');
		// One frame, drawn whole: one header row, no wrapped remains of a wider frame.
		expect(back.match(/state\s+name/g)).toHaveLength(1);
		expect(back.split('\n')[0]).toMatch(/^uptop · checks\.yaml .* up \d\d:\d\d:\d\d$/);
		expect(pane.display('#{alternate_on}')).toBe('1');
		// Keys work again, and probing went on: the detail pane opens, then q quits to the shell.
		pane.sendKeys('Enter');
		await pane.waitFor(text => text.includes('@billing-oncall'));
		pane.sendKeys('q');
		await pane.waitFor(text => /^shell\$\s*$/m.test(text) && pane.display('#{alternate_on}') === '0');
		pane.sendKeys('-l', 'jobs; echo "JOBS=done"');
		pane.sendKeys('Enter');
		const after = await pane.waitFor(text => text.includes('JOBS=done'));
		expect(after).not.toMatch(/Stopped\s+.*uptop\.js checks\.yaml\s*\n.*JOBS=done/);
	}, 40_000);

	it('after fg shows the results of the probes run on resume', async () => {
		// The target goes down while uptop is stopped. The resumed snapshot took the worker's one snapshot a second,
		// and the screen said "up" under a current clock for that second, though the probe had already failed.
		writeFileSync(path.join(directory, 'switch.yaml'), ['checks:', '  - name: switch api', `    url: http://127.0.0.1:${port}/switch`, '    interval: 60s', '    timeout: 1s', ''].join('\n'));
		const pane = TmuxPane.start('bash --norc --noprofile -i', {cwd: directory, env: {PS1: 'shell$ '}});
		panes.push(pane);
		await pane.waitFor(text => text.includes('shell$'));
		pane.sendKeys('-l', `${nodeBinary} ${uptopBinary} switch.yaml`);
		pane.sendKeys('Enter');
		await pane.waitFor(text => /up\s+switch api/.test(text));
		pane.sendKeys('C-z');
		await pane.waitFor(text => /Stopped/.test(text) && /^shell\$\s*$/m.test(text));
		isSwitchUp = false;
		pane.sendKeys('-l', 'fg');
		pane.sendKeys('Enter');
		// How soon is the fake-clock test's to say (monitor-snapshot.test.ts: 100 ms, not a second): a shared machine
		// times a terminal too loosely. Here, that the probe run on resume reaches the screen through the worker.
		await pane.waitFor(text => /failing\s+switch api/.test(text), 3000);
		pane.sendKeys('q');
		await pane.waitFor(text => /^shell\$\s*$/m.test(text) && pane.display('#{alternate_on}') === '0');
	}, 30_000);

	it('ctrl-z in the middle of a probe records no result timed across the stop', async () => {
		// The target answers in 800 ms, inside the 1.5 s timeout: every result is up, unless a probe's clock ran
		// on while uptop was stopped (then it failed at its deadline on fg, ~2.7 s).
		writeFileSync(path.join(directory, 'slow.yaml'), ['checks:', '  - name: slow api', `    url: http://127.0.0.1:${port}/slow`, '    interval: 2s', '    timeout: 1500ms', '    slow: 5s', ''].join('\n'));
		const stateDir = path.join(directory, 'state-suspend');
		const pane = TmuxPane.start('bash --norc --noprofile -i', {cwd: directory, env: {PS1: 'shell$ '}});
		panes.push(pane);
		await pane.waitFor(text => text.includes('shell$'));
		pane.sendKeys('-l', `${nodeBinary} ${uptopBinary} --state-dir ${stateDir} slow.yaml`);
		pane.sendKeys('Enter');
		await pane.waitFor(text => /up\s+slow api/.test(text));
		// Stop 300 ms into a probe: the request has reached the target, its answer is 500 ms away.
		const seen = slowArrivals.length;
		const deadline = performance.now() + 5000;
		while (slowArrivals.length === seen && performance.now() < deadline) await new Promise(resolve => setTimeout(resolve, 5));
		await new Promise(resolve => setTimeout(resolve, 300));
		pane.sendKeys('C-z');
		await pane.waitFor(text => /Stopped/.test(text) && /^shell\$\s*$/m.test(text));
		await new Promise(resolve => setTimeout(resolve, 2500));
		pane.sendKeys('-l', 'fg');
		pane.sendKeys('Enter');
		await pane.waitFor(text => /up\s+slow api/.test(text) && !text.includes('PAUSED'), 3000);
		// A few probes after fg, then quit so the history file is complete.
		const resumed = slowArrivals.length;
		while (slowArrivals.length < resumed + 2 && performance.now() < deadline + 10_000) await new Promise(resolve => setTimeout(resolve, 20));
		await new Promise(resolve => setTimeout(resolve, 1000));
		pane.sendKeys('q');
		await pane.waitFor(text => /^shell\$\s*$/m.test(text) && pane.display('#{alternate_on}') === '0');
		const results = readFileSync(historyFileFor(path.join(directory, 'slow.yaml'), {stateDir}), 'utf8').split('\n').filter(Boolean)
			.map(line => JSON.parse(line) as {t: string; state?: string; latencyMs?: number})
			.filter(record => record.t === 'r');
		expect(results.length).toBeGreaterThanOrEqual(3);
		expect(results.filter(record => record.state !== 'up')).toEqual([]);
		expect(Math.max(...results.map(record => record.latencyMs!))).toBeLessThan(1400);
	}, 40_000);

	it('ctrl-z with no shell to come back to keeps the screen, says why, and leaves nothing on the shell\'s screen', async () => {
		// uptop as the pane's own command: nothing can `fg` it, so the kernel discards its stop.
		const command = `sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} checks.yaml; echo "EXIT=$?"; sleep 30`)}`;
		const pane = TmuxPane.start(command, {cwd: directory});
		panes.push(pane);
		await pane.waitFor(text => /failing\s+billing job/.test(text));
		pane.sendKeys('C-z');
		const screen = await pane.waitFor(text => text.includes('not suspended: no shell with job control'));
		expect(screen).toMatch(/^uptop · checks\.yaml /m);
		expect(pane.display('#{alternate_on}')).toBe('1');
		pane.sendKeys('q');
		const after = await pane.waitFor(text => text.includes('EXIT='));
		expect(after).toContain('EXIT=0');
		expect(after).not.toContain('billing job');
	}, 30_000);

	it('says in the banner that --only matches nothing, and drops it once an edit adds a matching check', async () => {
		const file = path.join(directory, 'typo.yaml');
		writeFileSync(file, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', '  - {name: orders api, url: http://127.0.0.1:9/}', ''].join('\n'));
		const command = `sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} --only 'payments*' typo.yaml; echo "EXIT=$?"; sleep 30`)}`;
		const pane = TmuxPane.start(command, {cwd: directory});
		panes.push(pane);
		const screen = await pane.waitFor(text => text.includes('no check in typo.yaml matches --only payments*'));
		expect(screen).toContain('it has checks orders api');
		writeFileSync(file, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', '  - {name: orders api, url: http://127.0.0.1:9/}', '  - {name: payments api, url: http://127.0.0.1:9/}', ''].join('\n'));
		const reloaded = await pane.waitFor(text => /failing\s+payments api/.test(text));
		expect(reloaded).not.toContain('no check in typo.yaml');
		expect(reloaded).not.toContain('orders api');
		pane.sendKeys('q');
		expect(await pane.waitFor(text => text.includes('EXIT='))).toContain('EXIT=0');
	}, 30_000);
});
