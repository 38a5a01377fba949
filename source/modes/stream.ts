import type {Check, Config} from '../config/types.js';
import type {MonitorEvent} from '../monitor/types.js';
import {createMonitor} from '../monitor/monitor.js';
import {closeProbes, probeCheck} from '../probes/index.js';
import {onCleanup} from '../runtime/process-exit.js';
import {eventRecord} from './json-record.js';
import {formatMarkerLine, formatStateLine} from './plain-lines.js';
import {attachHistory, loadPastHistory, type HistoryFlags} from '../runtime/attach-history.js';

export type StreamOptions = {
	readonly config: Config;
	readonly checks: readonly Check[];
	readonly isJson: boolean;
	readonly write: (text: string) => void;
	readonly history: HistoryFlags;
	/** `--concurrency`: overrides the file's `concurrency:`. */
	readonly concurrency?: number;
};

/**
 * Headless and continuous: `--json` streams every result, state change and marker as NDJSON; without it
 * (stdout is a pipe or a log file) only timestamped state-change lines are printed, with no escape codes.
 * Runs until a signal ends the process.
 */
export async function runStream(options: StreamOptions): Promise<number> {
	const {checks, isJson, write} = options;
	const checksById = new Map(checks.map(check => [check.id, check] as const));
	const past = loadPastHistory(options.config, options.history);
	const monitor = createMonitor({checks, probe: probeCheck, concurrency: options.concurrency ?? options.config.concurrency, initialMarkers: past?.markers, initialHistory: past?.results, initialTransitions: past?.transitions});
	const lastLatency = new Map<string, number>();
	monitor.onEvent((event: MonitorEvent) => {
		if (isJson) {
			const record = eventRecord(event, checksById);
			if (record !== undefined) {
				write(`${JSON.stringify(record)}\n`);
			}

			return;
		}

		if (event.type === 'result') {
			lastLatency.set(event.id, event.result.latencyMs);
		} else if (event.type === 'state') {
			const check = checksById.get(event.id) ?? checksById.get(event.id.split('/')[0] ?? '');
			write(`${formatStateLine(event, check, lastLatency.get(event.id))}\n`);
		} else {
			write(`${formatMarkerLine(event)}\n`);
		}
	});
	const history = attachHistory(monitor, options.config, options.history);
	onCleanup(async () => {
		await monitor.stop();
		history.close();
		await closeProbes();
	});
	monitor.start();
	await new Promise<never>(() => {
		// Runs until SIGINT / SIGTERM / SIGHUP; process-exit.ts stops the monitor on the way out.
	});
	return 0;
}
