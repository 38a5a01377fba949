import type {Snapshot} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatClock} from '../format.js';
import type {Theme} from '../theme.js';
import {clean, fit} from '../text.js';
import {rowName} from './select-rows.js';

export type EventOptions = {
	readonly width: number;
	readonly theme: Theme;
};

/** How many lines `eventLines` gives for this snapshot. */
export function eventCount(snapshot: Snapshot): number {
	return snapshot.markers.length + snapshot.rows.reduce((sum, row) => sum + row.transitions.length, 0);
}

type Entry = {readonly at: number; readonly order: number; readonly line: Segment[]};

/**
 * The events list: deploy markers and every row's state changes, newest first, each with its clock time
 * and its age measured from the snapshot (never from the wall clock).
 */
export function eventLines(snapshot: Snapshot, options: EventOptions): Segment[][] {
	const {theme, width} = options;
	const entries: Entry[] = [];
	const when = (at: number) => `${formatClock(at)} ${formatAge(at, snapshot.at).padStart(3)} ago  `;
	for (const marker of snapshot.markers) {
		const scope = marker.checkId === undefined ? '' : `, ${clean(marker.checkId)}`;
		const text = `${when(marker.at)}${theme.sparkMarker} deploy  ${clean(marker.label)} (${marker.source}${scope})`;
		// At the same instant a marker reads as older than the state changes: the deploy is the likely cause.
		entries.push({at: marker.at, order: 0, line: [{text: fit(text, width, theme.ellipsis), colour: theme.role('paused'), isBold: true}]});
	}

	for (const row of snapshot.rows) {
		for (const transition of row.transitions) {
			const style = theme.state(transition.to);
			const reason = transition.reason ? `  ${clean(transition.reason.message)}` : '';
			const text = `${when(transition.at)}${style.glyph} ${clean(rowName(row))}  ${transition.from} ${theme.arrow} ${transition.to}${reason}`;
			entries.push({at: transition.at, order: 1, line: [{text: fit(text, width, theme.ellipsis), colour: style.colour}]});
		}
	}

	entries.sort((a, b) => b.at - a.at || b.order - a.order);
	return entries.map(entry => entry.line);
}
