import {carriedStatePhrase} from '../../text/carried-state.js';
import type {CheckView, Marker, Snapshot, State} from '../../monitor/types.js';
import {markerSourceText} from './marker-source.js';
import {labelBeforeSource} from '../../monitor/settled-label.js';
import type {Verdict} from '../../release/compare.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatClock} from '../format.js';
import {heldForText} from '../../config/held-for.js';
import type {Theme} from '../theme.js';
import {clean, displayWidth, fit, truncate} from '../text.js';
import {cutRowName} from './cut-row-name.js';
import {cutTelling} from './cut-telling.js';
import {listEvents, type EventItem} from './event-list.js';
import {goneTag} from './gone-words.js';
import {rowNamesOf, type RowNames} from './row-names.js';
import {rowName} from './select-rows.js';

/** Cells of a flapping check's name kept before its line drops "latest": a name cut shorter names no check. */
const minimumFlappingName = 12;

/** Cells a row's name keeps in an event's line however long the rest (rowLine). */
const minimumRowName = 8;

/**
 * Cells of a reason that must fit for a cut one to be shown: fewer say nothing of the cause, and a lone "…" after
 * "now failing" reads as part of the state (seen at 80 columns), so the reason goes whole instead.
 */
const minimumReason = 8;

/** Cells of a marker's note kept before the check's name gives way: fewer no longer say what went out. */
const minimumNote = 8;

/** Cells of a check's name kept in a marker's scope before the name is left out: fewer name no check. */
const minimumScopeName = 8;

export type EventOptions = {
	readonly width: number;
	readonly theme: Theme;
};

/**
 * The events list (listEvents: deploy markers and state changes, a round's first results that were up folded
 * into one line), newest first, each with its clock time and its age measured from the snapshot (never from
 * the wall clock).
 */
