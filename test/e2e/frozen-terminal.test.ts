import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

// A terminal that stops reading: the SSH client of a laptop that went to sleep. Between tmux and uptop sits
// `script`, which copies uptop's pseudo-terminal to the pane as sshd copies it to the network; stopped with
// SIGSTOP it copies nothing, the pseudo-terminal's buffer (~64 KB) fills, and uptop's next write would block.
const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;
const isMissing = !hasTmux() || !hasScript;
if (isMissing && process.env.CI === 'true') {
	throw new Error('tmux and script (bsdutils) are required for the end-to-end tests in CI');
}

if (isMissing) {
	console.warn('skipping the frozen-terminal tests: tmux or script (bsdutils) is missing');
}

let server: TestServer;
let directory: string;
/** What the "orders api" path answers: flipped by a test while the terminal is frozen. */
let ordersStatus = 200;
const panes: TmuxPane[] = [];
const stoppedPids: number[] = [];

beforeAll(async () => {
	requireBuild();
	// Answers after a random 0–20 ms, so latencies (and the screen) change with every round.
	server = await startHttpServer((request, response) => {
		setTimeout(() => {
			response.statusCode = request.url === '/orders' ? ordersStatus : 200;
			response.end('ok');
		}, Math.random() * 20);
	});
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-frozen-'));
	const fleet = Array.from({length: 100}, (_, index) => `  - {name: worker ${String(index).padStart(3, '0')}, url: ${server.origin}/w/${index}}`);
	writeFileSync(path.join(directory, 'checks.yaml'), [
		'defaults: {interval: 500ms, timeout: 400ms}',
		'checks:',
		`  - {name: orders api, url: ${server.origin}/orders}`,
		...fleet,
		'',
	].join('\n'));
});

afterEach(() => {
	for (const pid of stoppedPids.splice(0)) signal(pid, 'SIGCONT');
});

afterAll(() => {
	for (const pane of panes) pane.kill();
	void server?.close();
});

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// Already gone.
	}
}

/** Running, not exited: a zombie counts as gone (its parent, `script`, is stopped and cannot reap it). */
function isAlive(pid: number): boolean {
	try {
		const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
		return state !== undefined && state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

function nameOf(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	} catch {
		return undefined;
	}
}

function pgrep(args: readonly string[]): number[] {
	return spawnSync('pgrep', args, {encoding: 'utf8'}).stdout.split('\n').filter(Boolean).map(Number);
}

/** The first process named `name` under `pid` (uptop sets its title, so its command line no longer says which it is). */
function descendantNamed(pid: number, name: string): number | undefined {
	for (const child of pgrep(['-P', String(pid)])) {
		if (nameOf(child) === name) return child;
		const found = descendantNamed(child, name);
		if (found !== undefined) return found;
	}

	return undefined;
}

function sizeOf(folder: string): number {
	if (!existsSync(folder)) return 0;
	return readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (predicate()) return true;
		await sleep(50);
	}

	return predicate();
}

/** uptop in a pane behind `script`; returns the pane and the pids of `script` and of uptop. */
async function startBehindScript(name: string): Promise<{pane: TmuxPane; relay: number; uptop: number; stateDir: string}> {
	const stateDir = path.join(directory, name);
	const uptop = `${nodeBinary} ${uptopBinary} --state-dir ${stateDir} checks.yaml`;
	const command = `sh -c ${shellQuote(`script -qfec ${shellQuote(uptop)} /dev/null; echo "EXIT=$?"; sleep 30`)}`;
	const pane = TmuxPane.start(command, {cwd: directory, columns: 200, rows: 110});
	panes.push(pane);
	await pane.waitFor(screen => /up\s+orders api/.test(screen) && /up\s+worker 099/.test(screen), 15_000);
	const [relay] = pgrep(['-f', `^script .*${stateDir}`]).filter(pid => nameOf(pid) === 'script');
	const uptopPid = relay === undefined ? undefined : descendantNamed(relay, 'uptop');
	expect(relay, 'the pid of script').toBeTypeOf('number');
	expect(uptopPid, 'the pid of uptop').toBeTypeOf('number');
	return {pane, relay: relay!, uptop: uptopPid!, stateDir};
}

describe.skipIf(isMissing)('a terminal that stops reading', () => {
	it('keeps uptop alive and writing its history; once it reads again, the screen shows what changed meanwhile', async () => {
		ordersStatus = 200;
		const {pane, relay, stateDir} = await startBehindScript('thaw');
		signal(relay, 'SIGSTOP');
		stoppedPids.push(relay);
		// ~100 changing rows a round fill the pseudo-terminal within a few seconds.
		await sleep(6000);
		ordersStatus = 503;
		const before = sizeOf(stateDir);
		await sleep(4000);
		// Results keep reaching the history file: the render thread is not stuck in a write to the terminal.
		expect(sizeOf(stateDir)).toBeGreaterThan(before + 10_000);
		signal(relay, 'SIGCONT');
		const screen = await pane.waitFor(text => /failing\s+orders api/.test(text), 10_000);
		const lines = screen.split('\n');
		expect(lines[0]).toMatch(/^uptop · checks\.yaml /);
		expect(screen).toMatch(/up\s+worker 000/);
		pane.sendKeys('q');
		const after = await pane.waitFor(text => text.includes('EXIT='), 10_000);
		expect(after).toContain('EXIT=0');
		expect(after).not.toMatch(/worker 000/);
	}, 60_000);

	it('SIGTERM ends uptop while the terminal is still not reading', async () => {
		ordersStatus = 200;
		const {pane, relay, uptop} = await startBehindScript('term');
		signal(relay, 'SIGSTOP');
		stoppedPids.push(relay);
		await sleep(6000);
		expect(isAlive(uptop)).toBe(true);
		signal(uptop, 'SIGTERM');
		// It waits a moment for the terminal to take the screen's teardown, and no longer.
		expect(await waitUntil(() => !isAlive(uptop), 5000)).toBe(true);
		signal(relay, 'SIGCONT');
		const after = await pane.waitFor(text => text.includes('EXIT='), 10_000);
		expect(after).toContain('EXIT=0');
	}, 60_000);
});
