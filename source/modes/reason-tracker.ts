import type {State} from '../monitor/types.js';

/** At most one "another reason" line a check in this long: a target whose failure alternates between two kinds (a timeout, a refusal) would otherwise write one every probe. */
export const reasonLineGapMs = 60_000;

/** States whose reason the log follows: up has none, and slow or pending are not failures. */
const followed: ReadonlySet<State> = new Set(['failing', 'warn', 'unknown']);

type Told = {readonly state: State; readonly code: string | undefined; readonly reasonLineAt?: number};

/**
 * Rows remembered at most. Only rows last told failing, warn or unknown are kept (the others can have no
 * "another reason" line); past this many, the oldest told is forgotten, so series that come and go while failing
 * (a new pod name each deploy) cannot grow it without end. A forgotten row at worst misses one such line.
 */
export const maxToldRows = 10_000;

/**
 * What the plain lines last said of each row (its state and the kind of its reason), to tell when a check that
 * stays failing fails for another reason: that result comes with no state change, so no line said it.
 */
export function createReasonTracker() {
	const toldById = new Map<string, Told>();
	return {
		/** A state line (or one after a restart) said this state and reason. */
		toldState(id: string, state: State, code: string | undefined): void {
			toldById.delete(id);
			if (!followed.has(state)) return;
			// Newest last: a Map keeps insertion order, so the first key is the row told longest ago.
			toldById.set(id, {state, code});
			if (toldById.size > maxToldRows) toldById.delete(toldById.keys().next().value!);
		},
		/** An "another reason" line said this reason. */
		toldReason(id: string, code: string | undefined, at: number): void {
			const told = toldById.get(id);
			if (told !== undefined) toldById.set(id, {...told, code, reasonLineAt: at});
		},
		/** Rows remembered now. */
		get size(): number {
			return toldById.size;
		},
		/** The result is in the state last told, a failure, with another reason code, and no such line in the last minute. */
		isNewReason(id: string, state: State, code: string | undefined, at: number): boolean {
			const told = toldById.get(id);
			return told !== undefined && followed.has(state) && told.state === state && told.code !== code
				&& (told.reasonLineAt === undefined || at - told.reasonLineAt >= reasonLineGapMs);
		},
	};
}