export function eventLines(snapshot: Snapshot, options: EventOptions): Segment[][] {
	const {theme, width} = options;
	// Told apart among every row's name, as the table tells them.
	const names = rowNamesOf(snapshot.rows);
	const when = (at: number) => `${formatClock(at)} ${formatAge(at, snapshot.at).padStart(3)} ago  `;
	/**
	 * `<when><glyph> <name><what><heldFor><reason>`: the check and what happened come first, a long name gives way in
	 * its middle, the reason last. `heldFor` (" after 1m 34s") is left out where even the shortest name leaves it
	 * no room, as the detail pane does: cut, "afte…" says nothing.
	 */
	const rowLine = (at: number, state: State, row: CheckView, change: string, reason: string | undefined, heldFor = ''): Segment[] => {
		const style = theme.state(state);
		const head = `${when(at)}${style.glyph} `;
		const nameCells = Math.min(displayWidth(clean(rowName(row))), minimumRowName);
		const what = displayWidth(head) + nameCells + displayWidth(change + heldFor) <= width ? change + heldFor : change;
		const name = cutRowName(row, Math.max(minimumRowName, width - displayWidth(head) - displayWidth(what)), names, theme.ellipsis);
		const start = `${head}${name}${what}`;
		const told = reason ? theme.spell(clean(reason)) : '';
		const room = width - displayWidth(start) - 2;
		const tail = told !== '' && (displayWidth(told) <= room || room >= minimumReason) ? `  ${told}` : '';
		return [{text: fit(`${start}${tail}`, width, theme.ellipsis), colour: style.colour}];
	};

	const verdicts = verdictsByMarker(snapshot.rows);
	return listEvents(snapshot).map((item): Segment[] => {
		switch (item.kind) {
			case 'marker': {
				return markerLine(item.marker, when(item.at), names, options, verdicts.get(markerKey(item.marker)));
			}

			case 'change': {
				const {transition} = item;
				// How long the state it left had held, as the plain lines say it: "failing → up after 1m 34s" is the outage.
				const heldFor = heldForText(transition);
				return rowLine(item.at, transition.to, item.row, `${tagOf(item)}  ${transition.from} ${theme.arrow} ${transition.to}`, transition.reason?.message, heldFor);
			}

			case 'flapping': {
				// The newest state and its reason: what it is doing now, after how many changes, the latest how long ago
				// (the line's own time is the flap's first change: a "latest" that grows says the flap has stopped). Where
				// the whole line does not fit (60 columns), "latest" gives way, then the count, never the state it ends in.
				const {transition} = item;
				// A flap that a later change ended (the check held its state, then changed again: a line of its own) says
				// the state it ended in; "now" is only the newest change's.
				const isNewest = item.gone === undefined && item.row.transitions.every(other => other.at <= transition.at);
				const now = `, ${isNewest ? 'now' : 'ended'} ${transition.to}`;
				const latest = `, latest ${formatAge(transition.at, snapshot.at)} ago`;
				const head = `${when(item.at)}${theme.state(transition.to).glyph} `;
				const room = width - displayWidth(head) - Math.min(displayWidth(clean(rowName(item.row))), minimumFlappingName);
				const tag = tagOf(item);
				const forms = [`${tag}  flapping: ${item.count} changes${latest}${now}`, `${tag}  flapping: ${item.count} changes${now}`, `${tag}  flapping${now}`];
				const what = forms.find(form => displayWidth(form) <= room) ?? forms.at(-1)!;
				return rowLine(item.at, transition.to, item.row, what, transition.reason?.message);
			}

			case 'carried': {
				// The plain lines' wording: a log and the screen say the same of a restart.
				return rowLine(item.at, item.state, item.row, `${tagOf(item)}  ${item.state}, ${carriedStatePhrase(item.row.continued?.isRecordedByAnother, item.row.continued?.isReAdded)}`, item.row.continued?.reason?.message);
			}

			case 'cameUp': {
				const style = theme.state('up');
				const count = item.fresh + item.carried;
				const what = item.carried === 0 ? `pending ${theme.arrow} up`
					: item.fresh === 0 ? `up, ${roundPhrase(item)}`
					: `up: ${item.carried} ${roundPhrase(item)}, ${item.fresh} pending ${theme.arrow} up`;
				// The round's span when it took more than a second: "first at" is when the first of them answered.
				const span = formatClock(item.firstAt) === formatClock(item.at) ? '' : `  (first at ${formatClock(item.firstAt)})`;
				return [{text: fit(`${when(item.at)}${style.glyph} ${count} checks  ${what}${span}`, width, theme.ellipsis), colour: style.colour}];
			}

			case 'cut': {
				// Below the newest of the check's lines that a missing change is older than (cutLineAt): the other
				// checks' older events go on, this check's do not, and a flapping check must not look as if it had
				// been quiet before.
				const head = `${' '.repeat(displayWidth(when(item.at)))}${theme.ellipsis} `;
				const tail = `${tagOf(item)}: older state changes not kept`;
				const name = cutRowName(item.row, Math.max(8, width - displayWidth(head) - displayWidth(tail)), names, theme.ellipsis);
				return [{text: fit(`${head}${name}${tail}`, width, theme.ellipsis), colour: theme.role('muted')}];
			}
		}
	});
}

/** ` (removed)` after the name of a row no longer watched (Snapshot.gone), or nothing. */
function tagOf(item: {readonly gone?: keyof typeof goneTag}): string {
	return item.gone === undefined ? '' : goneTag[item.gone];
}

/**
 * `, <check>` for a marker's ` (<source>, <check>)`, or nothing. A long name is held to a third of the line so
 * the note keeps room; where the line still does not fit `room` (60 columns), the note gives way first, down to
 * minimumNote, then the name in its middle, and a name left fewer than minimumScopeName cells goes: the source
 * word and the closing parenthesis always stay, as the end of a line fit() cuts would not.
 */
function markerScope(source: string, checkName: string | undefined, note: string, room: number, {theme, width}: EventOptions, names: RowNames): string {
	if (checkName === undefined) return '';
	const frame = displayWidth(` (${source}, )`);
	const nameRoom = Math.min(Math.max(12, Math.floor(width / 3)), room - frame - Math.min(displayWidth(note), minimumNote));
	if (nameRoom < Math.min(displayWidth(checkName), minimumScopeName)) return '';
	return `, ${cutTelling(checkName, nameRoom, theme.ellipsis, names.checks, 'middle')}`;
}

const markerKey = (marker: Pick<Marker, 'at' | 'label' | 'checkId'>): string => `${marker.at}\u0000${marker.label}\u0000${marker.checkId ?? ''}`;

/** The verdicts of the rows whose release is measured around each marker (the latest that concerns them). */
function verdictsByMarker(rows: readonly CheckView[]): Map<string, Verdict[]> {
	const found = new Map<string, Verdict[]>();
	for (const {release} of rows) {
		if (release === undefined) continue;
		const key = markerKey({at: release.markerAt, label: release.markerLabel, checkId: release.markerCheckId});
		const verdicts = found.get(key);
		// Pushed, not spread: a marker of every check gathers one verdict a row, 2,000 on a fleet that size.
		if (verdicts === undefined) found.set(key, [release.verdict]);
		else verdicts.push(release.verdict);
	}

	return found;
}

