import type {Check, Config} from '../config/types.js';
import {formatConfigError} from '../config/format-config-error.js';
import type {MonitorEvent} from '../monitor/types.js';
import {createMonitor} from '../monitor/monitor.js';
import {closeProbes, probeCheck} from '../probes/index.js';
import {watchConfig} from '../runtime/config-watcher.js';
import {onCleanup, writeStderrLine} from '../runtime/process-exit.js';
import {applyConfig, type ReloadSettings} from './apply-config.js';
import {createBoundedWriter, maxBacklogFromEnv} from '../runtime/bounded-output.js';
import {droppedRecord, eventRecord} from './json-record.js';
import {asciiLine, formatDroppedLine} from './plain-lines.js';
import {createPlainStream} from './plain-stream.js';
import {forRunningInstance} from './reload-hints.js';
import {attachHistory, loadPastHistory, pastHistoryOf, type HistoryFlags} from '../runtime/attach-history.js';
import {readPastHistoryFor} from '../release/past-history.js';

export type StreamOptions = ReloadSettings & {
	readonly config: Config;
	readonly checks: readonly Check[];
	readonly isJson: boolean;
	readonly write: (text: string) => void;
	readonly history: HistoryFlags;
	/** `--ascii`: plain lines only in ASCII. The NDJSON is UTF-8 whatever it says. */
	readonly ascii?: boolean;
};

/** stdout for the stream, bounded for a reader that stops reading; the count of dropped lines in the stream's own format. */
export function streamStdout(isJson: boolean): (text: string) => void {
	const notice = (dropped: number): string => `${isJson ? JSON.stringify(droppedRecord(dropped, Date.now())) : formatDroppedLine(dropped, Date.now())}\n`;
	return createBoundedWriter(process.stdout, notice, maxBacklogFromEnv(process.env.UPTOP_MAX_STDOUT_BACKLOG));
}

/**
 * Headless and continuous: `--json` streams every result, state change and marker as NDJSON; without it
 * (stdout is a pipe or a log file) only timestamped state-change lines are printed, with no escape codes.
 * Runs until a signal ends the process.
 */
export async function runStream(options: StreamOptions): Promise<number> {
	const {isJson} = options;
	const write = options.ascii && !isJson ? (text: string) => options.write(asciiLine(text)) : options.write;
	let checksById = new Map(options.checks.map(check => [check.id, check] as const));
	// Another name's history when its results are the later ones: this run's own file has none of a check it never watched.
	const pastSource = pastHistoryOf(options.config, options.history);
	const past = loadPastHistory(options.config, options.history, undefined, pastSource);
	const pastFile = pastSource?.file;
	const monitor = createMonitor({checks: options.checks, probe: probeCheck, concurrency: options.concurrency ?? options.config.concurrency, initialMarkers: past?.markers, initialHistory: past?.results, initialTransitions: past?.transitions, initialCheckWatch: past?.checkWatch, initialVersions: past?.versions, isHistoryRecordedByAnother: past?.isRecordedByAnother === true,
		// Checks a reload adds: a problem with the file was said at the start, or is said by the history writer.
		loadHistory: async checks => (pastFile === undefined ? undefined : readPastHistoryFor(pastFile, checks))});
	const plain = createPlainStream(line => write(`${line}\n`), () => checksById);
	monitor.onEvent((event: MonitorEvent) => {
		if (isJson) {
			const record = eventRecord(event, checksById);
			if (record !== undefined) {
				write(`${JSON.stringify(record)}\n`);
			}

			return;
		}

		plain.onEvent(event);
	});
	const history = attachHistory(monitor, options.config, options.history);
	onCleanup(async () => {
		await monitor.stop();
		await closeProbes();
	});
	// A cleanup of its own, registered after the engine's so that it runs first (last in, first out) and whole
	// before any await: a reader gone from stdout (`| head -n 1`) exits without waiting for the engine to stop, and
	// the batch not yet written (up to a second of results), the `--report` and the presence file would go with it.
	onCleanup(() => history.close());
	monitor.start();
	// Saving the file applies it here too (a log kept by a service manager runs for weeks); what happened goes to
	// stderr, so that stdout keeps its one format.
	const watcher = watchConfig(options.config.file, {
		onConfig(config) {
			const {checks, summary, notice} = applyConfig(config, [...checksById.values()], monitor, history, options);
			checksById = new Map(checks.map(check => [check.id, check] as const));
			writeStderrLine(`uptop: ${summary}${notice === undefined ? '' : `; ${notice}`}`);
		},
		onError(error) {
			writeStderrLine(`uptop: config not reloaded, still running the last good one:\n${formatConfigError(forRunningInstance(error), {color: false})}`);
		},
	}, {initial: options.config});
	onCleanup(() => watcher.close());
	await new Promise<never>(() => {
		// Runs until SIGINT / SIGTERM / SIGHUP; process-exit.ts stops the monitor on the way out.
	});
	return 0;
}
