import path from 'node:path';
import process from 'node:process';
import type {Config} from '../config/types.js';
import type {MonitorHandle} from '../monitor/types.js';
import {systemClock} from '../monitor/clock.js';
import {connectHistory} from '../release/connect-history.js';
import {historyPlaceFor, NoHomeError, type HistoryPlace} from '../release/history-records.js';
import {noteOtherName, pastHistoryFile, pastMarkerFiles} from '../release/other-name-history.js';
import {describeKeyProblem, historyKeyFile} from '../release/history-key.js';
import {loadHistoryFor} from '../release/real-ids.js';
import {hiddenByKey} from '../release/hidden-by-key.js';
import {describeHistoryProblem, isLastingHistoryProblem, shortHistoryProblem, spaceShortage} from '../release/history-problem.js';
import type {HistoryGap} from '../release/history-store.js';
import {formatClock} from '../ui/format.js';
import {isBacklogged} from '../ui/terminal-backlog.js';
import {readPastHistory} from '../release/past-history.js';
import type {LoadedHistory} from '../release/history-load.js';
import {prepareReport} from '../release/prepare-report.js';
import {writeReportFile} from '../modes/report.js';
import {ReadOnlyReportError} from '../modes/read-only-report.js';
import {noFilters, selectChecks, type CheckFilters} from '../modes/select-checks.js';
import {failExit, writeStderrLine} from './process-exit.js';

/**
 * Where a history notice goes. `resolved`: the problem said before is over (the history is written again); the
 * live screen takes it off its banner, a log keeps both lines.
 */
export type HistoryNotice = (message: string, kind?: 'problem' | 'resolved') => void;

/** Where a history problem is said by default: one `uptop: …` line on stderr. */
const toStderr: HistoryNotice = message => writeStderrLine(`uptop: ${message}`);

export type HistoryFlags = {
	readonly isEnabled: boolean;
	readonly stateDir?: string;
	/** `--report FILE`: a Markdown release report written on exit. */
	readonly reportFile?: string;
	/** `--only` / `--group`: the report covers the checks being watched, not the whole file. */
	readonly filters?: CheckFilters;
};

export type AttachedHistory = {
	/** A reloaded config: its secrets are kept out of the file too, and the report covers its checks. */
	setConfig(config: Config): void;
	/** Flushes the history and writes the `--report` file; safe to call more than once. */
	close(): void;
};

/**
 * What the history file held when uptop started: the baseline from before a restart (an SSH drop), fed to
 * the engine so sparklines, p95 and the before/after comparison carry on. Undefined with `--no-history` or
 * when the file cannot be read (reported once, never fatal). `source`: pastHistoryOf's, when the caller needs it too.
 */
export function loadPastHistory(config: Config, flags: HistoryFlags, report: (message: string) => void = toStderr, source = pastHistoryOf(config, flags)): LoadedHistory | undefined {
	if (source === undefined) {
		return undefined;
	}

	const past = readPastHistory(source.file, config.checks, source.markerFiles);
	if (past.notice !== undefined) report(past.notice);
	return past.history;
}

/**
 * The config's history file (read at start, appended to while running), or undefined with `--no-history` or when
 * there is no home directory to keep it under (attachHistory says so).
 */
export function historyFileOf(config: Config, flags: HistoryFlags): string | undefined {
	return historyPlaceOf(config, flags).file;
}

/** Where the past is read from at start, and a check a reload adds is seeded from (pastHistoryOf). */
export type PastHistorySource = {
	readonly file: string;
	/** The histories of the config's other names, whose markers are taken beside the file's. */
	readonly markerFiles: readonly string[];
};

/**
 * The history file the past is read from at start: the config's own, or that of another name of it (a symlink, its
 * real path) with a later result, so a restart through the other name goes on, with the markers of every name's
 * history (other-name-history.ts).
 */
