import {execFileSync} from 'node:child_process';
import {appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

// A config of 2,000 checks in 20 included files, edited while the live screen runs: the edit is loaded and checked
// (the better part of a second) away from the thread that draws the screen and reads its keys.

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

const teams = 20;
const perTeam = 100;
let server: TestServer;
let directory: string;
let pane: TmuxPane | undefined;
const teamFile = (team: number) => path.join(directory, 'checks.d', `team-${String(team).padStart(2, '0')}.yaml`);

beforeAll(async () => {
	requireBuild();
	server = await startHttpServer((_request, response) => {
		response.end('ok');
	});
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-large-reload-'));
	mkdirSync(path.join(directory, 'checks.d'));
	writeFileSync(path.join(directory, 'checks.yaml'), 'defaults: {interval: 1h, timeout: 20s, slow: 15s}\ninclude: [checks.d/*.yaml]\nchecks: []\n');
	for (let team = 0; team < teams; team++) {
		const lines = ['checks:'];
		for (let at = 0; at < perTeam; at++) {
			const number = String(team * perTeam + at).padStart(4, '0');
			lines.push(`  - name: svc ${number}`, `    url: ${server.origin}/health/${number}`, `    group: team-${team}`, '    expect: {status: [200, 204], body: "ok"}');
		}

		writeFileSync(teamFile(team), `${lines.join('\n')}\n`);
	}

	if (isTmuxMissing) return;
	pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history checks.yaml`, {cwd: directory, columns: 160, rows: 40});
	await pane.waitFor(text => text.includes('✓2000 up'), 90_000);
}, 120_000);

afterAll(async () => {
	pane?.kill();
	await server?.close();
});

const hasThreadTimes = existsSync('/proc/self/task');

const childrenOf = (pid: number): number[] => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** uptop's process in the pane, the pane's own or one below it: the one running node (it renames itself). */
function uptopPid(): number {
	const seen: number[] = [];
	for (let queue = [Number(pane!.display('#{pane_pid}'))]; queue.length > 0;) {
		const pid = queue.shift()!;
		seen.push(pid);
		if (path.basename(readlinkSync(`/proc/${pid}/exe`)).startsWith('node')) return pid;
		queue.push(...childrenOf(pid));
	}

	throw new Error(`no uptop process under the pane (${seen.join(', ')})`);
}

const ticksPerSecond = hasThreadTimes ? Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'})) : 100;
/** CPU milliseconds (user and system) of a /proc stat line. */
const cpuMsOf = (stat: string): number => {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
};

/** The process's CPU time (its ended threads' too) and each live thread's. */
function cpuTimes(pid: number): {total: number; threads: Map<number, number>} {
	const threads = new Map<number, number>();
	for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
		try {
			threads.set(tid, cpuMsOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
		} catch {
			// Ended between the listing and the read.
		}
	}

	return {total: cpuMsOf(readFileSync(`/proc/${pid}/stat`, 'utf8')), threads};
}

/** Checks the header counts (failing, warn, slow, pending, up): every one the screen watches. */
const watchedCount = (screen: string): number => [...(screen.split('\n')[0] ?? '').matchAll(/[✗!◔○✓](\d+) /g)].reduce((sum, match) => sum + Number(match[1]), 0);

/** The check the cursor is on. */
const cursorOn = (screen: string): string | undefined => /^> .*?(svc \d{4})/m.exec(screen)?.[1];

/**
 * Presses j and k in turn, each once the cursor has moved for the one before, until `isDone(screen)` and a few keys
 * past it; returns how long each key took to show.
 */
async function pressKeysUntil(isDone: (screen: string) => boolean): Promise<{latencies: number[]; screen: string}> {
	const latencies: number[] = [];
	let key = 'j';
	let keysAfterDone = 0;
	let screen = pane!.capture();
	while (keysAfterDone < 3) {
		const before = cursorOn(screen);
		const pressedAt = Date.now();
		pane!.sendKeys(key);
		// eslint-disable-next-line no-await-in-loop
		screen = await pane!.waitFor(text => cursorOn(text) !== undefined && cursorOn(text) !== before, 15_000);
		latencies.push(Date.now() - pressedAt);
		key = key === 'j' ? 'k' : 'j';
		if (keysAfterDone > 0 || isDone(screen)) keysAfterDone++;
		if (latencies.length > 200) throw new Error(`not done after 200 keys; last screen:\n${screen}`);
	}

	return {latencies, screen};
}

describe.skipIf(isTmuxMissing)('the live screen while an edit of 2,000 checks is reloaded', () => {
	it('keeps answering keys while a saved edit loads, then applies it', async () => {
		// How fast keys show on this machine now, with 2,000 rows and no reload.
		const {latencies: quiet} = await pressKeysUntil(() => true);

		appendFileSync(teamFile(5), `  - name: svc 9999\n    url: ${server.origin}/health/9999\n`);
		const {latencies, screen} = await pressKeysUntil(text => text.includes('reloaded: 2001 checks'));
		expect(screen).toContain('(added svc 9999)');
		// A generous bound: the apply (which checks changed, the new rows drawn) is still this thread's work, and a key
		// pressed as it comes waits for it (~1.7 s at a load average of 15). The load itself is judged by CPU time below.
		expect(Math.max(...latencies), `keys took ${latencies.join(', ')} ms during the reload, ${quiet.join(', ')} ms before`).toBeLessThan(Math.max(...quiet) * 4 + 2500);
	}, 60_000);

	it('says an invalid edit in an included file by file:line:col, keeps the checks, and answers keys meanwhile', async () => {
		await pane!.waitFor(text => !text.includes('reloaded:'), 15_000);
		const {latencies: quiet} = await pressKeysUntil(() => true);
		const lines = readFileSync(teamFile(7), 'utf8').split('\n').length;
		appendFileSync(teamFile(7), `  - name: svc 9998\n    url: ${server.origin}/health/9998\n    interval: fast\n`);
		const {latencies, screen} = await pressKeysUntil(text => text.includes('config not reloaded'));
		expect(screen).toContain(`config not reloaded: checks.d/team-07.yaml:${lines + 2}:15: `);
		expect(watchedCount(screen)).toBe(2001);
		// As generous as above: a 2-core machine under load holds a key a second or more anyway; where the load ran
		// is judged by CPU time below.
		expect(Math.max(...latencies), `keys took ${latencies.join(', ')} ms during the reload, ${quiet.join(', ')} ms before`).toBeLessThan(Math.max(...quiet) * 4 + 2500);
	}, 120_000);

	it.skipIf(!hasThreadTimes)('loads the edit in a thread of its own, not in the one that draws the screen', async () => {
		// Told by the CPU time each thread spent (/proc), not by how long keys took: on a quiet machine a load on
		// the screen's thread held a key ~0.3 s, too close to an ordinary frame to tell apart by time alone.
		const pid = uptopPid();
		const before = cpuTimes(pid);
		appendFileSync(teamFile(2), `  - name: svc 9997\n    url: ${server.origin}/health/9997\n    timeout: slow\n`);
		await pane!.waitFor(text => /config not reloaded.*: checks\.d\/team-02\.yaml:\d+:\d+: `slow` is not a duration/.test(text), 30_000);
		const after = cpuTimes(pid);
		const startedAt = process.cpuUsage();
		expect(() => loadConfig(path.join(directory, 'checks.yaml'))).toThrow('`slow` is not a duration');
		const spent = process.cpuUsage(startedAt);
		const loadCpuMs = (spent.user + spent.system) / 1000;
		const mainMs = after.threads.get(pid)! - before.threads.get(pid)!;
		// Threads alive before and after (the screen's, the probes', V8's and libuv's helpers) and those still alive;
		// what is left is the CPU of threads that came and went while the edit was read.
		const livedMs = [...after.threads].reduce((sum, [tid, ms]) => sum + ms - (before.threads.get(tid) ?? 0), 0);
		const goneMs = after.total - before.total - livedMs;
		const figures = `a load costs ${Math.round(loadCpuMs)} ms of CPU here; during the reload the screen's thread spent ${Math.round(mainMs)} ms, threads that came and went ${Math.round(goneMs)} ms`;
		expect(goneMs, figures).toBeGreaterThan(loadCpuMs / 4);
		expect(mainMs, figures).toBeLessThan(goneMs);
	}, 60_000);
});
