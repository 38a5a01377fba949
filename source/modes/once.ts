import {setTimeout as sleep} from 'node:timers/promises';
import type {Check} from '../config/types.js';
import type {MonitorHandle, Snapshot} from '../monitor/types.js';
import {closeProbes} from '../probes/index.js';
import {onCleanup, setReaderLeftExit, setSignalExit} from '../runtime/process-exit.js';
import {asciiSigns, displayWidth, toAscii, truncate} from '../ui/text.js';
import {plainEmoji} from '../ui/plain-emoji.js';
import {cutTelling} from '../ui/view/cut-telling.js';
import {nameRivals} from '../ui/view/name-rivals.js';
import {checkRecord} from './json-record.js';
import {fitOnceColumns} from './once-columns.js';
import {followUp} from './once-follow-up.js';
import {excerptLineCells} from './result-excerpt.js';
import {describeResult, exitCodeForStates, formatLatency, padEnd, rowName} from './format.js';
import {formatElapsed, formatWaitLimit, notUpRows} from './wait-progress.js';

export type OnceOptions = {
	readonly checks: readonly Check[];
	/** A monitor over `checks`, not started yet. */
	readonly monitor: MonitorHandle & {start(): void; flush(): Snapshot};
	readonly isJson: boolean;
	readonly write: (text: string) => void;
	/** The cap on probes in flight the monitor was given, if any: a small one makes the checks take turns. */
	readonly concurrency?: number;
	/** `--ascii`: the table only in ASCII (`·` → `.`, secrets `****`), as on the screen. Not for `--json`. */
	readonly ascii?: boolean;
	/** Width the table's rows fit in: the terminal's, when stdout is one. Default `onceTableColumns`. */
	readonly columns?: number;
	/**
	 * `--wait`, ms: run rounds until one finds every check up or this long has passed, then print the last
	 * complete round. Absent: one round.
	 */
	readonly waitMs?: number;
	/** Where `--wait` says how the wait goes, a line at a time (stderr: stdout stays --once's output). */
	readonly progress?: (line: string) => void;
	/** The progress lines only in ASCII: `--ascii`, or stderr a terminal that cannot show UTF-8 (stdout may be a file). */
	readonly progressAscii?: boolean;
};

const statusWord = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

/** How long `--wait` leaves the targets alone between rounds: a rollout takes seconds, and a gate must not hammer it. */
const roundPauseMs = 2000;

/**
 * `answered`: the rows that reported a result since the round began. A row's `last` may be an earlier round's
 * (after a recheck it stays until the new result is in), and its `startedAt` is the probe's own word on the
 * wall clock, so the round counts the engine's result events instead.
 */
function isComplete(snapshot: Snapshot, answered: ReadonlySet<string>): boolean {
	return snapshot.rows.length > 0 && snapshot.rows.every(row => row.last !== undefined && answered.has(row.id) && !row.isRunning);
}

/**
 * Resolves with the first snapshot in which every check has a final result (retries included) from after the
 * call. Checked as results come in, not at the engine's publish ticks: waiting for the next tick (250 ms) was
 * most of the time `--once` took against fast targets.
 */
function waitForAllResults(monitor: OnceOptions['monitor'], deadlineMs: number): Promise<Snapshot> {
	return new Promise(resolve => {
		let isDone = false;
		let isCheckQueued = false;
		const answered = new Set<string>();
		const finish = (snapshot: Snapshot) => {
			if (isDone) {
				return;
			}

			isDone = true;
			clearTimeout(timer);
			stopListening();
			resolve(snapshot);
		};

		// Results that arrive in one turn of the event loop are looked at together.
		const checkSoon = () => {
			if (isCheckQueued || isDone) return;
			isCheckQueued = true;
			setImmediate(() => {
				isCheckQueued = false;
				const snapshot = monitor.flush();
				if (isComplete(snapshot, answered)) finish(snapshot);
			});
		};

		// A safety net only: every probe has its own deadline, so this fires only if the engine is broken.
		const timer = setTimeout(() => finish(monitor.flush()), deadlineMs);
		const stopListening = monitor.onEvent(event => {
			if (event.type !== 'result') return;
			answered.add(event.id);
			checkSoon();
		});
		checkSoon();
	});
}

