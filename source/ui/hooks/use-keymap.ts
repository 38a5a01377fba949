import {useInput, usePaste} from 'ink';
import type {CheckView, MonitorCommand, Snapshot} from '../../monitor/types.js';
import {commandFor, isPromptMode, keyNames, type Command, type Mode} from '../keymap.js';
import {goToCheckIntent} from '../view/go-to-check.js';
import {foldedEventKeys, listEvents} from '../view/event-list.js';
import {rowName, selectedIndex, selectRows, type GroupRow, type TableRow} from '../view/select-rows.js';
import {modeOf, viewReducer, type Intent, type ViewState} from '../view/view-reducer.js';
import {promptIntents, type PromptMode} from '../view/prompt-intents.js';
import {clean, truncate} from '../text.js';
import {cutTelling} from '../view/cut-telling.js';
import {rowNamesOf} from '../view/row-names.js';
import {isTableOnly, tableHiddenNotice, tableKeyElsewhereNotice} from '../view/table-only-keys.js';
import {copiedNotice} from '../clipboard.js';
import {tooSmallCommand} from '../view/too-small-keys.js';
import {paneScrollNotice} from '../view/pane-scroll-notice.js';
import {detailsClosedNotice} from '../view/details-closed-notice.js';
import {emptyTableKeyNotice} from '../view/empty-table-text.js';

export type KeymapContext = {
	/** The mode drawn on screen (the last render). */
	readonly mode: Mode;
	/**
	 * The view with every intent dispatched so far, also those React has not rendered yet: keys arriving
	 * before the next render (a fast typist, a script, one chunk) must see what the earlier ones did.
	 */
	readonly getView: () => ViewState;
	readonly snapshot: Snapshot;
	/**
	 * The rows in order as the view so far (getView) lists them: a key after a filter, sort or fold in the same
	 * chunk must act on the rows that intent made, not on those drawn before it.
	 */
	readonly getRows: () => readonly TableRow[];
	/** The selected row as drawn (the last render). */
	readonly selected?: TableRow;
	/**
	 * Table rows that fit as the view so far lays them out: the step of PgUp/PgDn. Esc then PgDn in one chunk
	 * pages the table the esc uncovered, not the few rows it had beside the details.
	 */
	readonly getPageSize: () => number;
	/** The terminal is too small to draw the screen: only quit and suspend act (too-small-keys.ts). */
	readonly isTooSmall?: boolean;
	/** The detail pane fills the screen as the view so far lays it out: no table shows (table-only-keys.ts). */
	readonly getIsTableHidden?: () => boolean;
	/** Events that fit in the events list. */
	readonly eventsRoom: number;
	/**
	 * How many lines the detail pane and the help overlay have, and how many fit, as the view so far lays them
	 * out: their scroll range. Enter then J in one chunk scrolls the details enter opened, not a closed pane.
	 */
	readonly getPanes: () => Readonly<Record<'detail' | 'help', {readonly lines: number; readonly room: number}>>;
	readonly dispatch: (intent: Intent) => void;
	readonly send: (command: MonitorCommand) => void;
	/** A marker's note as the engine keeps it, config secrets hidden (MonitorHandle.shownLabel). */
	readonly shownLabel?: (label: string) => string;
	readonly onQuit: () => void;
	/** Hands the terminal back to the shell until `fg`; resolves with a notice when it could not. Absent without a terminal. */
	readonly onSuspend?: () => Promise<string | undefined>;
	/** Puts text on the clipboard through the terminal (render-app.tsx); absent without a terminal. */
	readonly onCopy?: (text: string) => void;
	/** Inside tmux, the copied notice says what tmux needs to pass a copy on (copiedNotice). */
	readonly isInTmux?: boolean;
	/** Feedback shown in the footer until the next key, for a few seconds at most. */
	readonly setNotice: (notice: string | undefined) => void;
	/** Where a notice cuts a name: the theme's, `~` under --ascii. */
	readonly ellipsis: string;
	/** Cells of the status line, which a notice fits (copiedNotice). Default: no limit. */
	readonly width?: number;
};

