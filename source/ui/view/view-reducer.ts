import type {Mode} from '../keymap.js';
import {eventsCursorIndex, eventsWindow, type EventsCursor} from './events-cursor.js';
import {clampPaneOffset, lastPaneOffset, paneEnd} from './pane-scroll.js';

export type SortKey = 'severity' | 'name' | 'latency' | 'group';

export const sortOrder: readonly SortKey[] = ['severity', 'name', 'latency', 'group'];

/** What the operator is looking at. Selection is a row id, so it follows the check when rows re-sort. */
export type ViewState = EventsCursor & {
	readonly selectedId?: string;
	readonly detailOpen: boolean;
	readonly filter: string;
	readonly isFiltering: boolean;
	readonly sort: SortKey;
	/** Only checks that are not up are listed (`f`): what needs looking at in a large fleet. */
	readonly problemsOnly: boolean;
	/** Folded group names. */
	readonly folded: readonly string[];
	readonly helpOpen: boolean;
	/** The events list (markers and state changes) fills the body. */
	readonly eventsOpen: boolean;
	/** First event drawn (0 = the newest); a hint, clamped at draw time so the cursor stays visible. */
	readonly eventsOffset: number;
	/** The marker note prompt is open. */
	readonly isMarking: boolean;
	readonly markNote: string;
	/** The check the marker being typed is for (`M`); undefined: for every check (`m`). */
	readonly markCheck?: {readonly id: string; readonly name: string};
	/** Index of the first drawn row; a hint, clamped at draw time so the selection stays visible. */
	readonly scrollOffset: number;
	/** First line drawn in the detail pane; back to 0 when another check is selected. */
	readonly detailOffset: number;
	/** First line drawn in the help overlay. */
	readonly helpOffset: number;
};

export const initialViewState: ViewState = {
	detailOpen: false,
	filter: '',
	isFiltering: false,
	sort: 'severity',
	problemsOnly: false,
	folded: [],
	helpOpen: false,
	eventsOpen: false,
	eventsOffset: 0,
	eventsCursor: 0,
	isMarking: false,
	markNote: '',
	scrollOffset: 0,
	detailOffset: 0,
	helpOffset: 0,
};

/** Which bindings apply: an overlay or prompt wins over what is under it. */
export function modeOf(view: ViewState): Mode {
	if (view.helpOpen) {
		return 'help';
	}

	if (view.isFiltering) {
		return 'filter';
	}

	if (view.isMarking) {
		return 'mark';
	}

	if (view.eventsOpen) {
		return 'events';
	}

	return view.detailOpen ? 'detail' : 'table';
}

/** Movement intents carry the ids of the rows as drawn and the page height, so the reducer stays pure. */
export type Intent =
	| {readonly type: 'move'; readonly by: number; readonly rowIds: readonly string[]; readonly pageSize: number}
	| {readonly type: 'moveTo'; readonly to: 'first' | 'last'; readonly rowIds: readonly string[]; readonly pageSize: number}
	| {readonly type: 'select'; readonly id: string}
	| {readonly type: 'open'}
	| {readonly type: 'close'}
	| {readonly type: 'startFilter'}
	| {readonly type: 'typeFilter'; readonly text: string}
	| {readonly type: 'eraseFilter'}
	| {readonly type: 'acceptFilter'}
	| {readonly type: 'clearFilter'}
	| {readonly type: 'cycleSort'}
	/** `reselect`: the selection to take (none: the first row), when the selected check is one `f` hides. */
	| {readonly type: 'toggleProblems'; readonly reselect?: {readonly id?: string}}
	| {readonly type: 'toggleFold'; readonly group: string; readonly selectId?: string}
	| {readonly type: 'toggleHelp'}
	| {readonly type: 'toggleEvents'}
	/** Move the events list's cursor by `by` lines, given the events' keys as listed and how many lines fit. */
	/** `ats`: the events' times, as `keys` (eventsCursorIndex). */
	| {readonly type: 'moveEvents'; readonly by: number; readonly keys: readonly string[]; readonly room: number; readonly folded?: ReadonlyMap<string, string>; readonly ats?: readonly number[]}
	/**
	 * Enter on an event of a check: the table with its row selected and its details open. `clearFilter`: the filter
	 * hid the row; `unfold`: its group, folded. The events cursor stays, so `e` comes back to the same event.
	 */
	| {readonly type: 'goToCheck'; readonly id: string; readonly clearFilter: boolean; readonly unfold?: string}
	/** Scroll the detail pane or the help overlay by `by` lines, given how many lines it has and its height. */
	| {readonly type: 'scrollPane'; readonly pane: 'detail' | 'help'; readonly by: number; readonly total: number; readonly room: number}
	| {readonly type: 'startMark'; readonly check?: {readonly id: string; readonly name: string}}
	| {readonly type: 'typeMark'; readonly text: string}
	| {readonly type: 'eraseMark'}
	/** The marker was added or cancelled: the prompt closes and forgets its note. */
	| {readonly type: 'endMark'};

function assertNever(value: never): never {
	throw new Error(`unhandled intent ${JSON.stringify(value)}`);
}

/** Returns `view` itself when nothing changes, so React skips the render and the terminal gets no bytes. */
function patch(view: ViewState, changes: Partial<ViewState>): ViewState {
	for (const [key, value] of Object.entries(changes)) {
		if (view[key as keyof ViewState] !== value) {
			return {...view, ...changes};
		}
	}

	return view;
}

