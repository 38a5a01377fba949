import type {Snapshot} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatClock} from '../format.js';
import type {Theme} from '../theme.js';
import {clean, displayWidth, fit, truncate, truncateMiddle} from '../text.js';
import {rowName} from './select-rows.js';

export type EventOptions = {
	readonly width: number;
	readonly theme: Theme;
};

/** How many lines `eventLines` gives for this snapshot. */
export function eventCount(snapshot: Snapshot): number {
	return snapshot.markers.length + snapshot.rows.reduce((sum, row) => sum + row.transitions.length + (isCut(row) ? 1 : 0), 0);
}

type Entry = {readonly at: number; readonly order: number; readonly line: Segment[]};

/** The row changed state more often than its bounded list keeps: its older changes are missing here. */
const isCut = (row: Snapshot['rows'][number]): boolean => row.transitionsCut === true && row.transitions.length > 0;

/**
 * The events list: deploy markers and every row's state changes, newest first, each with its clock time
 * and its age measured from the snapshot (never from the wall clock).
 */
export function eventLines(snapshot: Snapshot, options: EventOptions): Segment[][] {
	const {theme, width} = options;
	const entries: Entry[] = [];
	const when = (at: number) => `${formatClock(at)} ${formatAge(at, snapshot.at).padStart(3)} ago  `;
	for (const marker of snapshot.markers) {
		const head = `${when(marker.at)}${theme.sparkMarker} deploy  `;
		// The name the marker was made with (`••••` for a part from `${NAME}`), never its checkId: that holds the
		// secret, and the check may have no row any more (a reload removed it).
		const checkName = marker.checkName === undefined ? undefined : clean(marker.checkName);
		const whole = clean(marker.label);
		let label: string;
		let tail: string;
		if (checkName !== undefined && marker.source === 'version' && whole.startsWith(`${checkName} `)) {
			// "payments api 1.5.0 → 1.5.1": the label names its check already, so the scope does not repeat it, and
			// in a narrow pane the name gives way in its middle before the versions do.
			tail = ` (${marker.source})`;
			const room = Math.max(8, width - displayWidth(head) - displayWidth(tail));
			const versions = whole.slice(checkName.length + 1);
			const nameRoom = room - displayWidth(versions) - 1;
			label = nameRoom >= 5 ? `${truncateMiddle(checkName, nameRoom, theme.ellipsis)} ${versions}` : truncate(whole, room, theme.ellipsis);
		} else {
			// What the marker is for stays on screen: the label gives way first, then a long check name in its middle.
			const scope = checkName === undefined ? '' : `, ${truncateMiddle(checkName, Math.max(12, Math.floor(width / 3)), theme.ellipsis)}`;
			tail = ` (${marker.source}${scope})`;
			label = truncate(whole, Math.max(8, width - displayWidth(head) - displayWidth(tail)), theme.ellipsis);
		}

		const text = `${head}${label}${tail}`;
		// At the same instant a marker reads as older than the state changes: the deploy is the likely cause.
		entries.push({at: marker.at, order: 0, line: [{text: fit(text, width, theme.ellipsis), colour: theme.role('paused'), isBold: true}]});
	}

	for (const row of snapshot.rows) {
		for (const transition of row.transitions) {
			const style = theme.state(transition.to);
			const reason = transition.reason ? `  ${clean(transition.reason.message)}` : '';
			// The check and what it changed to come first: a long name gives way in its middle, the reason last.
			const head = `${when(transition.at)}${style.glyph} `;
			const change = `  ${transition.from} ${theme.arrow} ${transition.to}`;
			const name = truncateMiddle(clean(rowName(row)), Math.max(8, width - displayWidth(head) - displayWidth(change)), theme.ellipsis);
			const text = `${head}${name}${change}${reason}`;
			entries.push({at: transition.at, order: 1, line: [{text: fit(text, width, theme.ellipsis), colour: style.colour}]});
		}

		if (isCut(row)) {
			// Below the oldest change kept: the other checks' older events go on, this check's do not, and a
			// flapping check must not look as if it had been quiet before.
			const oldest = row.transitions.at(-1)!.at;
			const head = `${' '.repeat(displayWidth(when(oldest)))}${theme.ellipsis} `;
			const tail = ': older state changes not kept';
			const name = truncateMiddle(clean(rowName(row)), Math.max(8, width - displayWidth(head) - displayWidth(tail)), theme.ellipsis);
			entries.push({at: oldest, order: -1, line: [{text: fit(`${head}${name}${tail}`, width, theme.ellipsis), colour: theme.role('muted')}]});
		}
	}

	entries.sort((a, b) => b.at - a.at || b.order - a.order);
	return entries.map(entry => entry.line);
}