/**
 * Width a row fits in when stdout is not a terminal (a mail, a CI log): the 120 cells a plain state-change line
 * and a JSON `excerpt` keep, wider than a terminal's 80 so that a log keeps most reasons whole.
 */
export const onceTableColumns = excerptLineCells;

export function formatOnceTable(snapshot: Snapshot, options: {readonly ascii?: boolean; readonly columns?: number} = {}): string {
	// Each cell is made ASCII before it is measured, so a two-cell character that becomes one `?` keeps the columns,
	// and `≥` may become `>=`. Emoji are in the forms every terminal draws as wide as they are counted (plainEmoji),
	// as on the live screen: `⚠️` took one cell in some and two in others, and the columns after it moved.
	const text = options.ascii ? (cell: string) => toAscii(asciiSigns(plainEmoji(cell))) : plainEmoji;
	const rows = snapshot.rows;
	const counts = snapshot.counts;
	const code = exitCodeForStates(rows.map(row => row.state));
	const summary = `UPTOP ${statusWord[code]} - ${counts.failing} failing, ${counts.warn} warn, ${counts.slow} slow, ${counts.up} up`
		+ (counts.unknown > 0 ? `, ${counts.unknown} unknown` : '')
		+ (counts.pending > 0 ? `, ${counts.pending} no result` : '')
		+ ` | up=${counts.up} slow=${counts.slow} warn=${counts.warn} failing=${counts.failing} pending=${counts.pending} unknown=${counts.unknown}`;
	// A plugin's first line can run to 150 cells (check_pgsql's libpq message): the row is cut to the width, as
	// the name and group columns are, and the whole reason goes after the table.
	const columns = options.columns ?? onceTableColumns;
	const {name: nameWidth, group: groupWidth, detail: detailWidth} = fitOnceColumns(columns, {
		name: Math.min(32, Math.max(4, ...rows.map(row => displayWidth(text(rowName(row)))))),
		group: rows.some(row => row.check.group !== undefined) ? Math.min(16, Math.max(5, ...rows.map(row => displayWidth(text(row.check.group ?? ''))))) : 0,
	});
	const groupCell = (cell: string) => (groupWidth === 0 ? '' : `${padEnd(cell, groupWidth)} `);
	// A name too long gives way at its end, unless that hides what tells it from another row's (cutTelling).
	const names = nameRivals(rows.map(row => text(rowName(row))));
	// Sibling groups differ at their end (`payments-prod-us-east-1`, `…-2`): a plain end cut read the same for both.
	const groups = nameRivals(rows.flatMap(row => (row.check.group === undefined ? [] : [text(row.check.group)])));
	const lines = [summary, `${padEnd('STATE', 8)} ${padEnd('NAME', nameWidth)} ${groupCell('GROUP')}${padEnd('LATENCY', 9)} DETAIL`];
	const cut = new Set<string>();
	for (const row of rows) {
		const detail = text(describeResult(row));
		if (displayWidth(detail) > detailWidth) cut.add(row.id);
		// The cuts add their "…" after the cells were made ASCII: the whole line is made ASCII again (one cell each).
		lines.push(text(`${padEnd(row.state, 8)} ${padEnd(cutTelling(text(rowName(row)), nameWidth, '…', names, 'end'), nameWidth)} ${groupCell(row.check.group === undefined ? '-' : cutTelling(text(row.check.group), groupWidth, '…', groups, 'end'))}${padEnd(text(formatLatency(row.last?.latencyMs)), 9)} ${truncate(detail, detailWidth)}`));
	}

	return `${[...lines, ...followUp(rows, {ids: cut, columns}).map(line => text(line))].join('\n')}\n`;
}

/** One round: every check probed again (retries included); the snapshot once each has a result from it. */
async function runRound(monitor: OnceOptions['monitor'], limitMs: number): Promise<Snapshot> {
	// Listening before the probes start, so no result of this round can go unseen.
	const results = waitForAllResults(monitor, limitMs);
	monitor.send({type: 'recheck'});
	return results;
}

/**
 * `--wait`: rounds, a pause apart, until one finds every check up or `waitMs` has passed; the last complete
 * round. Every check is probed in every round: a deploy gate asks for all up in one pass, not each up at some
 * moment. A pause cut short by the end of the wait ends in one last round, started then (the rollout had every
 * moment of the wait); none starts later, and one under way then ends at its probes' own deadlines.
 */
