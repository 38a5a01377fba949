import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundle, nodeBinary, repositoryRoot} from '../lib/bundle.js';
import {atMost, type Figure, type SectionResult} from '../lib/figure.js';
import type {Options} from '../lib/options.js';
import {sleep, startChild} from '../lib/processes.js';
import {median, quantile, round} from '../lib/stats.js';
import {hasTmux, Pane, shellQuote} from '../lib/tmux.js';
import {historyFileFor} from '../../source/release/history-records.js';

type Change = 'one' | 'all' | 'steady' | 'idle';
type Case = {rows: number; change: Change};
const columns = 120;
const paneRows = 60;
const settleBetweenStartsMs = 300;
const keyRows = 200;

const describe: Record<Change, string> = {
	one: 'one row changes state each second',
	all: 'every row changes state each second',
	steady: 'every row probed each second, answers unchanged',
	idle: 'nothing probed after the first round',
};

/** The checks file for a case: `/flip/` rows change state every second, the rest answer 200 (and rest at 1 h when idle). */
function configText(port: number, {rows, change}: Case): string {
	const lines = ['defaults: {interval: 1s, timeout: 900ms}', 'checks:'];
	for (let i = 0; i < rows; i++) {
		const flips = change === 'all' || (change === 'one' && i === 0);
		lines.push(`  - name: r${String(i).padStart(3, '0')}`, `    url: http://127.0.0.1:${port}/${flips ? 'flip' : 'ok'}/${i}`);
		if (!flips && change !== 'steady') lines.push('    interval: 1h');
	}

	return `${lines.join('\n')}\n`;
}

/** Just under the history writer's cap (20 MB), so starting does not compact it first. */
const fullHistoryBytes = 19_500_000;

/**
 * A history file as a week of use leaves it: results of every row every 10 s back from now, up to
 * `bytes`, with a state change now and then. What a restart after an SSH drop reads.
 */
function writeFullHistory(file: string, rows: number, bytes: number): void {
	const lines: string[] = [];
	let size = 0;
	const now = Date.now();
	for (let step = 0; size < bytes; step++) {
		const at = now - (step * 10_000);
		for (let row = 0; row < rows && size < bytes; row++) {
			const id = `r${String(row).padStart(3, '0')}`;
			const line = step % 500 === row
				? JSON.stringify({t: 's', at, id, from: 'up', to: 'slow'})
				: JSON.stringify({t: 'r', at, id, state: 'up', latencyMs: 5 + ((step + row) % 90)});
			lines.push(line);
			size += line.length + 1;
		}
	}

	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, `${lines.reverse().join('\n')}\n`);
}

/** Distinct row names on the screen. */
function visibleRows(screen: string): number {
	return new Set(screen.match(/\br\d{3}\b/g) ?? []).size;
}

/**
 * Starts the real CLI in a fresh tmux pane, held behind a FIFO so that pipe-pane is attached before the first
 * byte and the clock starts when the FIFO releases the exec. Returns the pane, the byte file and t0.
 */
/** `UPTOP_BENCH_CLI=path/to/other/uptop.js` measures another build (e.g. before/after a fix). */
const cliFile = process.env.UPTOP_BENCH_CLI ?? path.join(repositoryRoot, 'dist', 'uptop.js');

async function launch(directory: string, name: string, configFile: string, program = `${shellQuote(cliFile)} --no-history`, prelude = ''): Promise<{pane: Pane; bytesFile: string; startedAt: number}> {
	const fifo = path.join(directory, `${name}.go`);
	execFileSync('mkfifo', [fifo]);
	const bytesFile = path.join(directory, `${name}.bytes`);
	writeFileSync(bytesFile, '');
	const command = `sh -c ${shellQuote(`cat ${shellQuote(fifo)} > /dev/null; ${prelude}exec ${shellQuote(nodeBinary)} ${program} ${shellQuote(configFile)}`)}`;
	const pane = Pane.start(command, {columns, rows: paneRows, cwd: directory, env: {XDG_STATE_HOME: directory, HOME: directory}});
	pane.pipeTo(bytesFile);
	await sleep(100);
	const startedAt = performance.now();
	const fd = openSync(fifo, 'w');
	writeSync(fd, 'go\n');
	closeSync(fd);
	return {pane, bytesFile, startedAt};
}

/** Waits until no row is pending (the header's "N pending" reads 0), so a case measures steady state. */
async function waitForSettled(pane: Pane, timeoutMs = 20_000): Promise<boolean> {
	const deadline = performance.now() + timeoutMs;
	while (performance.now() < deadline) {
		const pending = /(\d+) pending/.exec(pane.capture());
		if (pending && pending[1] === '0') return true;
		await sleep(100);
	}

	return false;
}