/**
 * The row the view so far selects: `j` then enter in one chunk (a fast typist over SSH) opens the check `j`
 * moved to, not the one drawn before it.
 */
function liveSelection(context: KeymapContext, rows = context.getRows()): TableRow | undefined {
	return rows[selectedIndex(rows, context.getView().selectedId)];
}

function foldIntent(context: KeymapContext): Intent | undefined {
	const {snapshot} = context;
	const view = context.getView();
	const selected = liveSelection(context);
	if (selected === undefined) {
		return undefined;
	}

	const group = selected.kind === 'group' ? selected.group : selected.view.check.group;
	if (group === undefined) {
		return undefined;
	}

	const base: Intent = {type: 'toggleFold', group};
	const next = selectRows(snapshot, viewReducer(view, base));
	const header = next.find(row => row.kind === 'group' && row.group === group);
	// The group's row stays selected, as in a file tree: enter or tab again folds back what it unfolded, and j steps
	// into the group. Outside group sort an unfolded group has no row: its first check takes the cursor.
	const firstMember = next.find(row => row.kind === 'check' && row.view.check.group === group);
	return {type: 'toggleFold', group, selectId: (header ?? firstMember)?.id};
}

/**
 * `f` on a check that is up: the list starts on its first row, as drawn, rather than keep the check it hides
 * (selectRows keeps the selected check listed, for a check that recovers while it is looked at).
 */
function problemsIntent(context: KeymapContext, selected: TableRow | undefined): Intent {
	const view = context.getView();
	if (view.problemsOnly || selected?.kind !== 'check' || selected.view.state !== 'up') {
		return {type: 'toggleProblems'};
	}

	const next = selectRows(context.snapshot, viewReducer(view, {type: 'toggleProblems', reselect: {}}));
	// A flapping check, up this second, is one of the problems: the cursor stays on it.
	if (next.some(row => row.id === selected.id)) return {type: 'toggleProblems'};
	return {type: 'toggleProblems', reselect: {id: next[0]?.id}};
}

/** The checks a group's row counts: those of the group that the filter (and `f`) lists. */
function groupMembers(group: GroupRow, snapshot: Snapshot): CheckView[] {
	const ids = new Set(group.memberIds);
	return snapshot.rows.filter(row => ids.has(row.id));
}

function recheckCommands(selected: TableRow | undefined, snapshot: Snapshot): MonitorCommand[] {
	if (selected === undefined) {
		return [];
	}

	const checkIds = selected.kind === 'check'
		? [selected.view.checkId]
		: groupMembers(selected, snapshot).map(row => row.checkId);
	return [...new Set(checkIds)].map(id => ({type: 'recheck', id}));
}

/** A group's row the filter leaves one check in is named as that check is, not "1 checks". */
function recheckedName(selected: TableRow, commands: readonly MonitorCommand[], snapshot: Snapshot): string {
	if (selected.kind === 'check') return rowName(selected.view);
	const [only] = commands;
	const check = commands.length === 1 && only?.type === 'recheck' ? snapshot.rows.find(row => row.checkId === only.id)?.check : undefined;
	return check?.name ?? `${commands.length} checks`;
}

type ScrollStep = 'line' | '-line' | 'page' | '-page' | 'first' | 'last' | 'half' | '-half';

/** Movement keys in a list that scrolls (the events list, the help overlay) move the list, not the selection. */
const scrollSteps: Partial<Record<Command, ScrollStep>> = {
	down: 'line', up: '-line', pageDown: 'page', pageUp: '-page', top: 'first', bottom: 'last', scrollDown: 'half', scrollUp: '-half',
};

/** Lines a step moves in a list of `total` lines showing `page` at a time. */
function linesFor(step: ScrollStep, total: number, page: number, half: number): number {
	return {line: 1, '-line': -1, page, '-page': -page, first: -total, last: total, half, '-half': -half}[step];
}

