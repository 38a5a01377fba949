import type {Marker} from './types.js';

/** How a settled marker's label ends (check-entry.ts settledMarker): `api 3.0.0 → 4.0.0 (settled)`. */
export const settledSuffix = ' (settled)';

/**
 * A marker's label as a line that follows it with its source in parentheses prints it, and what that parenthetical
 * adds: a settled marker's `(settled)` moves into it (`api 3.0.0 → 4.0.0 (version, settled)`), where it read as a
 * second parenthetical in a row (`(settled) (version)`). The label kept in history and compared around keeps it.
 */
export function labelBeforeSource(marker: Pick<Marker, 'label' | 'isSettled'>): {readonly label: string; readonly sourceNote: string} {
	if (marker.isSettled !== true || !marker.label.endsWith(settledSuffix)) return {label: marker.label, sourceNote: ''};
	return {label: marker.label.slice(0, -settledSuffix.length), sourceNote: ', settled'};
}