/**
 * Spawn → first complete table, read from the bytes the program wrote (pipe-pane's copy), polled in this
 * process: the moment the terminal has received every row name. Polling the screen with `tmux capture-pane`
 * instead starts a tmux client every few ms, and on two cores those processes competed with the start-up
 * being measured (median 327 vs 283 ms for the same build, 7 runs each). The screen is checked once
 * afterwards, untimed, so a table that arrived but was not drawn still fails.
 */
async function waitForTableBytes(bytesFile: string, pane: Pane, expectedRows: number, timeoutMs = 15_000): Promise<number> {
	const wanted = new Set(Array.from({length: expectedRows}, (_, index) => `r${String(index).padStart(3, '0')}`));
	const deadline = performance.now() + timeoutMs;
	while (performance.now() < deadline) {
		const bytes = readFileSync(bytesFile, 'latin1');
		const seen = new Set((bytes.match(/r\d{3}/g) ?? []).filter(name => wanted.has(name)));
		if (seen.size >= wanted.size) {
			const arrivedAt = performance.now();
			await waitForTable(pane, expectedRows, 2000);
			return arrivedAt;
		}

		await sleep(2);
	}

	throw new Error(`no complete table in the output within ${timeoutMs} ms (want ${expectedRows} rows); screen:\n${pane.capture().slice(0, 800)}`);
}

/** The moment the program's output (pipe-pane's copy) first matches `pattern`: the header saying "0 pending". */
async function waitForBytes(bytesFile: string, pattern: RegExp, timeoutMs = 15_000): Promise<number> {
	const deadline = performance.now() + timeoutMs;
	while (performance.now() < deadline) {
		if (pattern.test(readFileSync(bytesFile, 'latin1'))) return performance.now();
		await sleep(2);
	}

	throw new Error(`the output did not show ${pattern} within ${timeoutMs} ms`);
}

async function waitForTable(pane: Pane, expectedRows: number, timeoutMs = 15_000): Promise<number> {
	const deadline = performance.now() + timeoutMs;
	let screen = '';
	while (performance.now() < deadline) {
		screen = pane.capture();
		if (visibleRows(screen) >= expectedRows) return performance.now();
		if (pane.isDead()) break;
		await sleep(5);
	}

	throw new Error(`no complete table within ${timeoutMs} ms (want ${expectedRows} rows); screen:\n${screen.slice(0, 800)}`);
}

/** Help overlay text: the frame that answers `?` has arrived once the output holds it. */
const helpText = 'cycle sort';

/**
 * Key press → the first bytes of the frame that answers it, in ms, once per press: `?` opens the help overlay,
 * escape closes it again between presses. Timed from tmux's send-keys returning (the key is in the terminal
 * by then) to the overlay's text in the program's output (pipe-pane's copy, polled every ms).
 */
async function keyToFrame(pane: Pane, bytesFile: string, presses: number): Promise<number[]> {
	const delays: number[] = [];
	for (let press = 0; press < presses; press++) {
		const offset = statSync(bytesFile).size;
		pane.sendKeys('?');
		const sentAt = performance.now();
		const deadline = sentAt + 10_000;
		for (;;) {
			const fresh = readFileSync(bytesFile, 'latin1').slice(offset);
			if (fresh.includes(helpText)) {
				delays.push(performance.now() - sentAt);
				break;
			}

			if (performance.now() > deadline) throw new Error(`no help overlay 10 s after \`?\`; screen:\n${pane.capture().slice(0, 800)}`);
			await sleep(1);
		}

		pane.sendKeys('Escape');
		// Uneven gaps, so presses do not fall at one phase of the once-a-second table updates.
		await sleep(600 + (((press * 7919) % 11) * 60));
	}

	return delays;
}

/** Words typed into the filter: no character twice in a word, so each one's echo can be told apart. */
const typedWords = ['r19', 'r02', 'r15', 'r17'];
const typingGapMs = 60;

/** The prompt's echo of `character` as the cursor's neighbour, styles between them allowed ("9_ " after "/r1"). */
function echoPattern(character: string): RegExp {
	return new RegExp(`${character}(?:\u001B\\[[\\d;]*m)*_ `);
}

/**
 * Typed character → its echo in the filter prompt, in ms: `/`, then a word typed a key every 60 ms (a fast
 * typist), each key timed from send-keys returning to the output showing it beside the cursor; a frame that
 * echoes a later character echoes the ones before it too. Escape twice clears the filter between words.
 */
