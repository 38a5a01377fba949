import type {State} from '../monitor/types.js';

/** At most one "another reason" line a check in this long: a target whose failure alternates between two kinds (a timeout, a refusal) would otherwise write one every probe. */
export const reasonLineGapMs = 60_000;

/** States whose reason the log follows: up has none, and slow or pending are not failures. */
const followed: ReadonlySet<State> = new Set(['failing', 'warn', 'unknown']);

type Told = {readonly state: State; readonly code: string | undefined; readonly reasonLineAt?: number};

/**
 * What the plain lines last said of each row (its state and the kind of its reason), to tell when a check that
 * stays failing fails for another reason: that result comes with no state change, so no line said it.
 */
export function createReasonTracker() {
	const toldById = new Map<string, Told>();
	return {
		/** A state line (or one after a restart) said this state and reason. */
		toldState(id: string, state: State, code: string | undefined): void {
			toldById.set(id, {state, code});
		},
		/** An "another reason" line said this reason. */
		toldReason(id: string, code: string | undefined, at: number): void {
			const told = toldById.get(id);
			if (told !== undefined) toldById.set(id, {...told, code, reasonLineAt: at});
		},
		/** The result is in the state last told, a failure, with another reason code, and no such line in the last minute. */
		isNewReason(id: string, state: State, code: string | undefined, at: number): boolean {
			const told = toldById.get(id);
			return told !== undefined && followed.has(state) && told.state === state && told.code !== code
				&& (told.reasonLineAt === undefined || at - told.reasonLineAt >= reasonLineGapMs);
		},
	};
}
