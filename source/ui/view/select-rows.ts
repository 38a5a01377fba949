import {seriesRowName} from '../../monitor/row-owner.js';
import type {CheckView, Snapshot, State} from '../../monitor/types.js';
import {asciiSpelling} from '../text.js';
import {statesBySeverity} from '../theme.js';
import {compareNames} from './compare-names.js';
import {flapWorstState} from './flap-run.js';
import type {SortKey, ViewState} from './view-reducer.js';
import {composed} from '../../text/composed.js';

export type CheckRow = {readonly kind: 'check'; readonly id: string; readonly view: CheckView};

/** Stands for a group: always in `group` sort, and in place of the members of a folded group. */
export type GroupRow = {
	readonly kind: 'group';
	readonly id: string;
	readonly group: string;
	readonly isFolded: boolean;
	/** Members that pass the filter, by the state each is in now, as the header above the table counts them. */
	readonly counts: Readonly<Record<State, number>>;
	/** Of those, the ones flapping (flap-run.ts): what holds the row's colour at a worse state than its counts. */
	readonly flapping: number;
	readonly total: number;
	/** The worst state of a member, a flapping one's as it sorts (the worst of its flap), so the colour holds still. */
	readonly worst: State;
	/** The ids of the members counted: what `r` rechecks and `u` reads a runbook from, no check the filter hides. */
	readonly memberIds: readonly string[];
};

export type TableRow = CheckRow | GroupRow;

/** Group row ids cannot collide with check ids: config ids never contain NUL. */
export function groupRowId(group: string): string {
	return `\u0000group:${group}`;
}

/** A row's name as shown: the check name, `check / series` for a fanned-out row, as the headless outputs name it. */
export function rowName(view: CheckView): string {
	return seriesRowName(view.check.name, view.seriesLabel);
}

export function severityRank(state: State): number {
	return statesBySeverity.indexOf(state);
}

function matches(view: CheckView, needle: string): boolean {
	if (needle === '') {
		return true;
	}

	const haystacks = [rowName(view), view.check.group ?? '', view.check.owner ?? ''];
	// Also as ASCII mode spells it: a LANG=C screen shows `prüfung` as `prufung`, and that is what gets typed.
	return haystacks.some(text => composed(text).toLowerCase().includes(needle) || asciiSpelling(text).toLowerCase().includes(needle));
}

const byName = (a: CheckView, b: CheckView) => compareNames(rowName(a), rowName(b)) || compareNames(a.id, b.id);
/**
 * Within a state that is not up, the check longest in it leads: when a shared dependency goes down, the row that
 * failed first (the database) sits above the dozens that failed after it, instead of wherever its name falls.
 * Whole seconds, so checks that failed in the same round of probes still read in name order; up rows stay in
 * name order, as a recovery would otherwise move a check around the healthy part of the table.
 */