async function typingEcho(pane: Pane, bytesFile: string, words: number): Promise<number[]> {
	const delays: number[] = [];
	for (let round = 0; round < words; round++) {
		const word = typedWords[round % typedWords.length]!;
		pane.sendKeys('/');
		await sleep(300);
		const typed: Array<{offset: number; sentAt: number; seenAt?: number; pattern: RegExp}> = [];
		const poll = (): void => {
			const bytes = readFileSync(bytesFile, 'latin1');
			for (let index = typed.length - 1; index >= 0; index--) {
				const key = typed[index]!;
				if (key.seenAt !== undefined) break;
				if (key.pattern.test(bytes.slice(key.offset))) {
					const now = performance.now();
					for (const earlier of typed.slice(0, index + 1)) earlier.seenAt ??= now;
					break;
				}
			}
		};

		for (const character of word) {
			const offset = statSync(bytesFile).size;
			pane.sendKeys('-l', character);
			typed.push({offset, sentAt: performance.now(), pattern: echoPattern(character)});
			const next = performance.now() + typingGapMs;
			while (performance.now() < next) {
				poll();
				await sleep(1);
			}
		}

		const deadline = performance.now() + 10_000;
		while (typed.some(key => key.seenAt === undefined)) {
			if (performance.now() > deadline) throw new Error(`no echo of "${word}" in the filter 10 s after typing it; screen:\n${pane.capture().slice(-800)}`);
			poll();
			await sleep(1);
		}

		delays.push(...typed.map(key => key.seenAt! - key.sentAt));
		pane.sendKeys('Escape');
		await sleep(150);
		pane.sendKeys('Escape');
		await sleep(600 + (((round * 7919) % 11) * 60));
	}

	return delays;
}

/**
 * Shell text that starts `count` busy loops in the shell that execs uptop, so they share its session and so
 * its scheduling group (autogroup): the case where uptop's lowered render thread competes with them. Their
 * process ids go to `pidFile`, to be ended afterwards.
 */
function busyLoops(count: number, pidFile: string): string {
	return Array.from({length: count}, () => `yes > /dev/null & echo $! >> ${shellQuote(pidFile)}; `).join('');
}

function endBusyLoops(pidFile: string): void {
	if (!existsSync(pidFile)) return;
	for (const pid of readFileSync(pidFile, 'utf8').split('\n').filter(Boolean)) {
		try {
			process.kill(Number(pid), 'SIGKILL');
		} catch {
			// Already gone with the pane.
		}
	}
}

