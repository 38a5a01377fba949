import type {MonitorEvent} from '../monitor/types.js';
import {carriedStatePhrase} from '../text/carried-state.js';
import {redact} from '../text/redact.js';
import {asciiSigns, toAscii} from '../ui/text.js';
import {eventRowName, formatLatency, type RowIdentity} from './format.js';
import {heldForText} from '../config/held-for.js';
import {excerptLine} from './result-excerpt.js';
import {describeIgnoredVersion} from '../monitor/version-noise.js';
import type {Check, Secret} from '../config/types.js';

/**
 * The line printed for a state change when stdout is not a terminal (pipes, log files, cron):
 * timestamped, plain, no escape codes. `failing → up after 1m 34s`: how long the state it left had held, so
 * a log says how long an outage lasted, and a flapping check shows as states that last one interval.
 */
export function formatStateLine(event: Extract<MonitorEvent, {type: 'state'}>, identity: RowIdentity, latencyMs?: number, excerpt?: string): string {
	const heldFor = heldForText(event);
	return rowLine(event, identity, `${event.from} → ${event.to}${heldFor}`, latencyMs, event.reason?.message, excerpt);
}

/**
 * `<time> <row>: <what> (<latency>) — <reason> — body: <excerpt>`, with the check's secrets hidden. The excerpt
 * (result-excerpt.ts) is what came back when the state is not up: in a log read after the incident, the only
 * place left that names the cause.
 */
function rowLine(event: {readonly at: number; readonly id: string}, identity: RowIdentity, what: string, latencyMs: number | undefined, reason: string | undefined, excerpt: string | undefined): string {
	const latency = latencyMs === undefined ? '' : ` (${formatLatency(latencyMs)})`;
	const body = excerpt === undefined ? '' : ` — body: ${excerpt}`;
	const line = `${new Date(event.at).toISOString()} ${eventRowName(event.id, identity)}: ${what}${latency}${reason ? ` — ${reason}` : ''}${body}`;
	return redact(line, identity.check?.secrets ?? []);
}

/**
 * The line for a check whose first result after a restart found the state the earlier run left: no state
 * change, so no line of its own, but a log read after the restart (or `uptop | cat`) should still say where
 * every check stands.
 */
export function formatUnchangedLine(event: Extract<MonitorEvent, {type: 'result'}>, identity: RowIdentity): string {
	return rowLine(event, identity, `${event.state}, ${carriedStatePhrase(event.isRecordedByAnother, event.isReAdded)}`, event.result.latencyMs, event.result.reason?.message, excerptLine(event.state, event.result));
}

/**
 * The line for a check still in a state that is not up whose failure changed its kind (`refused` → a 200 whose
 * JSON says DOWN): no state change, so no line of its own, and the log kept the first reason as the cause
 * while the new version was answering with another.
 */
export function formatReasonLine(event: Extract<MonitorEvent, {type: 'result'}>, identity: RowIdentity): string {
	return rowLine(event, identity, `still ${event.state}, another reason`, event.result.latencyMs, event.result.reason?.message, excerptLine(event.state, event.result));
}

/**
 * `<time> marker: <label>`, and ` on <check>` for a marker of one check (`uptop mark --check`, `M`), as the
 * report lists it: without it a log reads one check's deploy as a deploy of every check. A version change's
 * label starts with its check's name already (`orders api 1.3.0 → 1.4.0`). The check is named as its other
 * lines name it (`••••` for a part from `${NAME}`), its secrets hidden.
 */
export function formatMarkerLine(event: Extract<MonitorEvent, {type: 'marker'}>, secrets: readonly Secret[] = []): string {
	const {at, label, checkName, source} = event.marker;
	const on = checkName === undefined || source === 'version' ? '' : ` on ${checkName}`;
	return redact(`${new Date(at).toISOString()} marker: ${label}${on}`, secrets);
}

/**
 * `<time> <check>: <the cap note>`: a check with `each:` whose query came back with more series than rows (the
 * probe's note, which says how many, how many have rows, and what to do), once until it is under the cap again.
 */
export function formatSeriesCapLine(event: {readonly at: number}, check: Check, note: string): string {
	return redact(`${new Date(event.at).toISOString()} ${check.name}: ${note}`, check.secrets);
}

/** `<time> <check>: version (json requestId) is no deployed version, so no more deploy markers from it: …`, once. */
export function formatVersionIgnoredLine(event: Extract<MonitorEvent, {type: 'versionIgnored'}>, check: Check): string {
	return redact(`${new Date(event.at).toISOString()} ${check.name}: ${describeIgnoredVersion(event.ignored)}`, check.secrets);
}

/** Said once the reader of stdout reads again, after lines were dropped for it (runtime/bounded-output.ts). */
export function formatDroppedLine(dropped: number, at: number): string {
	return `${new Date(at).toISOString()} uptop: ${dropped} ${dropped === 1 ? 'line' : 'lines'} dropped while stdout was not being read`;
}

/** A plain line for `--ascii`: `pending -> up (12 ms) - reason - body: a | b`, secrets `****`, no character outside ASCII. */
export function asciiLine(line: string): string {
	return toAscii(asciiSigns(line).replaceAll(' — ', ' - '));
}