export function pastHistoryOf(config: Config, flags: HistoryFlags): PastHistorySource | undefined {
	const {place} = historyPlaceOf(config, flags);
	if (place === undefined) return undefined;
	const file = pastHistoryFile(place);
	return {file, markerFiles: pastMarkerFiles(place, file)};
}

/**
 * The history file, or why a run that wants one has none: no home directory (an empty HOME for a uid with no entry
 * in the password database). `uptop mark` and `report` stop there, as they have nothing else to do; a watch run
 * has its checks to watch, and runs on with the history disabled, as when the state directory cannot be used.
 */
function historyPlaceOf(config: Config, flags: HistoryFlags): {readonly file?: string; readonly place?: HistoryPlace; readonly problem?: string} {
	if (!flags.isEnabled) return {};
	try {
		const place = historyPlaceFor(config.file, {stateDir: flags.stateDir, env: process.env, isWatcher: true});
		return {file: place.file, place};
	} catch (error) {
		if (!(error instanceof NoHomeError)) throw error;
		return {problem: error.message};
	}
}

/**
 * Connects a running engine to the config's history file (results, state changes and markers appended;
 * markers from `uptop mark` followed) and, with `--report`, writes the release report on the way out.
 * History is best effort: a disk problem never stops the monitor, and is said as what it does (on stderr unless
 * `report` says where: the live screen shows it in its banner, as a line written to stderr would land in the
 * middle of the table): a place that cannot be used stops the history for the run ("history disabled"), a full
 * disk or a shortage of descriptors leaves a gap until a write works again, and is said once for each gap.
 */
