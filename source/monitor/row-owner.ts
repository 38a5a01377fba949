/**
 * The check an engine row id belongs to: the check of that id, or else the check whose id and a `/` begin it,
 * the longest such (a series row is `checkId/label`; names, and so ids, may hold a `/` too). A configured id
 * always names its own check, so `api/v2` is never taken for a series of `api`. A few map lookups, one per `/`
 * in the id, not a pass over every check.
 */
export function rowOwner<T extends {readonly id: string}>(rowId: string, checksById: ReadonlyMap<string, T>): {check: T; series?: string} | undefined {
	const own = checksById.get(rowId);
	if (own !== undefined) return {check: own};
	for (let slash = rowId.lastIndexOf('/'); slash > 0; slash = rowId.lastIndexOf('/', slash - 1)) {
		const check = checksById.get(rowId.slice(0, slash));
		if (check !== undefined) return {check, series: rowId.slice(slash + 1)};
	}

	return undefined;
}

/**
 * The name a row goes by everywhere a person or a script reads it (the screen, `--once`, `--json`, plain lines,
 * the report), so that one grep or jq filter matches them all: the check's name, `check / series` for a row of
 * a fanned-out check (docs/json.md).
 */
export function seriesRowName(checkName: string, series: string | undefined): string {
	return series === undefined ? checkName : `${checkName} / ${series}`;
}