async function runRounds(options: OnceOptions & {readonly waitMs: number}, limitMs: number, stopped: AbortSignal): Promise<Snapshot> {
	const {monitor, waitMs} = options;
	const progress = options.progress ?? (() => undefined);
	const startedMs = performance.now();
	const deadlineMs = startedMs + waitMs;
	// Rounds are these, not the schedule's: a probe the engine started during a pause would still be running
	// at the next round's recheck, which skips a running check, so that round would count a result that
	// started before it.
	monitor.send({type: 'pause'});
	progress(`uptop: waiting up to ${formatWaitLimit(waitMs)} for every check to be up`);
	let shownNotUp: string | undefined;
	// Set when a pause was cut short by the end of the wait: the round after it is the last. Not judged by the
	// clock after it: the pause's timer counts from the event loop's cached time, which under load is milliseconds
	// old, so "the deadline" could come out a few milliseconds ahead and start a round more.
	let isLastRound = false;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const snapshot = await runRound(monitor, limitMs);
		if (stopped.aborted) return snapshot;
		const elapsed = formatElapsed(performance.now() - startedMs);
		// Only the names can be outside ASCII; whether stderr takes it is judged for stderr (progressAscii), not stdout.
		const notUp = notUpRows(snapshot, {ascii: options.progressAscii});
		if (exitCodeForStates(snapshot.rows.map(row => row.state)) === 0) {
			progress(`uptop: every check up after ${elapsed}`);
			return snapshot;
		}

		const remainingMs = deadlineMs - performance.now();
		if (isLastRound || remainingMs <= 0) {
			progress(`uptop: not every check up after ${elapsed}: ${notUp.text}`);
			return snapshot;
		}

		const key = notUp.items.join('\n');
		if (key !== shownNotUp) progress(`uptop: not up yet: ${notUp.text}`);
		shownNotUp = key;
		isLastRound = remainingMs <= roundPauseMs;
		try {
			// eslint-disable-next-line no-await-in-loop
			await sleep(Math.min(roundPauseMs, remainingMs), undefined, {signal: stopped});
		} catch {
			// A signal: its handler prints why and exits; the pause must not hold that up.
			return snapshot;
		}
	}
}

/** `uptop --once`: every check once (with its retries), a plain table or NDJSON, Nagios exit code. */
export async function runOnce(options: OnceOptions): Promise<number> {
	const {checks, monitor, write} = options;
	if (checks.length === 0) {
		write(options.isJson ? '' : 'UPTOP UNKNOWN - no checks selected\n');
		return 3;
	}

	const longestMs = Math.max(...checks.map(check => check.timeoutMs * (check.retries + 1)));
	// With a cap given, the checks run in turns, each turn at most as long as the longest check.
	const turns = options.concurrency === undefined ? 1 : Math.ceil(checks.length / options.concurrency);
	// On a signal the exit handlers run this: the abort kills command checks' process groups, which would
	// otherwise outlive uptop.
	let isInterrupted = false;
	const stopped = new AbortController();
	const stopCleanup = onCleanup(async () => {
		isInterrupted = true;
		stopped.abort();
		await monitor.stop();
		await closeProbes();
	});
	monitor.start();
	const limitMs = longestMs * turns + 5000;
	const {waitMs} = options;
	const snapshot = waitMs === undefined ? await runRound(monitor, limitMs) : await runRounds({...options, waitMs}, limitMs, stopped.signal);
	await monitor.stop();
	await closeProbes();
	if (isInterrupted) {
		// The signal's handler prints why and exits: a table of aborted probes would look like a real result.
		return new Promise<never>(() => undefined);
	}

	stopCleanup();
	const code = exitCodeForStates(snapshot.rows.map(row => row.state));
	// The result is final: a signal from here on (while it is written, or in the last cleanups) ends with its
	// code, not with "stopped before every check finished" beside a complete table.
	setSignalExit(() => ({code}));
	setReaderLeftExit(code);
	if (options.isJson) {
		write(snapshot.rows.map(row => JSON.stringify(checkRecord(row))).join('\n') + '\n');
	} else {
		write(formatOnceTable(snapshot, {ascii: options.ascii, ...(options.columns === undefined ? {} : {columns: options.columns})}));
	}

	return code;
}