export function attachHistory(monitor: MonitorHandle, config: Config, flags: HistoryFlags, report: HistoryNotice = toStderr): AttachedHistory {
	const {file, place, problem} = historyPlaceOf(config, flags);
	if (problem !== undefined) report(`history disabled for this run: ${problem}`);
	if (file === undefined) {
		return {setConfig() {}, close: () => problem === undefined ? undefined : noReportWithoutHistory(flags.reportFile)};
	}

	const secrets = config.checks.flatMap(check => check.secrets);
	let current = config;
	let gaps: () => readonly HistoryGap[] = () => [];
	let isStopped = (): boolean => false;
	const said = new Set<string>();
	const sayOnce = (key: string, message: string): void => {
		if (said.has(key)) return;
		said.add(key);
		report(message);
	};

	const onError = (error: Error) => {
		if (isStopped()) {
			sayOnce('disabled', `history disabled for this run: ${describeHistoryProblem(error, file)}`);
			return;
		}

		const open = gaps().at(-1);
		if (open !== undefined && open.until === undefined) {
			// Tried again at every flush: said once for the gap, not at each try.
			sayOnce(`gap ${open.from}`, `history not written since ${formatClock(open.from)} (retrying): ${describeHistoryProblem(open.error, file)}`);
			return;
		}

		// A compaction that failed: every record is in the file, which only stays longer than its bound.
		sayOnce('compaction', `history file not shortened: ${describeHistoryProblem(error, file)}`);
	};

	const onRecover = (gap: HistoryGap) => {
		report(`history written again since ${formatClock(gap.until!)}; nothing was recorded from ${formatClock(gap.from)} (${shortHistoryProblem(gap.error)})`, 'resolved');
	};

	// The writer says a place it cannot use at its first write: the follower's same problem is not said twice. Only a
	// problem of its own (the file readable by none but its writer) is, as markers from `uptop mark` go unseen then.
	// The follower makes the state directory before the writer's first write: a directory it cannot make (no
	// permission above it, /proc) is the writer's to say, as "history disabled" or a gap it retries.
	const onFollowError = (error: Error) => {
		const {code, path: refused} = error as NodeJS.ErrnoException;
		if (refused !== undefined && refused !== file) return;
		if (isLastingHistoryProblem(error) && code !== 'EACCES' && code !== 'EPERM') return;
		sayOnce('follow', `markers added by \`uptop mark\` not read: ${describeHistoryProblem(error, file)}`);
	};

	// At exit, after the screen is gone: the file holds no record of the gap, so `uptop report` made later will not say it.
	const onGapUnrecorded = (gap: HistoryGap, error: Error) => {
		writeStderrLine(`uptop: history not written from ${formatClock(gap.from)} to the exit, and that gap is not recorded in the history file either (${shortHistoryProblem(error)}): a report made from it later will not say it is incomplete`);
	};

	const keyFile = historyKeyFile(path.dirname(file));
	// Once: without the key, checks named from the environment are not kept; the rest of the history is.
	const onKeyError = (error: Error) => {
		report(`history of checks named from the environment not kept: ${describeKeyProblem(error, keyFile)}`);
	};
	const connection = connectHistory({monitor, file, secrets, checkIds: config.checks.map(check => check.id), keyFile, onKeyError, scheduler: systemClock, onError, onRecover, onGapUnrecorded, onFollowError, compactInSlices: true});
	// After the follower made the state directory: a restart by the config's real path finds this history.
	if (place !== undefined) noteOtherName(place);
	gaps = () => connection.writer.gaps;
	isStopped = () => connection.writer.isStopped;
	let isClosed = false;
	return {
		setConfig(next) {
			current = next;
			connection.writer.setSecrets(next.checks.flatMap(check => check.secrets), next.checks.map(check => check.id));
		},
		close() {
			if (isClosed) {
				return;
			}

			isClosed = true;
			connection.close();
			if (flags.reportFile === undefined) {
				return;
			}

			// What the writer could not write is not in the file the report is made from: the report says so at its top,
			// and the exit is 1, as the script that collects it must not take "100 % up" from a history with a hole.
			const lost = connection.writer.gaps.map(gap => ({from: gap.from, ...(gap.until === undefined ? {} : {until: gap.until}), reason: shortHistoryProblem(gap.error)}));
			// Made here, synchronously, in seconds from a long history: a person at the terminal, the screen gone, is
			// told what the wait is for. Not a file or pipe, where "report written to" alone is what a script reads. Nor
			// while the screen's teardown still waits for a terminal that is not reading: the wait is over by the time the
			// line could be read (runtime/restore-screen-at-exit.ts holds lines until then).
			if (process.stderr.isTTY === true && !isBacklogged(process.stdout)) writeStderrLine(`uptop: writing report to ${flags.reportFile}…`);
			try {
				const checks = selectChecks(current.checks, flags.filters ?? noFilters);
				const history = historyForReport(file, checks, connection.writer.isStopped);
				const notKept = neverKept(connection.writer, history, file);
				const input = prepareReport({configFile: path.basename(current.file), checks, history, now: Date.now(), historyGaps: notKept === undefined ? lost : []});
				if ('error' in input) {
					writeStderrLine(`uptop: no report written: ${input.error}`);
					return;
				}

				// The key's problem was said at the start (onKeyError); the report names it for each check it hides.
				const hidden = hiddenByKey(history, checks, current.checks);
				writeReportFile(flags.reportFile, {...input, ...(hidden === undefined ? {} : {unreadableKey: hidden}), ...(notKept === undefined ? {} : {historyNotKept: notKept})});
				// Written on the way out, after the screen is gone: say where, or it goes unnoticed.
				if (notKept !== undefined) {
					writeStderrLine(`uptop: report written to ${flags.reportFile}, but it holds nothing of the run: history was not kept (${notKept})`);
					failExit(1);
				} else if (lost.length === 0) {
					writeStderrLine(`uptop: report written to ${flags.reportFile}`);
				} else {
					const first = lost[0]!;
					const span = `${formatClock(first.from)}${first.until === undefined ? '' : ` to ${formatClock(first.until)}`}`;
					const more = lost.length > 1 ? ` and ${lost.length - 1} more time${lost.length > 2 ? 's' : ''}` : '';
					writeStderrLine(`uptop: report written to ${flags.reportFile}, but the history it is made from is incomplete (not written from ${span}, ${first.reason}${more})`);
					failExit(1);
				}
			} catch (error) {
				writeStderrLine(`uptop: cannot write the report to ${flags.reportFile}: ${describeReportWriteError(error as NodeJS.ErrnoException, flags.reportFile)}; ${whatHistoryIsLeft(connection.writer.isStopped, lost.length)}`);
				// The script that stopped the watcher to collect the report must not read success from the exit code.
				failExit(1);
			}
		},
	};
}

