import type {CheckView, GoneRow, Marker, Snapshot, State, Transition} from '../../monitor/types.js';
import {runCount, splitChangeRuns} from './change-runs.js';
import {cutLineAt} from './cut-line.js';
import {flapRunLength} from './flap-run.js';

/**
 * First results more than this apart belong to different rounds (a start, a reload that adds checks, an earlier
 * run in the history file). A start's first round arrives within about a second plus the targets' answers, and
 * a reload comes from a person editing the file, later than this.
 */
export const firstRoundGapMs = 10_000;

/**
 * Why the row of an event is no longer in the table (Snapshot.gone): its events stay listed, marked, so an outage
 * of a pod a release replaced is still seen; absent for a row still watched.
 */
type Gone = {readonly gone?: GoneRow['why']};

/** One line of the events view, before it is formatted. `key` names it across snapshots, for the cursor. */
export type EventItem =
	| {readonly kind: 'marker'; readonly key: string; readonly at: number; readonly marker: Marker}
	| ({readonly kind: 'change'; readonly key: string; readonly at: number; readonly row: CheckView; readonly transition: Transition} & Gone)
	/** The first result after a restart found the state the earlier run left (CheckView.continued). */
	| ({readonly kind: 'carried'; readonly key: string; readonly at: number; readonly row: CheckView; readonly state: State} & Gone)
	/** Two or more checks whose first result in one round was up: one line for the lot. */
	| {readonly kind: 'cameUp'; readonly key: string; readonly at: number; readonly firstAt: number; readonly fresh: number; readonly carried: number; readonly isRecordedByAnother?: true; readonly isReAdded?: true; readonly isMixedOrigin?: true}
	/**
	 * A flapping row's changes after the first of a run, folded into one line that counts the whole run (`count`,
	 * from `since`, its first change; the newest `transition`), so a check that goes up and down every few seconds
	 * does not push everything else off the list.
	 * It is listed where the flap began (`at`: its first change, kept or not), just above that change's own line,
	 * not at its newest change: placed there, it stays in one place while its count and state change, rather than
	 * jump to the top at every change, and stays there when the row's bounded list drops that first change.
	 */
	| ({readonly kind: 'flapping'; readonly key: string; readonly at: number; readonly since: number; readonly count: number; readonly row: CheckView; readonly transition: Transition} & Gone)
	/**
	 * The row changed state more often than its bounded list keeps: its older changes are missing. Listed once, below
	 * the newest of the row's lines that a missing change is older than (cutLineAt).
	 */
	| ({readonly kind: 'cut'; readonly key: string; readonly at: number; readonly row: CheckView} & Gone);

/** A check's first state in a round that was up: folded with the others of its round. */
type FirstUp = {readonly at: number; readonly item: EventItem; readonly isCarried: boolean};

/**
 * At the same instant a marker reads as older than the state changes: the deploy is the likely cause. A flapping
 * line shares its time with its run's first change and goes above it, as the later changes it counts.
 */
const orderOf: Readonly<Record<EventItem['kind'], number>> = {marker: 0, change: 1, carried: 1, cameUp: 1, flapping: 2, cut: -1};

const listed = new WeakMap<Snapshot, readonly EventItem[]>();
/** Per snapshot: the key of each event folded into another line (a flap's later changes, a round's first ups) → that line's key. */
const foldedInto = new WeakMap<Snapshot, ReadonlyMap<string, string>>();

/** A state change's key: its row and time (a row changes state at most once per result). */
const changeKey = (row: CheckView, at: number) => `s\u0000${row.id}\u0000${at}`;
/**
 * A flapping line's key: its row and when its run began, which stays while the run grows, and once the row's
 * bounded list drops that first change (CheckView.cutRun keeps when it was).
 */
const flappingKey = (row: CheckView, since: number) => `f\u0000${row.id}\u0000${since}`;

/** A round's line is named by when its first check came up, which stays while later ones join it. */
const roundPrefix = 'u\u0000';
const roundKey = (firstAt: number) => `${roundPrefix}${firstAt}`;

/**
 * The key, among `keys`, of the line that the event with `key` is folded into now, if it is: a flap's later
 * changes, a round's first ups. Or the round that a round's line became when its first check left it (removed
 * by a reload, or its first change dropped from a flapping row's bounded list): the round that now starts after
 * it and within firstRoundGapMs of it. That is no other round: a round starting later begins more than
 * firstRoundGapMs after every check of this one.
 */
