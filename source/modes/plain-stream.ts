import type {Check} from '../config/types.js';
import type {MonitorEvent} from '../monitor/types.js';
import type {ProbeResult} from '../probes/types.js';
import {splitRowId} from './format.js';
import {excerptLine} from './result-excerpt.js';
import {formatMarkerLine, formatReasonLine, formatSeriesCapLine, formatStateLine, formatUnchangedLine, formatVersionIgnoredLine} from './plain-lines.js';
import {createReasonTracker} from './reason-tracker.js';

/**
 * The plain lines of the headless stream (stdout a pipe or a log file), from the engine's events: state changes,
 * another reason, a restart's unchanged states, markers, a check whose series went past the cap on rows, and a
 * check whose version is judged no version.
 * It runs for weeks under a service manager, beside checks whose series come and go (pod names): what it keeps
 * is bounded by the checks and the rows not up now, never by every row it ever saw.
 */
export function createPlainStream(write: (line: string) => void, checksById: () => ReadonlyMap<string, Check>) {
	// A state change comes right after the result that made it (monitor.ts, check-entry.ts): only the latest is needed.
	let lastResult: {readonly id: string; readonly result: ProbeResult} | undefined;
	const reasons = createReasonTracker();
	/** Checks whose query came back with more series than rows, already said: once until they are under it again. */
	const overCap = new Set<string>();

	function noteSeriesCap(event: Extract<MonitorEvent, {type: 'result'}>): void {
		const identity = splitRowId(event.id, checksById());
		const {check} = identity;
		if (check === undefined) return;
		const cap = event.result.seriesCap;
		if (cap === undefined) {
			// Only a row of a query that answered (it has a value) says the check is under the cap: a failed query's
			// result reaches every row without one, and would have the line said again after each failure.
			if (event.result.value !== undefined) overCap.delete(check.id);
			return;
		}

		if (overCap.has(check.id)) return;
		overCap.add(check.id);
		write(formatSeriesCapLine(event, check, event.result.notes?.[0] ?? `${cap.returned} series came back, ${cap.shown} in rows`));
	}

	return {
		onEvent(event: MonitorEvent): void {
			if (event.type === 'result') {
				lastResult = {id: event.id, result: event.result};
				noteSeriesCap(event);
				// No state change after a restart: still one line, so the log says where the check stands.
				if (event.continues) {
					reasons.toldState(event.id, event.state, event.result.reason?.code);
					write(formatUnchangedLine(event, splitRowId(event.id, checksById())));
				} else if (reasons.isNewReason(event.id, event.state, event.result.reason?.code, event.at)) {
					reasons.toldReason(event.id, event.result.reason?.code, event.at);
					write(formatReasonLine(event, splitRowId(event.id, checksById())));
				}
			} else if (event.type === 'state') {
				reasons.toldState(event.id, event.to, event.reason?.code);
				const last = lastResult?.id === event.id ? lastResult.result : undefined;
				write(formatStateLine(event, splitRowId(event.id, checksById()), last?.latencyMs, excerptLine(event.to, last)));
			} else if (event.type === 'versionIgnored') {
				const check = checksById().get(event.id);
				if (check !== undefined) write(formatVersionIgnoredLine(event, check));
			} else {
				const {checkId} = event.marker;
				write(formatMarkerLine(event, checkId === undefined ? [] : checksById().get(checkId)?.secrets ?? []));
			}
		},
		/** Rows and checks it keeps something of (for the test that it stays bounded). */
		get kept(): number {
			return reasons.size + overCap.size + (lastResult === undefined ? 0 : 1);
		},
	};
}