/** Movement keys move the events list's cursor; the list scrolls to keep it in view. */
function moveEvents(step: ScrollStep, context: KeymapContext): void {
	const items = listEvents(context.snapshot);
	const keys = items.map(item => item.key);
	const room = context.eventsRoom;
	const page = Math.max(1, room - 1);
	context.dispatch({type: 'moveEvents', by: linesFor(step, keys.length, page, Math.max(1, Math.floor(room / 2))), keys, room, folded: foldedEventKeys(context.snapshot), ats: items.map(item => item.at)});
}

/** A page leaves the status line and one line read last in view; J/K and ctrl-d/ctrl-u move half the pane. */
function scrollPane(pane: 'detail' | 'help', step: ScrollStep, context: KeymapContext): void {
	const {lines: total, room} = context.getPanes()[pane];
	const by = linesFor(step, total, Math.max(1, room - 2), Math.max(1, Math.floor(room / 2)));
	const view = context.getView();
	const notice = paneScrollNotice(pane, by, pane === 'detail' ? view.detailOffset : view.helpOffset, total, room);
	// Dispatched at the end too: there it makes the pane follow its end again, as lines come in below.
	context.dispatch({type: 'scrollPane', pane, by, total, room});
	if (notice !== undefined) context.setNotice(notice);
}

/** Commands that move the selection in the table, which do nothing where it lists no row. */
const selectionMoves: readonly Command[] = ['down', 'up', 'pageDown', 'pageUp', 'top', 'bottom'];

/** Puts text on the clipboard through the terminal, and says so on the status line. */
function copyText(text: string, context: KeymapContext): void {
	if (context.onCopy === undefined) {
		context.setNotice('copy needs a terminal');
		return;
	}

	context.onCopy(text);
	context.setNotice(copiedNotice(text, context.ellipsis, context.isInTmux, context.width));
}

/**
 * A group's runbook (`groups.NAME.runbook`, which its checks inherit) when every check in it has the same one; a
 * group row carries no check of its own to read it from.
 */
function copyGroupRunbook(group: GroupRow, context: KeymapContext): void {
	const runbooks = new Set(groupMembers(group, context.snapshot).map(row => row.check.runbook?.trim() ?? ''));
	const name = truncate(clean(group.group), 24, context.ellipsis);
	const [runbook] = runbooks;
	if (runbooks.size > 1) {
		context.setNotice(`the checks of ${name} have different runbooks: select one`);
	} else if (runbook === undefined || runbook === '') {
		context.setNotice(`${name} has no runbook (runbook: in checks.yaml)`);
	} else {
		copyText(runbook, context);
	}
}

