import {compareRelease} from '../release/compare.js';
import {defaultMergeSpanMs, deployAnchor, windowsAroundMarker} from '../release/windows.js';
import type {CheckRow} from './check-row.js';
import type {Marker, ReleaseView} from './types.js';

export type ReleaseTrackerOptions = {
	/** Each side of the comparison. Default 30 minutes. */
	readonly windowMs?: number;
	/** Samples per side at most. Default 200. */
	readonly maxSamples?: number;
	/** Recompute at most this often; results between recomputations change the verdict little. Default 2 s. */
	readonly minIntervalMs?: number;
};

export type TrackedRow = {readonly row: CheckRow; readonly checkId: string};

/** The latest marker that concerns a row: a global one (no checkId) or one of its own check. */
export function latestMarkerFor(markers: readonly Marker[], checkId: string, rowId: string): Marker | undefined {
	for (let index = markers.length - 1; index >= 0; index--) {
		const marker = markers[index]!;
		if (concerns(marker, checkId, rowId)) return marker;
	}

	return undefined;
}

/** Every marker before `marker` that concerns the row, newest first: where its before window may stop or end. */
export function earlierMarkersFor(markers: readonly Marker[], checkId: string, rowId: string, marker: Marker): Marker[] {
	return markers.filter(candidate => candidate.at < marker.at && concerns(candidate, checkId, rowId)).sort((a, b) => b.at - a.at);
}

/**
 * The same for the engine's markers, which it keeps in time order, and only back to `notBefore` (a merge span
 * and a window before the marker): an older one can neither join the deploy nor cut its window, and filtering and
 * sorting every marker for every row made an update with 1,000 rows and 500 markers take 43 ms instead of 27.
 */
function recentEarlierMarkers(sorted: readonly Marker[], checkId: string, rowId: string, marker: Marker, notBefore: number): Marker[] {
	const found: Marker[] = [];
	for (let index = sorted.length - 1; index >= 0; index--) {
		const candidate = sorted[index]!;
		if (candidate.at >= marker.at) continue;
		if (candidate.at < notBefore) break;
		if (concerns(candidate, checkId, rowId)) found.push(candidate);
	}

	return found;
}

function concerns(marker: Marker, checkId: string, rowId: string): boolean {
	return marker.checkId === undefined || marker.checkId === checkId || marker.checkId === rowId;
}

/**
 * Keeps every row's before/after comparison around its latest marker. Comparing all rows at once lets
 * compareRelease correct for testing many checks (Holm), so one noisy check among fifty is not "worse".
 * Throttled, and skipped when neither markers nor results changed.
 */
export function createReleaseTracker(options: ReleaseTrackerOptions = {}) {
	const windowMs = options.windowMs ?? 30 * 60_000;
	const maxSamples = options.maxSamples ?? 200;
	const minIntervalMs = options.minIntervalMs ?? 2000;
	let lastAt = Number.NEGATIVE_INFINITY;
	let isDirty = true;

	return {
		/** A result or a marker arrived. */
		markDirty(): void {
			isDirty = true;
		},

		/** Recomputes when due; sets `row.release` and drops the cached view of every row whose comparison changed. */
		update(rows: readonly TrackedRow[], markers: readonly Marker[], now: number, force = false): void {
			if (!isDirty || (!force && now - lastAt < minIntervalMs) || markers.length === 0) return;
			isDirty = false;
			lastAt = now;
			const inputs = new Map<string, {before: ReturnType<typeof windowsAroundMarker>['before']; after: ReturnType<typeof windowsAroundMarker>['after']}>();
			const anchors = new Map<string, Marker>();
			for (const {row, checkId} of rows) {
				const latest = latestMarkerFor(markers, checkId, row.id);
				if (latest === undefined) continue;
				const marker = latest.source === 'version'
					? latest
					: deployAnchor(latest, recentEarlierMarkers(markers, checkId, row.id, latest, latest.at - defaultMergeSpanMs), (fromAt, toAt) => row.history.samplesBetween(fromAt, toAt));
				anchors.set(row.id, marker);
				const earlier = recentEarlierMarkers(markers, checkId, row.id, marker, marker.at - defaultMergeSpanMs - windowMs);
				// Back to the window before the earliest marker that may count as the same deploy.
				const reach = Math.min(marker.at, ...earlier.filter(candidate => candidate.at >= marker.at - defaultMergeSpanMs).map(candidate => candidate.at)) - windowMs;
				const samples = row.history.samplesBetween(reach, marker.at + windowMs);
				inputs.set(row.id, windowsAroundMarker(samples, marker, {windowMs, maxSamples, earlier}));
			}

			const comparisons = compareRelease(inputs);
			for (const {row} of rows) {
				const comparison = comparisons.get(row.id);
				const marker = anchors.get(row.id);
				const release: ReleaseView | undefined = comparison && marker
					? Object.freeze({...comparison, markerLabel: marker.label, markerAt: marker.at, ...(marker.checkId === undefined ? {} : {markerCheckId: marker.checkId})})
					: undefined;
				if (!isSameRelease(row.release, release)) {
					row.release = release;
					row.view = undefined;
				}
			}
		},
	};
}

function isSameRelease(a: ReleaseView | undefined, b: ReleaseView | undefined): boolean {
	if (a === undefined || b === undefined) return a === b;
	return a.markerAt === b.markerAt && a.markerCheckId === b.markerCheckId && a.startsAfter === b.startsAfter && a.runsWith === b.runsWith && a.runsWithAheadMs === b.runsWithAheadMs && a.verdict === b.verdict && a.samples.before === b.samples.before
		&& a.samples.after === b.samples.after && a.p95.after === b.p95.after && a.errorRate.after === b.errorRate.after
		&& a.adjustedAcross?.latency === b.adjustedAcross?.latency && a.adjustedAcross?.errors === b.adjustedAcross?.errors;
}
