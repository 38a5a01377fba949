import {formatDuration} from '../config/duration.js';
import {listFirst} from '../config/list-first.js';
import type {Snapshot, State} from '../monitor/types.js';
import {formatHeldFor} from '../config/held-for.js';
import {clean, toAscii} from '../ui/text.js';
import {rowName} from './format.js';

/** Checks named before the rest are counted: a progress line on stderr, not the table. */
const namesShown = 3;

/** Worst first, so a line cut short by `and N more` still names what blocks the gate most. */
const notUpOrder: readonly State[] = ['failing', 'unknown', 'pending', 'warn', 'slow'];

/**
 * The rows of `snapshot` that are not up, worst first, each as `billing api (failing)`, and the line that
 * names them: `a (failing), b (slow) and 2 more`. Names are the snapshot's display copies (`••••` for a part
 * from `${NAME}`); a series label came from a target, so each is cleaned of control characters.
 */
export function notUpRows(snapshot: Snapshot, options: {readonly ascii?: boolean} = {}): {readonly items: readonly string[]; readonly text: string} {
	const items: string[] = [];
	for (const state of notUpOrder) {
		for (const row of snapshot.rows) {
			if (row.state !== state) continue;
			const item = `${clean(rowName(row))} (${state})`;
			items.push(options.ascii ? toAscii(item) : item);
		}
	}

	return {items, text: listFirst(items, namesShown)};
}

/** From a minute on, durations read as the plain lines and the screen write them: `1m 30s`, not `90s`. */
const minuteMs = 60_000;

/** How long the wait took, as precise as a person reads it: `400ms`, `3.1s`, `34s`, `1m 34s`, `2m`. */
export function formatElapsed(ms: number): string {
	const stepMs = ms < 10_000 ? 100 : 1000;
	// Rounded, then written as the limit is, so `not every check up after 1m 30s` reads as `waiting up to 1m 30s`.
	return formatWaitLimit(Math.max(stepMs, Math.round(ms / stepMs) * stepMs));
}

/** The `--wait` limit as given under a minute (`2.5s`, `500ms`), else as uptop writes durations (`1m 30s`). */
export function formatWaitLimit(ms: number): string {
	return ms < minuteMs ? formatDuration(ms) : formatHeldFor(ms);
}