/**
 * A `--report` asked for when there was no history to make it from: said at exit, where the report was awaited, and
 * exit 1, as the script that collects it must not read success from the exit code.
 */
function noReportWithoutHistory(reportFile: string | undefined): void {
	if (reportFile === undefined) return;
	writeStderrLine(`uptop: no report written to ${reportFile}: no history to make it from (history disabled for this run, as said at the start)`);
	failExit(1);
}

/**
 * The history the `--report` is made from. A place the writer could never use (the state directory is a file) cannot
 * be read either: the report is still written, empty, and its top says the history is incomplete, where the reading
 * error would have been taken for one of writing the report.
 */
function historyForReport(file: string, checks: Config['checks'], isWriterStopped: boolean): LoadedHistory {
	try {
		return loadHistoryFor(file, checks);
	} catch (error) {
		if (!isWriterStopped) throw error;
		return {results: [], transitions: [], markers: [], versions: [], skippedLines: 0, isMissing: true};
	}
}

/** What to do about a history never kept, in the report: --no-history is no answer to one who wants a report. */
const reportSuggestion = 'point --state-dir at a directory uptop may write';

/**
 * Why the run's history was never written, when it was not (the writer stopped at its first write, and the file holds
 * nothing): a report made from it has no record of the run, which "history incomplete from 14:02" does not say.
 */
function neverKept(writer: {readonly isStopped: boolean; readonly gaps: readonly HistoryGap[]}, history: LoadedHistory, file: string): string | undefined {
	if (!writer.isStopped || history.isMissing !== true) return undefined;
	const error = writer.gaps[0]?.error;
	return error === undefined ? 'history disabled for this run' : describeHistoryProblem(error, file, reportSuggestion);
}

/**
 * What is left to make the report again from, after it could not be written at exit: the history file, unless the
 * writer never could use it (then `uptop report` would make an empty report, and promising one would mislead).
 */
function whatHistoryIsLeft(isWriterStopped: boolean, gapCount: number): string {
	if (isWriterStopped) return 'nor is there a history to make it again from (history disabled for this run)';
	const again = 'so `uptop report` with the same config and --state-dir makes it again';
	return gapCount === 0 ? `the history is kept, ${again}` : `the history is kept, with what uptop could not write missing from it, ${again}`;
}

/**
 * Why the report could not be written at exit, without the temporary file it is first written to (`r.md.tmp-4528`):
 * its directory went away during the run (checked at the start), or Node's reason.
 */
function describeReportWriteError(error: NodeJS.ErrnoException, file: string): string {
	if (error instanceof ReadOnlyReportError) return error.message;
	const directory = path.dirname(path.resolve(file));
	if (error.code === 'ENOENT') return `its directory ${directory} no longer exists`;
	if (error.code === 'EACCES' || error.code === 'EPERM') return `cannot write in ${directory} (${error.code})`;
	// `df -h` shows space on a disk out of inodes: which ran out is said, as for the history.
	if (error.code === 'ENOSPC') return `no space left in ${directory} (${spaceShortage(directory)})`;
	if (error.code === 'EDQUOT') return `disk quota exceeded in ${directory} (${error.code})`;
	if (error.code === undefined) return error.message;
	// Node's "ECODE: what, syscall 'path'": the code goes last, the system call and the temporary file's name go.
	const what = error.message.replace(/^[A-Z]+: /, '').replace(/,\s*\w*(?: '.*)?$/, '').trim();
	return what === '' ? error.code : `${what} (${error.code})`;
}
