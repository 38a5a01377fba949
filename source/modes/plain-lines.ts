import type {MonitorEvent} from '../monitor/types.js';
import {redact} from '../probes/redact.js';
import {eventRowName, formatLatency, type RowIdentity} from './format.js';

/**
 * The line printed for a state change when stdout is not a terminal (pipes, log files, cron):
 * timestamped, plain, no escape codes.
 */
export function formatStateLine(event: Extract<MonitorEvent, {type: 'state'}>, identity: RowIdentity, latencyMs?: number): string {
	const reason = event.reason ? ` — ${event.reason.message}` : '';
	const latency = latencyMs === undefined ? '' : ` (${formatLatency(latencyMs)})`;
	const line = `${new Date(event.at).toISOString()} ${eventRowName(event.id, identity)}: ${event.from} → ${event.to}${latency}${reason}`;
	return redact(line, identity.check?.secrets ?? []);
}

export function formatMarkerLine(event: Extract<MonitorEvent, {type: 'marker'}>): string {
	return `${new Date(event.marker.at).toISOString()} marker: ${event.marker.label}`;
}

/** Said once the reader of stdout reads again, after lines were dropped for it (runtime/bounded-output.ts). */
export function formatDroppedLine(dropped: number, at: number): string {
	return `${new Date(at).toISOString()} uptop: ${dropped} ${dropped === 1 ? 'line' : 'lines'} dropped while stdout was not being read`;
}