/** Carries out one command of the keymap: a view intent, a monitor command, or quitting. */
export function runCommand(command: Command, context: KeymapContext): void {
	const {dispatch, send, snapshot} = context;
	const pageSize = context.getPageSize();
	const rows = context.getRows();
	const rowIds = rows.map(row => row.id);
	const selected = liveSelection(context, rows);
	context.setNotice(undefined);
	const mode = modeOf(context.getView());
	if (mode === 'detail' && isTableOnly(command) && context.getIsTableHidden?.() === true) {
		context.setNotice(tableHiddenNotice(command));
		return;
	}

	const step = scrollSteps[command];
	if (mode === 'events' && step !== undefined) {
		return moveEvents(step, context);
	}

	if (mode === 'help' && step !== undefined) {
		return scrollPane('help', step, context);
	}

	// PgDn and PgUp page what is read in the details, as they do the help, not the selection: j and k step checks.
	if (mode === 'detail' && (step === 'page' || step === '-page')) {
		return scrollPane('detail', step, context);
	}

	if (rows.length === 0 && selectionMoves.includes(command)) {
		context.setNotice(emptyTableKeyNotice(context.getView(), snapshot.rows.length));
		return;
	}

	switch (command) {
		case 'down': return dispatch({type: 'move', by: 1, rowIds, pageSize});
		case 'up': return dispatch({type: 'move', by: -1, rowIds, pageSize});
		case 'pageDown': return dispatch({type: 'move', by: Math.max(1, pageSize), rowIds, pageSize});
		case 'pageUp': return dispatch({type: 'move', by: -Math.max(1, pageSize), rowIds, pageSize});
		case 'top': return dispatch({type: 'moveTo', to: 'first', rowIds, pageSize});
		case 'bottom': return dispatch({type: 'moveTo', to: 'last', rowIds, pageSize});
		case 'scrollDown': return scrollPane('detail', 'half', context);
		case 'scrollUp': return scrollPane('detail', '-half', context);
		case 'open': {
			if (mode === 'events') {
				const {intent, notice} = goToCheckIntent(snapshot, context.getView(), context.ellipsis);
				if (intent !== undefined) dispatch(intent);
				if (notice !== undefined) context.setNotice(notice);
				return;
			}

			if (selected?.kind === 'group') {
				const intent = foldIntent(context);
				return intent ? dispatch(intent) : undefined;
			}

			// With no row (a filter that matches nothing) the pane would open empty and swallow the next esc.
			if (selected === undefined) {
				context.setNotice('nothing selected');
				return;
			}

			dispatch({type: 'select', id: selected.id});
			return dispatch({type: 'open'});
		}

		case 'close': return dispatch({type: 'close'});
		case 'filter': return dispatch({type: 'startFilter'});
		case 'acceptFilter': {
			// The filter hid the selected check and the cursor shows on its first match: kept, the filter keeps that
			// one selected, so esc clearing it later does not jump to a check the operator no longer sees.
			if (selected !== undefined && selected.id !== context.getView().selectedId) {
				dispatch({type: 'select', id: selected.id});
			}

			return dispatch({type: 'acceptFilter'});
		}
		case 'clearFilter': return dispatch({type: 'clearFilter'});
		case 'sort': return dispatch({type: 'cycleSort'});
		case 'problems': return dispatch(problemsIntent(context, selected));
		case 'fold': {
			const intent = foldIntent(context);
			if (intent === undefined) {
				context.setNotice('not in a group: nothing to fold');
				return;
			}

			return dispatch(intent);
		}

		case 'help': return dispatch({type: 'toggleHelp'});
		case 'pause': {
			send(snapshot.isPaused ? {type: 'resume'} : {type: 'pause'});
			context.setNotice(snapshot.isPaused ? 'resumed' : 'paused: r still rechecks');
			return;
		}

		case 'recheck': {
			const commands = recheckCommands(selected, snapshot);
			for (const item of commands) {
				send(item);
			}

			context.setNotice(commands.length === 0 ? 'nothing selected' : `rechecking ${recheckedName(selected!, commands, snapshot)}`);
			return;
		}

		case 'recheckAll': {
			send({type: 'recheck'});
			context.setNotice('rechecking all');
			return;
		}

		case 'mark': return dispatch({type: 'startMark'});
		case 'markCheck': {
			if (selected?.kind !== 'check') {
				context.setNotice('select a check to mark its deployment (m marks every check)');
				return;
			}

			return dispatch({type: 'startMark', check: {id: selected.view.checkId, name: rowName(selected.view)}});
		}

		case 'copy': {
			const command = selected?.kind === 'check' ? selected.view.check.byHand : undefined;
			if (command === undefined) {
				context.setNotice(selected?.kind === 'group' ? 'select a check to copy its command (a group has none)' : 'nothing selected to copy');
				return;
			}

			// The display copy's command: written with "${NAME}" for variables and redacted, so the clipboard holds no secret.
			return copyText(command, context);
		}

		case 'copyRunbook': {
			if (selected?.kind === 'group') return copyGroupRunbook(selected, context);
			if (selected?.kind !== 'check') {
				context.setNotice('nothing selected to copy');
				return;
			}

			// The display copy's runbook: a secret from `${NAME}` in it is •••• there.
			const runbook = selected.view.check.runbook?.trim();
			if (runbook === undefined || runbook === '') {
				const name = cutTelling(clean(rowName(selected.view)), 24, context.ellipsis, rowNamesOf(snapshot.rows).rows, 'middle');
				context.setNotice(`${name} has no runbook (runbook: in checks.yaml)`);
				return;
			}

			return copyText(runbook, context);
		}

		case 'acceptMark': {
			const {markNote, markCheck} = context.getView();
			const typed = markNote.trim() || 'manual marker';
			send({type: 'mark', label: typed, source: 'key', ...(markCheck === undefined ? {} : {checkId: markCheck.id})});
			// Said as the marker will read: a token pasted into the note is •••• here as in the events view.
			const label = context.shownLabel?.(typed) ?? typed;
			// A long name keeps both ends: `…-health-a` and `…-health-b` must stay apart in the notice too, as must
			// `… eu-west-1 primary health` and `… us-east-1 primary health` (cutTelling, as the table cuts them).
			const markName = markCheck === undefined ? '' : cutTelling(clean(markCheck.name), 24, context.ellipsis, rowNamesOf(snapshot.rows).rows, 'middle');
			context.setNotice(markCheck === undefined ? `deploy marker added: ${label}` : `deploy marker added for ${markName}: ${label}`);
			return dispatch({type: 'endMark'});
		}

		case 'cancelMark': {
			context.setNotice('no marker added');
			return dispatch({type: 'endMark'});
		}

		case 'events': return dispatch({type: 'toggleEvents'});

		case 'suspend': {
			if (context.onSuspend === undefined) {
				context.setNotice('suspend needs a terminal');
				return;
			}

			void context.onSuspend().then(notice => {
				if (notice !== undefined) context.setNotice(notice);
			});
			return;
		}

		case 'quit': return context.onQuit();
	}
}