// "too few" right after worse: an error rate moved that the counts cannot judge is the next thing to look at.
const verdictOrder: readonly Verdict[] = ['worse', 'too few', 'better', 'no change', 'too early'];

/**
 * `  ▲ worse` for a marker one row was judged around, `  ▲ 2 worse, = 5 no change` for one judged on several, the
 * worst first: as many parts as fit in `room` cells, coloured as the first; undefined when none does.
 */
function verdictSegment(verdicts: readonly Verdict[], room: number, theme: Theme): Segment | undefined {
	const parts = verdictOrder.filter(verdict => verdicts.includes(verdict)).map(verdict => {
		const {glyph, word} = theme.verdict(verdict);
		const count = verdicts.filter(each => each === verdict).length;
		return verdicts.length === 1 ? `${glyph} ${word}` : `${glyph} ${count} ${word}`;
	});
	let text = '';
	for (const part of parts) {
		const next = text === '' ? `  ${part}` : `${text}, ${part}`;
		if (displayWidth(next) > room) break;
		text = next;
	}

	return text === '' ? undefined : {text, colour: theme.verdict(verdictOrder.find(verdict => verdicts.includes(verdict))!).colour};
}

/**
 * A deploy marker's line: what it is for stays on screen. The verdict of the checks compared around it follows
 * in the cells its own words leave: it never cuts them.
 */
function markerLine(marker: Marker, when: string, names: RowNames, options: EventOptions, verdicts: readonly Verdict[] = []): Segment[] {
	const {theme, width} = options;
	const words = markerWords(marker, when, names, options);
	const verdict = verdicts.length === 0 ? undefined : verdictSegment(verdicts, width - displayWidth(words), theme);
	const line: Segment = {text: fit(words, width - (verdict === undefined ? 0 : displayWidth(verdict.text)), theme.ellipsis), colour: theme.role('paused'), isBold: true};
	return verdict === undefined ? [line] : [line, verdict];
}

/** A marker's own words as they fit `width` (not padded): the verdict takes only what they leave. */
function markerWords(marker: Marker, when: string, names: RowNames, {theme, width}: EventOptions): string {
	const head = `${when}${theme.sparkMarker} deploy  `;
	// The name the marker was made with (`••••` for a part from `${NAME}`), never its checkId: that holds the
	// secret, and the check may have no row any more (a reload removed it).
	const checkName = marker.checkName === undefined ? undefined : clean(marker.checkName);
	const {label: bare, sourceNote} = labelBeforeSource(marker);
	const whole = clean(bare);
	let label: string;
	let tail: string;
	if (checkName !== undefined && marker.source === 'version' && whole.startsWith(`${checkName} `)) {
		// "payments api 1.5.0 → 1.5.1": the label names its check already, so the scope does not repeat it, and
		// in a narrow pane the name gives way in its middle before the versions do.
		tail = ` (${markerSourceText(marker.source)}${sourceNote})`;
		const room = Math.max(8, width - displayWidth(head) - displayWidth(tail));
		const versions = theme.spell(whole.slice(checkName.length + 1));
		const nameRoom = room - displayWidth(versions) - 1;
		label = nameRoom >= 5 ? `${cutTelling(checkName, nameRoom, theme.ellipsis, names.checks, 'middle')} ${versions}` : truncate(theme.spell(whole), room, theme.ellipsis);
	} else {
		const spelled = theme.spell(whole);
		const source = `${markerSourceText(marker.source)}${sourceNote}`;
		tail = ` (${source}${markerScope(source, checkName, spelled, width - displayWidth(head), {theme, width}, names)})`;
		label = truncate(spelled, width - displayWidth(head) - displayWidth(tail), theme.ellipsis);
	}

	return truncate(`${head}${label}${tail}`, width, theme.ellipsis);
}

/** Where a round's carried states came from; a round of both kinds says only that they held. */
function roundPhrase(item: Extract<EventItem, {kind: 'cameUp'}>): string {
	return item.isMixedOrigin ? 'as before' : carriedStatePhrase(item.isRecordedByAnother, item.isReAdded);
}
