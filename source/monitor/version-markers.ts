import type {Marker} from './types.js';

/**
 * Whether `marker` is a version change that `markers` already has: a `version` marker of the same check whose
 * label ("payments api 1.6.0 → 1.7.0") is that of the check's latest version marker there. Two instances on
 * one history file (a live screen and a plain log, say) each see the change and each record it; the same
 * change happening again needs another version change in between, so no time window is needed.
 */
export function repeatsVersionChange(markers: readonly Marker[], marker: Marker): boolean {
	if (marker.source !== 'version' || marker.checkId === undefined) return false;
	for (let index = markers.length - 1; index >= 0; index--) {
		const earlier = markers[index]!;
		if (earlier.source === 'version' && earlier.checkId === marker.checkId) return earlier.label === marker.label;
	}

	return false;
}

/** `markers` (in time order) without the repeats of a version change, each change kept at its first time. */
export function withoutRepeatedVersionChanges(markers: readonly Marker[]): Marker[] {
	const kept: Marker[] = [];
	for (const marker of markers) {
		if (!repeatsVersionChange(kept, marker)) kept.push(marker);
	}

	return kept;
}
