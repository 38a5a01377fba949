import {Box} from 'ink';
import {isPromptMode, type Mode} from '../keymap.js';
import type {Theme} from '../theme.js';
import {clean, displayWidth, fit, truncate, truncateMiddle, truncateStart} from '../text.js';
import {cutTelling} from '../view/cut-telling.js';
import {noRivals, type NameRivals} from '../view/name-rivals.js';
import type {RowNames} from '../view/row-names.js';
import type {SortKey} from '../view/view-reducer.js';
import {filterLabel, hintGap, problemsLabel, statusLine} from '../view/status-hints.js';
import {Line, type Segment} from './Line.js';

type Props = {
	readonly mode: Mode;
	/** The events list's cursor is on an event of one check: enter goes to it, and its hint shows. */
	readonly canGoToCheck?: boolean;
	/** The table's cursor is on a group's row: enter folds or unfolds it, and its hint says which. */
	readonly groupRow?: 'folded' | 'unfolded';
	/** The table lists no row (a filter matches nothing): enter and r are not offered. Default true. */
	readonly hasRow?: boolean;
	readonly filter: string;
	/** The note typed so far while the marker prompt is open. */
	readonly markNote?: string;
	/** The check the marker is for (`M`); absent: every check. */
	readonly markFor?: string;
	/** Every row's name (rowNamesOf): a long `markFor` keeps what tells it from the others. None: cut in its middle. */
	readonly names?: RowNames;
	readonly sort: SortKey;
	/** Only checks that are not up are listed (`f`). */
	readonly problemsOnly?: boolean;
	/** Probing is paused: `p` resumes, and its hint says so. */
	readonly isPaused?: boolean;
	/** The detail pane fills the screen, hiding the table. */
	readonly isTableHidden?: boolean;
	/** `12/40`: where the table window is, when not every row fits. */
	readonly position?: string;
	/** Feedback to the last key ("rechecking payments api"). */
	readonly notice?: string;
	readonly width: number;
	readonly theme: Theme;
};

const cursor = '_';
/** Cells kept for the typed text before a long label (a check's name after `M`) gives way. */
const minimumTypedRoom = 12;

/**
 * A prompt's label and typed text, cut so that the cursor always shows: the text keeps its end, where the
 * operator is typing, behind a leading ellipsis; the label is cut only when it would leave the text too little
 * room, and keeps its separator so the text never runs into it.
 */
function fitPrompt(label: string, separator: string, text: string, width: number, ellipsis: string): {readonly head: string; readonly text: string} {
	const room = Math.max(0, width - displayWidth(cursor));
	const headWidth = displayWidth(label) + displayWidth(separator);
	const textWidth = displayWidth(text);
	if (headWidth + textWidth <= room) return {head: label + separator, text};
	const textRoom = Math.min(textWidth, room, Math.max(room - headWidth, minimumTypedRoom));
	const labelRoom = room - textRoom - displayWidth(separator);
	const head = labelRoom > 0 ? truncate(label, labelRoom, ellipsis) + separator : truncate(label + separator, room - textRoom, ellipsis);
	return {head, text: truncateStart(text, room - displayWidth(head), ellipsis)};
}

const markHint = ' (enter to add, esc to cancel)';

/**
 * The marker prompt's label: the key hint gives way first when the note needs the room, then a check's name
 * in its middle, so `…-health-a` and `…-health-b` stay apart and the operator sees which check they mark (around
 * the part that differs where the middle holds it: `… eu-west-1 primary health`, cutTelling).
 */
function markLabel(name: string | undefined, note: string, width: number, rivals: NameRivals, ellipsis: string): string {
	const base = name === undefined ? 'marker note' : `marker note for ${name}`;
	const room = width - displayWidth(cursor) - displayWidth(': ') - Math.max(minimumTypedRoom, displayWidth(note));
	if (displayWidth(base + markHint) <= room) return base + markHint;
	if (name === undefined || displayWidth(base) <= room) return base;
	return `marker note for ${cutTelling(name, Math.max(12, room - displayWidth('marker note for ')), ellipsis, rivals, 'middle')}`;
}

/**
 * Key hints from the keymap for the current mode; the filter prompt while typing one. A notice too long to
 * share the line with the first hints takes a line of its own above it (statusLine; the layout counts it).
 */