export async function runScreen(options: Options, log: (line: string) => void): Promise<SectionResult> {
	if (!hasTmux()) return {figures: [], skipped: ['tmux not installed']};
	if (!existsSync(cliFile)) return {figures: [], skipped: [`${path.relative(repositoryRoot, cliFile)} missing (the build failed?)`]};
	const windowMs = options.quick ? 3000 : 8000;
	const settleMs = options.quick ? 1500 : 2000;
	const firstFrameRuns = options.quick ? 2 : 5;
	const keyPresses = options.quick ? 5 : 30;
	const typingWords = options.quick ? 3 : 10;
	const cases: Case[] = options.quick
		? [{rows: 50, change: 'one'}, {rows: 50, change: 'all'}, {rows: 50, change: 'idle'}, {rows: 500, change: 'one'}]
		: [{rows: 50, change: 'one'}, {rows: 50, change: 'all'}, {rows: 50, change: 'steady'}, {rows: 50, change: 'idle'}, {rows: 500, change: 'one'}, {rows: 500, change: 'all'}, {rows: 500, change: 'idle'}];
	const server = startChild(await bundle('children/bench-server.ts'));
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-bench-screen-'));
	const figures: Figure[] = [];
	const details: Record<string, unknown> = {columns, paneRows, windowMs, cli: path.relative(repositoryRoot, cliFile)};
	try {
		const {port} = await server.next<{port: number}>('listening');
		// Spawn → first complete table, 50 rows (all fit in the 60-line pane).
		const firstFrames: number[] = [];
		const firstConfig = path.join(directory, 'first.yaml');
		writeFileSync(firstConfig, configText(port, {rows: 50, change: 'idle'}));
		const allStates: number[] = [];
		for (let run = 0; run < firstFrameRuns; run++) {
			log(`screen: first frame, run ${run + 1}/${firstFrameRuns}`);
			const {pane, bytesFile, startedAt} = await launch(directory, `first-${run}`, firstConfig);
			try {
				firstFrames.push((await waitForTableBytes(bytesFile, pane, 50)) - startedAt);
				allStates.push((await waitForBytes(bytesFile, /(?<!\d)0 pending/)) - startedAt);
			} finally {
				pane.kill();
			}

			// The killed instance and its terminal server wind down for a moment; the next start should not share
			// the two cores with that.
			await sleep(settleBetweenStartsMs);
		}

		// The same, as a user who kept the history starts it: the file full (a week of results, ~20 MB).
		const historyFile = historyFileFor(firstConfig, {env: {XDG_STATE_HOME: directory}});
		const historyFrames: number[] = [];
		writeFullHistory(historyFile, 50, fullHistoryBytes);
		// Written once and flushed to disk first: the kernel writing 20 MB back meanwhile slowed the first start.
		execFileSync('sync');
		for (let run = 0; run < firstFrameRuns; run++) {
			log(`screen: first frame with a full history file, run ${run + 1}/${firstFrameRuns}`);
			const {pane, bytesFile, startedAt} = await launch(directory, `history-${run}`, firstConfig, shellQuote(cliFile));
			try {
				historyFrames.push((await waitForTableBytes(bytesFile, pane, 50)) - startedAt);
			} finally {
				pane.kill();
			}

			// Killed right after its first frame, the instance's worker is still reading the file (~0.5 s of a
			// core, it cannot take the stop meanwhile): the next start must not share the cores with it.
			await sleep(settleBetweenStartsMs + 1200);
		}

		rmSync(historyFile, {force: true});

		// Reference: a bare node script printing the same 50 names, launched the same way (the floor for this machine now).
		const printer = path.join(directory, 'print-rows.mjs');
		writeFileSync(printer, "import {readFileSync} from 'node:fs';\nprocess.stdout.write(readFileSync(process.argv[2], 'utf8').match(/r\\d{3}/g).join('\\n'));\nsetTimeout(() => {}, 60000);\n");
		const bareFrames: number[] = [];
		for (let run = 0; run < firstFrameRuns; run++) {
			const {pane, bytesFile, startedAt} = await launch(directory, `bare-${run}`, firstConfig, shellQuote(printer));
			try {
				bareFrames.push((await waitForTableBytes(bytesFile, pane, 50)) - startedAt);
			} finally {
				pane.kill();
			}

			await sleep(settleBetweenStartsMs);
		}

		// Where start-up goes: loading and evaluating the bundle alone (`--version` exits right after meow).
		const exitMs = (args: string[]): number => {
			const began = performance.now();
			execFileSync(nodeBinary, args, {stdio: 'ignore', timeout: 30_000});
			return performance.now() - began;
		};

		const versionExits: number[] = [];
		const bareExits: number[] = [];
		for (let run = 0; run < firstFrameRuns; run++) {
			versionExits.push(exitMs([cliFile, '--version']));
			bareExits.push(exitMs(['-e', '0']));
		}

		details.versionExitMsMedian = round(median(versionExits), 1);
		details.bareNodeExitMsMedian = round(median(bareExits), 1);
		const firstMs = median(firstFrames);
		figures.push({key: 'screenFirstFrameMs', label: 'spawn → first complete table (50 rows)', value: round(firstMs, 0), unit: 'ms', goal: '≤ 300 ms', meetsGoal: atMost(firstMs, 300), references: [{label: 'bare node', value: round(median(bareFrames), 0)}]});
		const allStatesMs = median(allStates);
		figures.push({key: 'screenAllStatesMs', label: 'spawn → every row has a state (50 rows, loopback)', value: round(allStatesMs, 0), unit: 'ms', references: [{label: 'first frame', value: round(firstMs, 0)}]});
		details.allStatesMs = allStates.map(value => round(value, 1));
		const historyMs = median(historyFrames);
		figures.push({key: 'screenFirstFrameFullHistoryMs', label: 'spawn → first complete table, full history file (20 MB)', value: round(historyMs, 0), unit: 'ms', goal: '≤ 300 ms', meetsGoal: atMost(historyMs, 300), references: [{label: 'no history', value: round(firstMs, 0)}]});
		details.firstFramesMs = firstFrames.map(value => round(value, 1));
		details.fullHistoryFramesMs = historyFrames.map(value => round(value, 1));
		details.bareNodeFramesMs = bareFrames.map(value => round(value, 1));
		for (const item of cases) {
			log(`screen: ${item.rows} rows, ${describe[item.change]}, ${windowMs / 1000} s`);
			const configFile = path.join(directory, `${item.rows}-${item.change}.yaml`);
			writeFileSync(configFile, configText(port, item));
			const {pane, bytesFile} = await launch(directory, `${item.rows}-${item.change}`, configFile);
			try {
				await waitForTable(pane, Math.min(item.rows, 40));
				const isSettled = await waitForSettled(pane);
				if (!isSettled) log(`screen: ${item.rows} rows still had pending rows after 20 s; measuring anyway`);
				await sleep(settleMs);
				const before = statSync(bytesFile).size;
				const began = performance.now();
				await sleep(windowMs);
				const bytesPerSecond = (statSync(bytesFile).size - before) / ((performance.now() - began) / 1000);
				const isGoal = item.rows === 50 && (item.change === 'one' || item.change === 'idle');
				const goal = item.change === 'one' ? '≤ 2 KB/s' : '~0 B/s';
				const limit = item.change === 'one' ? 2048 : 50;
				figures.push({
					key: `screen${item.rows}Rows${item.change[0]!.toUpperCase()}${item.change.slice(1)}BytesPerSecond`,
					label: `${item.rows} rows, ${describe[item.change]}`,
					value: round(bytesPerSecond, 0),
					unit: 'B/s',
					...(isGoal ? {goal, meetsGoal: atMost(bytesPerSecond, limit)} : {}),
				});
				if (pane.isDead()) throw new Error(`uptop exited during the ${item.rows}-row case; screen:\n${pane.capture()}`);
			} finally {
				pane.kill();
			}
		}

		// Key → frame, while 200 rows change each second: alone, then beside two busy loops in uptop's own session.
		const keyConfig = path.join(directory, 'keys.yaml');
		writeFileSync(keyConfig, configText(port, {rows: keyRows, change: 'all'}));
		const keyDelays: Record<'quiet' | 'busy', number[]> = {quiet: [], busy: []};
		let typed: number[] = [];
		for (const load of ['quiet', 'busy'] as const) {
			log(`screen: key → frame, ${keyRows} rows changing each second${load === 'busy' ? ', two busy loops in uptop\'s session' : ''}, ${keyPresses} presses`);
			const pidFile = path.join(directory, `keys-${load}.pids`);
			const {pane, bytesFile} = await launch(directory, `keys-${load}`, keyConfig, undefined, load === 'busy' ? busyLoops(2, pidFile) : '');
			try {
				await waitForTable(pane, 40);
				await waitForSettled(pane);
				await sleep(settleMs);
				keyDelays[load] = await keyToFrame(pane, bytesFile, keyPresses);
				if (load === 'quiet') {
					log(`screen: typed character → echo, a key every ${typingGapMs} ms, ${typingWords} words`);
					typed = await typingEcho(pane, bytesFile, typingWords);
				}
			} finally {
				pane.kill();
				endBusyLoops(pidFile);
			}
		}

		details.keyToFrameMs = {quiet: keyDelays.quiet.map(value => round(value, 1)), busy: keyDelays.busy.map(value => round(value, 1))};
		details.typingEchoMs = typed.map(value => round(value, 1));
		const quietMedian = median(keyDelays.quiet);
		const quietP90 = quantile(keyDelays.quiet, 0.9);
		figures.push(
			{key: 'screenKeyToFrameMs', label: `key → its frame, ${keyRows} rows changing, median`, value: round(quietMedian, 1), unit: 'ms'},
			{key: 'screenKeyToFrameP90Ms', label: `key → its frame, ${keyRows} rows changing, p90`, value: round(quietP90, 1), unit: 'ms'},
			{key: 'screenKeyToFrameBusyMs', label: 'key → its frame, two busy loops in the same session, median', value: round(median(keyDelays.busy), 1), unit: 'ms', references: [{label: 'no busy loops', value: round(quietMedian, 1)}]},
			{key: 'screenKeyToFrameBusyP90Ms', label: 'key → its frame, two busy loops in the same session, p90', value: round(quantile(keyDelays.busy, 0.9), 1), unit: 'ms', references: [{label: 'no busy loops', value: round(quietP90, 1)}]},
			{key: 'screenTypingEchoMs', label: `typed character → its echo in the filter, a key every ${typingGapMs} ms, median`, value: round(median(typed), 1), unit: 'ms'},
			{key: 'screenTypingEchoP90Ms', label: `typed character → its echo in the filter, a key every ${typingGapMs} ms, p90`, value: round(quantile(typed, 0.9), 1), unit: 'ms'},
		);
	} finally {
		await server.stop();
		rmSync(directory, {recursive: true, force: true});
	}

	return {figures, details};
}