function byTimeInState(a: CheckView, b: CheckView): number {
	if (a.state === 'up') {
		return 0;
	}

	const left = a.since === undefined ? Number.POSITIVE_INFINITY : Math.floor(a.since / 1000);
	const right = b.since === undefined ? Number.POSITIVE_INFINITY : Math.floor(b.since / 1000);
	return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * The state each flapping row sorts as (flap-run.ts): the worst of its flap, not the one it is in this second,
 * so a check going up and down every probe does not leave the failing rows and come back each time, moving every
 * row under it. Rows that are not flapping are not in it.
 */
type FlapStates = ReadonlyMap<string, State>;

function flapStates(rows: readonly CheckView[], at: number): FlapStates {
	const states = new Map<string, State>();
	for (const row of rows) {
		const state = flapWorstState(row, at);
		if (state !== undefined) states.set(row.id, state);
	}

	return states;
}

/**
 * Worst first. A flapping row comes after the steady ones of the state it sorts as: its time in a state restarts
 * with every change, and would move it among them on each probe. Among the flapping ones, those failing now come
 * first, then by name: a check that recovered, blipped slow once and so counts as a flap must not hide one that
 * is down now below it, and a flapping row moves only among the other flapping rows of its block, never the rest.
 */
const bySeverity = (flaps: FlapStates) => (a: CheckView, b: CheckView): number => {
	const isFlapping = (flaps.has(a.id) ? 1 : 0) - (flaps.has(b.id) ? 1 : 0);
	return severityRank(flaps.get(a.id) ?? a.state) - severityRank(flaps.get(b.id) ?? b.state)
		|| isFlapping || (flaps.has(a.id) ? severityRank(a.state) - severityRank(b.state) : byTimeInState(a, b)) || byName(a, b);
};

function byLatency(a: CheckView, b: CheckView): number {
	const left = a.last?.latencyMs;
	const right = b.last?.latencyMs;
	if (left === undefined || right === undefined) {
		return (left === undefined ? 1 : 0) - (right === undefined ? 1 : 0) || byName(a, b);
	}

	return right - left || byName(a, b);
}

const byGroup = (flaps: FlapStates) => {
	const withinGroup = bySeverity(flaps);
	return (a: CheckView, b: CheckView): number => {
		const left = a.check.group;
		const right = b.check.group;
		if (left !== right) {
			if (left === undefined) {
				return 1;
			}

			if (right === undefined) {
				return -1;
			}

			return compareNames(left, right);
		}

		return withinGroup(a, b);
	};
};

const comparators: Readonly<Record<SortKey, (flaps: FlapStates) => (a: CheckView, b: CheckView) => number>> = {
	severity: bySeverity,
	name: () => byName,
	latency: () => byLatency,
	group: byGroup,
};

/**
 * Counts say the state each member is in now, so that they add up with the header's and with the rows under a
 * group that recovered (a storm's flaps counted as their worst said "12 failing" over 25 rows all up). The colour
 * takes a flapping member as the state it sorts as (flapStates), so it does not change with every probe while the
 * member's row holds still; the flapping count says why it is worse than the counts.
 */
function groupRow(group: string, members: readonly CheckView[], isFolded: boolean, flaps: FlapStates): GroupRow {
	const counts: Record<State, number> = {failing: 0, unknown: 0, warn: 0, slow: 0, pending: 0, up: 0};
	const held = new Set<State>();
	let flapping = 0;
	for (const member of members) {
		counts[member.state]++;
		flapping += flaps.has(member.id) ? 1 : 0;
		held.add(flaps.get(member.id) ?? member.state);
	}

	const worst = statesBySeverity.find(state => held.has(state)) ?? 'pending';
	return {kind: 'group', id: groupRowId(group), group, isFolded, counts, flapping, total: members.length, worst, memberIds: members.map(member => member.id)};
}

/** Whether two views list the same rows of a snapshot (selectRows reads only these fields). */
export function listsSameRows(a: ViewState, b: ViewState): boolean {
	return a.filter === b.filter && a.problemsOnly === b.problemsOnly && a.sort === b.sort && a.folded === b.folded
		&& (!a.problemsOnly || a.selectedId === b.selectedId);
}

/**
 * Whether a row passes `f`: it is not up, or flapping (it would leave the list and come back on every
 * probe), or it is the selected check. A check that recovers while the operator
 * has it selected (its details open, perhaps) stays listed, as up, until the selection moves on: otherwise the
 * cursor and the detail pane would jump to another check, and back when a flapping check fails again.
 */
function passesProblems(row: CheckView, view: ViewState, flaps: FlapStates): boolean {
	return !view.problemsOnly || row.state !== 'up' || flaps.has(row.id) || row.id === view.selectedId;
}

/**
 * The rows to draw, in order: filtered (name, group, owner; case-insensitive; with `problemsOnly`, every check
 * that is not up: pending ones too, which have not answered yet; flapping ones; and the selected check), sorted, folded.
 */
export function selectRows(snapshot: Snapshot, view: ViewState): readonly TableRow[] {
	// Composed on both sides: `café` typed finds `cafe` + a combining accent, written so in the config.
	const needle = composed(view.filter.trim()).toLowerCase();
	const flaps = flapStates(snapshot.rows, snapshot.at);
	const visible = snapshot.rows.filter(row => matches(row, needle) && passesProblems(row, view, flaps)).sort(comparators[view.sort](flaps));
	const members = new Map<string, CheckView[]>();
	for (const row of visible) {
		const {group} = row.check;
		if (group !== undefined) {
			const list = members.get(group) ?? [];
			list.push(row);
			members.set(group, list);
		}
	}

	const showsAllHeaders = view.sort === 'group';
	const rows: TableRow[] = [];
	const placed = new Set<string>();
	for (const row of visible) {
		const {group} = row.check;
		const isFolded = group !== undefined && view.folded.includes(group);
		if (group !== undefined && (isFolded || showsAllHeaders) && !placed.has(group)) {
			placed.add(group);
			rows.push(groupRow(group, members.get(group) ?? [], isFolded, flaps));
		}

		if (!isFolded) {
			rows.push({kind: 'check', id: row.id, view: row});
		}
	}

	return rows;
}

/** Index of the selected row; a missing or vanished selection is drawn on the first row. */
export function selectedIndex(rows: readonly TableRow[], selectedId: string | undefined): number {
	if (selectedId === undefined) {
		return 0;
	}

	const index = rows.findIndex(row => row.id === selectedId);
	return Math.max(index, 0);
}

/** First row to draw so the selection is inside a window of `height` rows; starts from the stored hint. */
export function scrollStart(offset: number, index: number, height: number, total: number): number {
	const page = Math.max(1, height);
	let start = Math.min(Math.max(offset, 0), Math.max(0, total - page));
	if (index < start) {
		start = index;
	} else if (index >= start + page) {
		start = index - page + 1;
	}

	return Math.max(0, start);
}