export function Footer({mode, canGoToCheck = false, groupRow, hasRow = true, filter, markNote = '', markFor, names, sort, problemsOnly = false, isPaused = false, isTableHidden = false, position, notice, width, theme}: Props) {
	const segments: Segment[] = [];
	let used = 0;
	const add = (segment: Segment, room = width - used) => {
		if (room <= 0) {
			return;
		}

		const text = fit(segment.text, Math.min(room, displayWidth(segment.text)), theme.ellipsis);
		segments.push({...segment, text});
		used += displayWidth(text);
	};

	const input = {mode, canGoToCheck, groupRow, hasRow, filter, sort, problemsOnly, isPaused, isTableHidden, notice, width, isAscii: theme.isAscii};
	const {hints, firstHintsWidth, hasNoticeLine} = statusLine(input);
	const noticeLine = hasNoticeLine ? notice : undefined;
	const inlineNotice = noticeLine === undefined ? notice : undefined;
	// Outside a prompt, the first hints keep their room: a long notice or filter at 60 columns pushed even
	// "? help" off. A prompt keeps the whole line: its text and cursor come first.
	const reserved = isPromptMode(mode) ? 0 : firstHintsWidth;
	/** A label before the hints, cut to the room the first hints leave, and the gap after it. */
	const addLabel = (text: string, gap: string, segment: Omit<Segment, 'text'>, isWhole = false) => {
		const room = width - used - reserved - gap.length;
		if (room <= 0 || (isWhole && displayWidth(text) > room)) return;
		add({...segment, text}, room);
		add({text: gap});
	};

	if (mode === 'mark') {
		const label = markLabel(markFor === undefined ? undefined : clean(markFor), clean(markNote), width, names?.rows ?? noRivals, theme.ellipsis);
		const prompt = fitPrompt(label, ': ', clean(markNote), width, theme.ellipsis);
		add({text: prompt.head, colour: theme.role('accent'), isBold: true});
		add({text: prompt.text, colour: theme.role('accent')});
		add({text: cursor, colour: theme.role('accent')});
		add({text: ' '});
	} else if (mode === 'filter') {
		const prompt = fitPrompt('/', '', clean(filter), width, theme.ellipsis);
		add({text: prompt.head + prompt.text, colour: theme.role('accent'), isBold: true});
		add({text: cursor, colour: theme.role('accent')});
		add({text: ' '});
	} else if (filter !== '') {
		// A long filter gives way in its middle, keeping both ends.
		const others = (problemsOnly ? displayWidth(problemsLabel) + 1 : 0) + (inlineNotice ? displayWidth(inlineNotice) + hintGap.length : 0);
		const filterRoom = Math.max(minimumTypedRoom, width - reserved - others - displayWidth(filterLabel) - 1);
		addLabel(filterLabel + truncateMiddle(clean(filter), filterRoom, theme.ellipsis), ' ', {colour: theme.role('accent'), isBold: true});
	}

	// Said on every line while it holds: rows that are up are hidden, and the table must not pass for the fleet.
	if (problemsOnly && mode !== 'mark') {
		addLabel(problemsLabel, ' ', {colour: theme.role('accent'), isBold: true});
	}

	if (inlineNotice) {
		addLabel(inlineNotice, hintGap, {colour: theme.role('paused')});
	}

	if (position) {
		// Whole or not at all: "12/…" says nothing.
		addLabel(position, ' ', {colour: theme.role('muted')}, true);
	}

	for (const {key, hint} of hints) {
		// A hint is shown whole or not at all: "e…" names no key. Help and quit come first, so they always fit.
		if (used + displayWidth(`${key} ${hint}`) > width && used > 0) break;
		add({text: key, isBold: true});
		add({text: ` ${hint}`, colour: theme.role('muted')});
		// The gap before the next hint only where it fits: cut, it turned the last hint into "f not up…".
		if (width - used >= 2) add({text: hintGap});
	}

	segments.push({text: ' '.repeat(Math.max(0, width - used))});
	const status = <Line segments={segments} theme={theme} />;
	if (noticeLine === undefined) return status;
	return (
		<Box flexDirection="column" width={width}>
			<Line segments={[{text: fit(noticeLine, width, theme.ellipsis), colour: theme.role('paused')}]} theme={theme} />
			{status}
		</Box>
	);
}