/** The one place keys become commands; text for a prompt opened by this chunk is typed here too. */
export function useKeymap(context: KeymapContext): void {
	// Bracketed paste: a paste comes as one text, never as keys. Copied from a chat or a runbook it often holds a line
	// break, which as keys would submit the prompt and run the rest as commands (`q` quits, `r` rechecks all).
	usePaste(text => {
		if (context.isTooSmall === true) return;
		const mode = modeOf(context.getView());
		if (!isPromptMode(mode)) {
			context.setNotice('paste ignored: / to filter or m for a marker, then paste');
			return;
		}

		const line = pastedLine(text);
		if (line !== '') context.dispatch(mode === 'filter' ? {type: 'typeFilter', text: line} : {type: 'typeMark', text: line});
	});
	useInput((input, key) => {
		let mode = modeOf(context.getView());
		if (context.isTooSmall === true) {
			// Read as keys, not typed text: q quits there even with the filter prompt open behind the screen.
			for (const name of keyNames(input, key)) {
				const command = tooSmallCommand(name);
				if (command !== undefined) runCommand(command, context);
			}

			return;
		}

		const names = keyNames(input, key, isPromptMode(mode));

		if (context.getView().selectedId === undefined && context.selected !== undefined && names.length > 0) {
			// Pin the drawn selection before the view changes, so it follows its check through a re-sort.
			context.dispatch({type: 'select', id: context.selected.id});
		}

		for (const name of names) {
			const command = commandFor(mode, name);
			if (command !== undefined) {
				runCommand(command, context);
				// Later keys of the same chunk see the mode this one led to.
				mode = modeOf(context.getView());
			} else if (isPromptMode(mode)) {
				for (const intent of promptIntents(mode as PromptMode, [name])) {
					context.dispatch(intent);
				}
			} else {
				const notice = tableKeyElsewhereNotice(mode, name) ?? detailsClosedNotice(mode, name);
				if (notice !== undefined) context.setNotice(notice);
			}
		}
	});
}

/** A paste as one line of a prompt: its line breaks (and the spaces around them) one space, other control characters gone. */
function pastedLine(text: string): string {
	return text.replaceAll(/\s*[\r\n]+\s*/g, ' ').replaceAll(/[\p{Cc}\p{Cf}]/gu, '').trim();
}

