import type {Marker} from './types.js';

/**
 * Whether `marker`, a version change, is one `markers` already has from another instance (markers reach the
 * engine through the history file): a `version` marker of the same check whose label ("payments api 1.6.0 →
 * 1.7.0") is that of the check's latest version marker there. Two instances on one history file (a live screen
 * and a plain log, say) each see the change and each record it, in either order. An instance's own repeat of
 * its own latest label is a new deploy (a rollback after a rollout whose back-and-forth was not marked,
 * isMarkedVersionChange in check-entry.ts): `isOtherWriters` says whether `latest` came from another writer.
 */
export function repeatsVersionChange(markers: readonly Marker[], marker: Marker, isOtherWriters: (latest: Marker) => boolean = () => true): boolean {
	const latest = latestVersionMarker(markers, marker);
	return latest?.label === marker.label && isOtherWriters(latest);
}

/**
 * `markers` (in time order) without another writer's record of a version change already kept, each change at
 * its first time. Only across writers: one writer marks a change once, and its own repeat of a label is a new
 * deploy (see repeatsVersionChange).
 */
export function withoutRepeatedVersionChanges(markers: readonly Marker[], writers: ReadonlyMap<Marker, string>): Marker[] {
	const kept: Marker[] = [];
	// Each check's latest version marker kept so far: a search back through the kept ones for each marker read past
	// every other check's, and a week of a 2,000-check fleet's deploys holds tens of thousands.
	const latestOf = new Map<string, Marker>();
	for (const marker of markers) {
		const isVersion = marker.source === 'version' && marker.checkId !== undefined;
		const latest = isVersion ? latestOf.get(marker.checkId!) : undefined;
		if (latest === undefined || latest.label !== marker.label || writers.get(latest) === writers.get(marker)) {
			kept.push(marker);
			if (isVersion) latestOf.set(marker.checkId!, marker);
		}
	}

	return kept;
}

function latestVersionMarker(markers: readonly Marker[], marker: Marker): Marker | undefined {
	if (marker.source !== 'version' || marker.checkId === undefined) return undefined;
	return markers.findLast(earlier => earlier.source === 'version' && earlier.checkId === marker.checkId);
}