function moveSelection(view: ViewState, index: number, rowIds: readonly string[], pageSize: number): ViewState {
	if (rowIds.length === 0) {
		return view;
	}

	const target = Math.min(Math.max(index, 0), rowIds.length - 1);
	const page = Math.max(1, pageSize);
	let offset = view.scrollOffset;
	if (target < offset) {
		offset = target;
	} else if (target >= offset + page) {
		offset = target - page + 1;
	}

	return patch(view, {selectedId: rowIds[target], scrollOffset: offset, detailOffset: detailOffsetFor(view, rowIds[target])});
}

/** Another check's details start from their top. */
function detailOffsetFor(view: ViewState, selectedId: string | undefined): number {
	return selectedId === view.selectedId ? view.detailOffset : 0;
}

/** The events list closed: opened again, it starts at the newest event. */
const eventsTop = {eventsKey: undefined, eventsCursor: 0, eventsAt: undefined, eventsOffset: 0} as const;

export function viewReducer(view: ViewState, intent: Intent): ViewState {
	switch (intent.type) {
		case 'move': {
			// No (or a vanished) selection is drawn on the first row, so moving starts from there.
			const index = view.selectedId === undefined ? -1 : intent.rowIds.indexOf(view.selectedId);
			const to = Math.max(index, 0) + intent.by;
			return moveSelection(view, to, intent.rowIds, intent.pageSize);
		}

		case 'moveTo': {
			return moveSelection(view, intent.to === 'first' ? 0 : intent.rowIds.length - 1, intent.rowIds, intent.pageSize);
		}

		case 'select': {
			return patch(view, {selectedId: intent.id, detailOffset: detailOffsetFor(view, intent.id)});
		}

		case 'open': {
			return view.detailOpen ? view : patch(view, {detailOpen: true, detailOffset: 0});
		}

		case 'close': {
			if (view.helpOpen) {
				return patch(view, {helpOpen: false});
			}

			if (view.eventsOpen) {
				return patch(view, {eventsOpen: false, ...eventsTop});
			}

			if (view.detailOpen) {
				return patch(view, {detailOpen: false});
			}

			return patch(view, {filter: '', isFiltering: false});
		}

		case 'startFilter': {
			return patch(view, {isFiltering: true, helpOpen: false});
		}

		case 'typeFilter': {
			return intent.text === '' ? view : patch(view, {filter: view.filter + intent.text, scrollOffset: 0});
		}

		case 'eraseFilter': {
			return patch(view, {filter: [...view.filter].slice(0, -1).join('')});
		}

		case 'acceptFilter': {
			return patch(view, {isFiltering: false});
		}

		case 'clearFilter': {
			return patch(view, {filter: '', isFiltering: false});
		}

		case 'cycleSort': {
			const next = sortOrder[(sortOrder.indexOf(view.sort) + 1) % sortOrder.length]!;
			return patch(view, {sort: next});
		}

		case 'toggleProblems': {
			const selectedId = intent.reselect === undefined ? view.selectedId : intent.reselect.id;
			return patch(view, {problemsOnly: !view.problemsOnly, scrollOffset: 0, selectedId, detailOffset: detailOffsetFor(view, selectedId)});
		}

		case 'toggleFold': {
			const isFolded = view.folded.includes(intent.group);
			const folded = isFolded ? view.folded.filter(group => group !== intent.group) : [...view.folded, intent.group];
			const selectedId = intent.selectId ?? view.selectedId;
			return {...view, folded, selectedId, detailOffset: detailOffsetFor(view, selectedId)};
		}

		case 'toggleHelp': {
			return patch(view, {helpOpen: !view.helpOpen, helpOffset: 0});
		}

		case 'toggleEvents': {
			// Opened, the list is where it was left: at the newest, or at the event enter went to a check from.
			return view.eventsOpen ? patch(view, {eventsOpen: false, ...eventsTop}) : patch(view, {eventsOpen: true, helpOpen: false});
		}

		case 'moveEvents': {
			const {keys, room} = intent;
			if (keys.length === 0) return view;
			const to = Math.max(0, Math.min(keys.length - 1, eventsCursorIndex(keys, view, intent.folded, intent.ats) + intent.by));
			return patch(view, {eventsKey: keys[to], eventsCursor: to, eventsAt: intent.ats?.[to], eventsOffset: eventsWindow(keys.length, room, view.eventsOffset, to).start});
		}

		case 'goToCheck': {
			const isSameDetail = view.detailOpen && view.selectedId === intent.id;
			const folded = intent.unfold !== undefined && view.folded.includes(intent.unfold) ? view.folded.filter(group => group !== intent.unfold) : view.folded;
			return patch(view, {
				eventsOpen: false, helpOpen: false, selectedId: intent.id, detailOpen: true, detailOffset: isSameDetail ? view.detailOffset : 0, folded,
				...(intent.clearFilter ? {filter: '', isFiltering: false} : {}),
			});
		}

		case 'scrollPane': {
			const key = intent.pane === 'detail' ? 'detailOffset' : 'helpOffset';
			// From where the pane is drawn: an offset left past the end (the lines got fewer) does not swallow keys.
			const from = clampPaneOffset(view[key], intent.total, intent.room);
			const to = clampPaneOffset(from + intent.by, intent.total, intent.room);
			const reachesEnd = intent.by > 0 && intent.total > intent.room && to === lastPaneOffset(intent.total, intent.room);
			return patch(view, {[key]: reachesEnd ? paneEnd : to});
		}

		case 'startMark': {
			return {...view, isMarking: true, markNote: '', helpOpen: false, markCheck: intent.check};
		}

		case 'typeMark': {
			return intent.text === '' ? view : patch(view, {markNote: view.markNote + intent.text});
		}

		case 'eraseMark': {
			return patch(view, {markNote: [...view.markNote].slice(0, -1).join('')});
		}

		case 'endMark': {
			return patch(view, {isMarking: false, markNote: '', markCheck: undefined});
		}

		default: {
			return assertNever(intent);
		}
	}
}
