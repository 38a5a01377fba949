import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {runCli, startUptop} from '../helpers/run-cli.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

/*
 * The history is written in batches (a second's worth of results per write): whatever way uptop ends, the batch
 * still buffered must reach the file, or `uptop report` and the next start miss the end of the run. The check
 * counts its own runs in a file, so each test knows how many results the history must hold.
 */
let directory: string;

beforeAll(() => {
	requireBuild();
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-history-exit-'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

type Run = {readonly configFile: string; readonly stateDir: string; readonly runsFile: string};

/**
 * A directory of its own: a config whose one check appends a line to `runs.txt` each time it runs, every
 * `interval` (the stream's tests need a second result within the second its first one is held).
 */
function prepareRun(name: string, interval = '300ms'): Run {
	const runDirectory = path.join(directory, name);
	const runsFile = path.join(runDirectory, 'runs.txt');
	const configFile = path.join(runDirectory, 'checks.yaml');
	const stateDir = path.join(runDirectory, 'state');
	mkdirSync(runDirectory);
	writeFileSync(configFile, [
		`defaults: {interval: ${interval}, timeout: 300ms}`,
		'checks:',
		'  - name: counted job',
		'    kind: command',
		`    run: [sh, -c, ${JSON.stringify(`echo run >> ${shellQuote(runsFile)}`)}]`,
		'',
	].join('\n'));
	return {configFile, stateDir, runsFile};
}

/** How many times the check ran: each run is one result, but the last may have been cut off by the exit. */
function runsOf(run: Run): number {
	return existsSync(run.runsFile) ? readFileSync(run.runsFile, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** The result records in the run's history file. */
function historyResults(run: Run): Array<{at: number; state: string}> {
	const file = historyFileFor(run.configFile, {stateDir: run.stateDir});
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8').split('\n').filter(Boolean)
		.map(line => JSON.parse(line) as {t: string; at: number; state: string})
		.filter(record => record.t === 'r');
}

function presenceFiles(run: Run): string[] {
	return existsSync(run.stateDir) ? readdirSync(run.stateDir).filter(name => name.endsWith('.watching')) : [];
}

/** Every finished run of the check is in the history, and no presence file is left behind. */
function expectHistoryComplete(run: Run): void {
	const results = historyResults(run);
	const runs = runsOf(run);
	expect(runs, 'the check ran').toBeGreaterThan(0);
	expect(results.length, `${runs} runs of the check`).toBeGreaterThanOrEqual(Math.max(1, runs - 1));
	expect(presenceFiles(run)).toEqual([]);
}

/** Runs `command` in a shell until it exits (killed after 15 s): its exit code, stdout and stderr. */
async function runShell(command: string, stdout: 'pipe' | number = 'pipe'): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn('sh', ['-c', command], {stdio: ['ignore', stdout, 'pipe']});
		let out = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout: out, stderr});
		});
	});
}

const uptop = `${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)}`;

describe('the --json stream keeps its last results in the history', () => {
	it('when the reader of stdout goes away (`| head -n 1`): the line read is in the history, and uptop report has data', async () => {
		const run = prepareRun('pipe');
		const reportFile = path.join(directory, 'pipe-report.md');
		const shell = await runShell(`${uptop} --json --state-dir ${shellQuote(run.stateDir)} --report ${shellQuote(reportFile)} ${shellQuote(run.configFile)} | head -n 1`);
		expect(shell.code, shell.stderr).toBe(0);
		const read = JSON.parse(shell.stdout.split('\n')[0]!) as {type: string; finishedAt: string; state: string};
		expect(read.type).toBe('result');
		// The history records a result when it finished: the stream's `finishedAt` (its `at` is the start).
		expect(historyResults(run)).toContainEqual(expect.objectContaining({at: Date.parse(read.finishedAt), state: read.state}));
		expectHistoryComplete(run);
		// The report asked for is written on this way out too.
		expect(readFileSync(reportFile, 'utf8')).toMatch(/\| counted job \| – \| up \|/);
		const report = await runCli(['report', '--state-dir', run.stateDir, run.configFile]);
		expect(report.code, report.stderr).toBe(0);
		expect(report.stdout).toMatch(/\| counted job \| – \| up \|/);
	}, 30_000);

	it.skipIf(!existsSync('/dev/full'))('when stdout cannot be written (a full disk)', async () => {
		const run = prepareRun('full');
		const full = openSync('/dev/full', 'w');
		const shell = await runShell(`exec ${uptop} --json --state-dir ${shellQuote(run.stateDir)} ${shellQuote(run.configFile)}`, full);
		closeSync(full);
		expect(shell.code).toBe(1);
		expect(shell.stderr).toContain('no space left on device (ENOSPC)');
		expectHistoryComplete(run);
	}, 30_000);

	it.each([['SIGTERM', 0], ['SIGHUP', 0], ['SIGINT', 130]] as const)('when stopped by %s, within the second a batch is kept before it is written', async (signal, code) => {
		const run = prepareRun(`stream-${signal}`);
		const watcher = startUptop(['--json', '--state-dir', run.stateDir, run.configFile]);
		expect(await watcher.waitUntil(() => watcher.stdout().includes('"type":"result"'), 8000), watcher.stderr()).toBe(true);
		expect(await watcher.stop(signal)).toBe(code);
		const [first] = watcher.records<{type: string; finishedAt: string}>().filter(record => record.type === 'result');
		// The history records a result when it finished: the stream's `finishedAt` (its `at` is the start).
		expect(historyResults(run)).toContainEqual(expect.objectContaining({at: Date.parse(first!.finishedAt)}));
		expectHistoryComplete(run);
	}, 30_000);
});

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

describe.skipIf(isTmuxMissing)('the live screen keeps its last results in the history', () => {
	let pane: TmuxPane | undefined;

	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	/** uptop on a real terminal, its pid in `uptop.pid`; the outer shell says how it exited. */
	function startLive(run: Run, environment = ''): TmuxPane {
		const inner = `echo $$ > uptop.pid; ${environment} exec ${uptop} --state-dir ${shellQuote(run.stateDir)} ${shellQuote(run.configFile)}`;
		return TmuxPane.start(`sh -c ${shellQuote(`sh -c ${shellQuote(inner)} 2> stderr.txt; echo "EXIT=$?"; sleep 30`)}`, {cwd: path.dirname(run.configFile)});
	}

	it.each([
		['q', 0],
		['SIGTERM', 0],
		['SIGHUP', 0],
		['SIGINT', 130],
	] as const)('when it ends by %s right after its first result', async (way, code) => {
		// A second apart: the worker, told to stop as the history closes, must not start another run meanwhile.
		const run = prepareRun(`live-${way}`, '1s');
		pane = startLive(run);
		await pane.waitFor(text => /up\s+counted job/.test(text), 10_000);
		if (way === 'q') {
			pane.sendKeys('q');
		} else {
			process.kill(Number(readFileSync(path.join(path.dirname(run.configFile), 'uptop.pid'), 'utf8')), way);
		}

		expect(await pane.waitFor(text => text.includes('EXIT='), 10_000)).toContain(`EXIT=${code}`);
		expectHistoryComplete(run);
	}, 30_000);

	it('when an uncaught error ends it', async () => {
		const run = prepareRun('live-uncaught', '1s');
		pane = startLive(run, 'UPTOP_FAULT=uncaught');
		expect(await pane.waitFor(text => text.includes('EXIT='), 15_000)).toContain('EXIT=1');
		expect(readFileSync(path.join(path.dirname(run.configFile), 'stderr.txt'), 'utf8')).toContain('injected uncaught fault');
		expectHistoryComplete(run);
	}, 30_000);
});
