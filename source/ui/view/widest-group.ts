import type {CheckView} from '../../monitor/types.js';
import {clean, displayWidth} from '../text.js';

/** Cells the widest group name among the rows takes, as the table draws it (0 when no check has a group). */
export function widestGroup(rows: readonly CheckView[]): number {
	const groups = new Set<string>();
	for (const row of rows) {
		if (row.check.group !== undefined) groups.add(row.check.group);
	}

	let widest = 0;
	for (const group of groups) widest = Math.max(widest, displayWidth(clean(group)));
	return widest;
}