export function foldedLineKey(folded: ReadonlyMap<string, string>, key: string, keys: readonly string[]): string | undefined {
	const into = folded.get(key);
	if (into !== undefined || !key.startsWith(roundPrefix)) return into;
	const firstAt = Number(key.slice(roundPrefix.length));
	let found: {readonly key: string; readonly at: number} | undefined;
	for (const candidate of keys) {
		if (!candidate.startsWith(roundPrefix)) continue;
		const at = Number(candidate.slice(roundPrefix.length));
		if (at > firstAt && at - firstAt <= firstRoundGapMs && (found === undefined || at < found.at)) found = {key: candidate, at};
	}

	return found?.key;
}

/**
 * Where each folded event went: the events cursor on a state change that a flap or a round then folds follows it
 * into that line, rather than stay at its index, on another check's event, which enter would then go to.
 */
export function foldedEventKeys(snapshot: Snapshot): ReadonlyMap<string, string> {
	listEvents(snapshot);
	return foldedInto.get(snapshot)!;
}

/**
 * The events list, newest first: deploy markers, and every row's state changes, except that the checks that
 * came up at their first result are one line per round. On a fleet's first start those were nearly every
 * line (888 of 960 on a 500-check fleet) and buried the few checks that came up failing or slow, which keep
 * their own lines, as do later changes. The rows no longer watched (Snapshot.gone) keep their changes listed,
 * marked, but not their first results: a round's line counts the checks watched. Memoized per snapshot: the screen
 * and the keys ask for the same one.
 */
export function listEvents(snapshot: Snapshot): readonly EventItem[] {
	const known = listed.get(snapshot);
	if (known !== undefined) return known;
	const items: EventItem[] = [];
	const firstUps: FirstUp[] = [];
	const folded = new Map<string, string>();
	for (const marker of snapshot.markers) {
		items.push({kind: 'marker', key: `m\u0000${marker.at}\u0000${marker.checkId ?? ''}\u0000${marker.source}\u0000${marker.label}`, at: marker.at, marker});
	}

	const listedRows: ReadonlyArray<{readonly row: CheckView; readonly left?: GoneRow}> = [...snapshot.rows.map(row => ({row})), ...(snapshot.gone ?? []).map(left => ({row: left.view, left}))];
	for (const {row, left} of listedRows) {
		const mark: Gone = left === undefined ? {} : {gone: left.why};
		const flaps = foldFlapping(row, mark);
		for (const transition of flaps.shown) {
			const item: EventItem = {kind: 'change', key: changeKey(row, transition.at), at: transition.at, row, transition, ...mark};
			if (transition.from === 'pending' && transition.to === 'up') {
				if (left === undefined) firstUps.push({at: transition.at, item, isCarried: false});
			} else {
				items.push(item);
			}
		}

		// Below every change of the row listed: a flap's line counts changes from before its oldest kept one.
		let oldestListedAt = row.transitions.at(-1)?.at;
		let isCutRunCounted = false;
		for (const {item, changes, droppedFirstAt} of flaps.folded) {
			items.push(item);
			if (oldestListedAt === undefined || item.at < oldestListedAt) oldestListedAt = item.at;
			for (const transition of changes) folded.set(changeKey(row, transition.at), item.key);
			// The run's first change had a line of its own until the row's list dropped it: this line counts it now.
			if (droppedFirstAt !== undefined) {
				folded.set(changeKey(row, droppedFirstAt), item.key);
				isCutRunCounted = true;
			}
		}

		if (row.continued !== undefined) {
			const {at, state} = row.continued;
			const item: EventItem = {kind: 'carried', key: `r\u0000${row.id}\u0000${at}`, at, row, state, ...mark};
			if (state !== 'up') items.push(item);
			else if (left === undefined) firstUps.push({at, item, isCarried: true});
		}

		const cutAt = cutLineAt(row, oldestListedAt, isCutRunCounted);
		// A series that left and came back has a row of the same id: the gone one's line is told apart by when it went.
		if (cutAt !== undefined) items.push({kind: 'cut', key: `c\u0000${row.id}${left === undefined ? '' : `\u0000${left.at}`}`, at: cutAt, row, ...mark});
	}

	for (const {item, members} of foldFirstUps(firstUps)) {
		items.push(item);
		for (const member of members) folded.set(member.key, item.key);
	}

	items.sort((a, b) => b.at - a.at || orderOf[b.kind] - orderOf[a.kind]);
	const frozen = Object.freeze(items);
	listed.set(snapshot, frozen);
	foldedInto.set(snapshot, folded);
	return frozen;
}

