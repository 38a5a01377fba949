/**
 * One row of the results table. `key` names the figure in the JSON output; `lowerIsBetter` decides how the
 * ratio to the reference is read (value / reference either way, so 0.5 means "half of the reference").
 */
export type Figure = {
	readonly key: string;
	readonly label: string;
	readonly value: number | null;
	readonly unit: string;
	/** Human goal, e.g. "≤ 1 ms"; empty when the issue sets none. */
	readonly goal?: string;
	/** Whether the value meets the goal; undefined when there is no goal or no value. */
	readonly meetsGoal?: boolean;
	/** What the value is compared with, same unit; the ratio is value / the first one. */
	readonly references?: ReadonlyArray<{readonly label: string; readonly value: number | null}>;
	readonly note?: string;
};

/** A section's output: its figures plus anything worth keeping in the JSON (raw details). */
export type SectionResult = {
	readonly figures: Figure[];
	readonly details?: Record<string, unknown>;
	/** Things that did not run (missing component, product module not there yet), with the reason. */
	readonly skipped?: string[];
};

export function ratio(value: number | null, reference: number | null | undefined): number | null {
	if (value === null || reference === null || reference === undefined || !Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return null;
	return value / reference;
}

/** ≤ goal check that tolerates a missing value. */
export function atMost(value: number | null, limit: number): boolean | undefined {
	return value === null ? undefined : value <= limit;
}
