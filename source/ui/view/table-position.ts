import type {TableRow} from './select-rows.js';

/**
 * `12/40`: which check the selection is on, of the checks listed. Group rows are not counted, as the operator
 * reads it as checks (group sort added one header row per group to both sides); a folded group counts its
 * members, which it stands for. On a group's row it is its first member's number.
 */
export function tablePosition(rows: readonly TableRow[], index: number): string {
	let before = 0;
	let total = 0;
	for (const [at, row] of rows.entries()) {
		const checks = row.kind === 'check' ? 1 : row.isFolded ? row.total : 0;
		if (at < index) before += checks;
		total += checks;
	}

	return `${Math.min(before + 1, total)}/${total}`;
}