/** A flapping line and the kept changes it folds; `droppedFirstAt`: its run's first change, which the row's list dropped. */
type FoldedRun = {readonly item: EventItem; readonly changes: readonly Transition[]; readonly droppedFirstAt?: number};

/**
 * A row's changes, oldest first, split into runs (splitChangeRuns); a run of flapRunLength or more keeps its first
 * change as a line (when the trouble began, which is what a root cause is looked for by) and folds the rest into
 * one `flapping` line listed at that first change, above it. A run that began before the oldest change kept
 * (CheckView.cutRun) has no first change left to show: its line counts every change from the first dropped, and is
 * still listed at that one.
 */
function foldFlapping(row: CheckView, mark: Gone): {readonly shown: readonly Transition[]; readonly folded: readonly FoldedRun[]} {
	// Older than every change kept and every run cut (a change from pending ends a run): its own line, or its round's.
	const shown: Transition[] = row.firstChange === undefined ? [] : [row.firstChange];
	const folded: FoldedRun[] = [];
	for (const run of splitChangeRuns(row)) {
		const count = runCount(run);
		const {changes, cut} = run;
		if (count < flapRunLength) {
			shown.push(...changes);
		} else if (cut === undefined) {
			const [first, ...rest] = changes;
			// The count is the whole run's, the first change included, as the detail pane counts it (flapOf) and as
			// this line counts it once the first is dropped: one number for one flap, wherever it is read.
			folded.push({item: {kind: 'flapping', key: flappingKey(row, first!.at), at: first!.at, since: first!.at, count, row, transition: rest.at(-1)!, ...mark}, changes: rest});
			shown.push(first!);
		} else {
			folded.push({item: {kind: 'flapping', key: flappingKey(row, cut.since), at: cut.since, since: cut.since, count, row, transition: changes.at(-1)!, ...mark}, changes, droppedFirstAt: cut.since});
		}
	}

	return {shown, folded};
}

/** One `cameUp` line per round of two or more (with the events it folds); a round of one keeps its own line, which says more. */
function foldFirstUps(firstUps: readonly FirstUp[]): Array<{readonly item: EventItem; readonly members: readonly EventItem[]}> {
	const sorted = [...firstUps].sort((a, b) => a.at - b.at);
	const rounds: FirstUp[][] = [];
	for (const firstUp of sorted) {
		const round = rounds.at(-1);
		if (round !== undefined && firstUp.at - round.at(-1)!.at <= firstRoundGapMs) round.push(firstUp);
		else rounds.push([firstUp]);
	}

	return rounds.map(round => {
		if (round.length === 1) return {item: round[0]!.item, members: []};
		const carried = round.filter(firstUp => firstUp.isCarried).length;
		const firstAt = round[0]!.at;
		// One history was read at start: carried states all came from an earlier run, or all from another uptop.
		const isRecordedByAnother = round.some(({item}) => item.kind === 'carried' && item.row.continued?.isRecordedByAnother);
		// Checks a reload added back (every check deleted and restored) carried their own state, with no restart.
		const reAdded = round.filter(({item}) => item.kind === 'carried' && item.row.continued?.isReAdded === true).length;
		const isReAdded = carried > 0 && reAdded === carried;
		// A reload that puts back checks removed in this run and checks last watched by an earlier one: both.
		const isMixedOrigin = reAdded > 0 && reAdded < carried;
		const item: EventItem = {kind: 'cameUp', key: roundKey(firstAt), at: round.at(-1)!.at, firstAt, fresh: round.length - carried, carried, ...(isRecordedByAnother ? {isRecordedByAnother: true as const} : {}), ...(isReAdded ? {isReAdded: true as const} : {}), ...(isMixedOrigin ? {isMixedOrigin: true as const} : {})};
		return {item, members: round.map(firstUp => firstUp.item)};
	});
}

/**
 * The row an event is about, to go to with enter: a state change's row, or the first row of a marker's check
 * (a fanned-out check has one per series). Undefined for a marker of every check, for a round's line, and for
 * a row no longer watched: a series back in the answer, or a check added back, is another row by then.
 */
export function eventRowId(item: EventItem, snapshot: Snapshot): string | undefined {
	switch (item.kind) {
		case 'change':
		case 'carried':
		case 'flapping':
		case 'cut': {
			return item.gone === undefined ? item.row.id : undefined;
		}

		case 'marker': {
			const {checkId} = item.marker;
			return checkId === undefined ? undefined : snapshot.rows.find(row => row.checkId === checkId)?.id;
		}

		case 'cameUp': {
			return undefined;
		}
	}
}
