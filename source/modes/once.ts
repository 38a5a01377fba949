import type {Check} from '../config/types.js';
import type {MonitorHandle, Snapshot} from '../monitor/types.js';
import {closeProbes} from '../probes/index.js';
import {onCleanup, setSignalExit} from '../runtime/process-exit.js';
import {displayWidth, toAscii} from '../ui/text.js';
import {checkRecord} from './json-record.js';
import {followUp} from './once-follow-up.js';
import {describeResult, exitCodeForStates, formatLatency, padEnd, rowName} from './format.js';

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
};

const asIs = (text: string): string => text;

const statusWord = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;

function isComplete(snapshot: Snapshot): boolean {
	return snapshot.rows.length > 0 && snapshot.rows.every(row => row.last !== undefined && !row.isRunning);
}

/**
 * Resolves with the first snapshot in which every check has a final result (retries included). Checked as
 * results come in, not at the engine's publish ticks: waiting for the next tick (250 ms) was most of the
 * time `--once` took against fast targets.
 */
function waitForAllResults(monitor: OnceOptions['monitor'], deadlineMs: number): Promise<Snapshot> {
	return new Promise(resolve => {
		let isDone = false;
		let isCheckQueued = false;
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
				if (isComplete(snapshot)) finish(snapshot);
			});
		};

		// A safety net only: every probe has its own deadline, so this fires only if the engine is broken.
		const timer = setTimeout(() => finish(monitor.flush()), deadlineMs);
		const stopListening = monitor.onEvent(event => {
			if (event.type === 'result') checkSoon();
		});
		checkSoon();
	});
}

export function formatOnceTable(snapshot: Snapshot, options: {readonly ascii?: boolean} = {}): string {
	// Each cell is made ASCII before it is measured, so a two-cell character that becomes one `?` keeps the columns.
	const text = options.ascii ? toAscii : asIs;
	const rows = snapshot.rows;
	const counts = snapshot.counts;
	const code = exitCodeForStates(rows.map(row => row.state));
	const summary = `UPTOP ${statusWord[code]} - ${counts.failing} failing, ${counts.warn} warn, ${counts.slow} slow, ${counts.up} up`
		+ (counts.unknown > 0 ? `, ${counts.unknown} unknown` : '')
		+ (counts.pending > 0 ? `, ${counts.pending} no result` : '')
		+ ` | up=${counts.up} slow=${counts.slow} warn=${counts.warn} failing=${counts.failing} pending=${counts.pending} unknown=${counts.unknown}`;
	const nameWidth = Math.min(32, Math.max(4, ...rows.map(row => displayWidth(text(rowName(row))))));
	const groupWidth = Math.min(16, Math.max(5, ...rows.map(row => displayWidth(text(row.check.group ?? '')))));
	const lines = [summary, `${padEnd('STATE', 8)} ${padEnd('NAME', nameWidth)} ${padEnd('GROUP', groupWidth)} ${padEnd('LATENCY', 9)} DETAIL`];
	for (const row of rows) {
		lines.push(`${padEnd(row.state, 8)} ${padEnd(text(rowName(row)), nameWidth)} ${padEnd(text(row.check.group ?? '-'), groupWidth)} ${padEnd(text(formatLatency(row.last?.latencyMs)), 9)} ${text(describeResult(row))}`);
	}

	return `${[...lines, ...followUp(rows).map(line => text(line))].join('\n')}\n`;
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
	const stopCleanup = onCleanup(async () => {
		isInterrupted = true;
		await monitor.stop();
		await closeProbes();
	});
	monitor.start();
	monitor.send({type: 'recheck'});
	const snapshot = await waitForAllResults(monitor, longestMs * turns + 5000);
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
	if (options.isJson) {
		write(snapshot.rows.map(row => JSON.stringify(checkRecord(row))).join('\n') + '\n');
	} else {
		write(formatOnceTable(snapshot, {ascii: options.ascii}));
	}

	return code;
}
