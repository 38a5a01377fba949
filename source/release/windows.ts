import {settledSuffix} from '../monitor/settled-label.js';
import type {Marker, State} from '../monitor/types.js';
import {minSamplesPerSide, type WindowSample} from './compare.js';

/** One result of one check, as the engine keeps it or the history file stores it. */
export type LatencySample = {readonly at: number; readonly latencyMs: number; readonly state: State};

export type WindowOptions = {
	/** How far each window reaches from the marker, ms. Default 30 minutes. */
	readonly windowMs?: number;
	/** Results kept per side, nearest to the marker first. Default 200. */
	readonly maxSamples?: number;
	/**
	 * The marker before this one that concerns the same check: the before side stops there, so a baseline
	 * never mixes two deploys and an earlier regression is not blamed on this one.
	 */
	readonly previous?: MarkerBound;
	/**
	 * Every marker before this one that concerns the check, newest first (`previous` is the first). One that
	 * left fewer than minSamples results before this one is taken as part of the same deploy: the before side
	 * ends where it begins instead, so a `helm upgrade` mark followed by the version change as the pods roll is
	 * compared, not "too early" for good.
	 */
	readonly earlier?: readonly MarkerBound[];
	/** Default minSamplesPerSide, as the comparison's. */
	readonly minSamples?: number;
	/** How long before the compared marker an earlier one may be and still count as the same deploy. Default 10 minutes. */
	readonly mergeSpanMs?: number;
};

/** A marker as the windows need it: where, what it is called, and (when known) where it came from. */
type MarkerBound = Pick<Marker, 'at' | 'label'> & {readonly source?: Marker['source']; readonly isSettled?: true; readonly answeredAt?: number};

/** The marker compared: a settled one's label names the change its rollout began with (isRolloutStart). */
type ComparedMarker = Pick<MarkerBound, 'at' | 'source' | 'isSettled'> & {readonly label?: string};

/**
 * A mark someone made (`m`, `uptop mark`) and then, within minutes, the check's version change: one deploy
 * announced and then seen rolling out, however many results lie between them (at a 1 s interval a 20 s
 * rollout leaves 20, and comparing the rollout with what followed says nothing about the deploy). Not the
 * other way round: a mark after a version change can be the next deploy, which must not take the blame (unless it
 * was made in the outage the version marker begins: deployAnchor).
 */
export function isMarkThenVersion(later: Pick<MarkerBound, 'source'>, earlier: Pick<MarkerBound, 'source'>): boolean {
	return later.source === 'version' && earlier.source !== undefined && earlier.source !== 'version';
}

/**
 * A mark made while the service was down between the old version's last answer and the new one's first: the version
 * marker, placed back at the outage's first result once the new version answered (monitor/check-entry.ts
 * deployStart), comes before it in time, though the deploy script marked first. Every result from the version marker
 * to the mark fell short of up (none answered), so the mark announced the deploy already under way, not the next one.
 */
export function isMarkInVersionOutage(mark: Pick<MarkerBound, 'at' | 'source'>, version: Pick<MarkerBound, 'at' | 'source'>, samples: readonly LatencySample[]): boolean {
	if (mark.source === 'version' || version.source !== 'version' || version.at >= mark.at) return false;
	let isDown = false;
	for (const sample of samples) {
		if (sample.at < version.at || sample.at >= mark.at || sample.state === 'pending') continue;
		if (sample.state !== 'failing' && sample.state !== 'unknown') return false;
		isDown = true;
	}

	return isDown;
}

/**
 * The marker a row's comparison runs around, given the latest that concerns it and those before it (newest first):
 * the latest, or the version marker of the deploy whose outage a latest mark (and any between) was made in
 * (isMarkInVersionOutage). Compared around the mark, the outage's first part fell in the before side, and a restart
 * that took the service down read "better". `samplesBetween` gives the row's results in [from, to).
 */
export function deployAnchor<M extends MarkerBound>(latest: M, earlier: readonly M[], samplesBetween: (fromAt: number, toAt: number) => readonly LatencySample[], mergeSpanMs = defaultMergeSpanMs): M {
	if (latest.source === 'version') return latest;
	const version = earlier.find(candidate => candidate.source === 'version');
	if (version === undefined || version.at < latest.at - mergeSpanMs) return latest;
	return isMarkInVersionOutage(latest, version, samplesBetween(version.at, latest.at)) ? version : latest;
}

/**
 * A rollout's settling (Marker.isSettled) and the version changes before it: the rollout's own markers, however many
 * results its back-and-forth left between them. Compared with the mix, the version it settled on says nothing about
 * the deploy; compared with the window before the rollout, it does. Asked of the settled marker itself, not of the
 * marker the chain last passed over: the rollout's first change and its change back can be 20 results apart too.
 * A settled marker before it is an earlier rollout's.
 */
function isSettlingOf(settled: Pick<MarkerBound, 'isSettled'>, earlier: Pick<MarkerBound, 'source' | 'isSettled'>): boolean {
	return settled.isSettled === true && earlier.source === 'version' && earlier.isSettled !== true;
}

/**
 * The change that began the rollout a settled marker ends: the one it names (`api 3.0.0 → 4.0.0` for
 * `api 3.0.0 → 4.0.0 (settled)`, check-entry.ts settledMarker). The version markers before it are other deploys.
 */
function isRolloutStart(settled: Pick<ComparedMarker, 'label'>, earlier: Pick<MarkerBound, 'label'>): boolean {
	return `${earlier.label}${settledSuffix}` === settled.label;
}

/** A rollout (`helm upgrade`, then the pods' version change) takes minutes; deploys further apart are two. */
export const defaultMergeSpanMs = 10 * 60_000;

function summarize(samples: readonly LatencySample[], unknown: number, startsAfter?: string, runsWith?: string, runsWithAheadMs?: number): WindowSample {
	let failures = 0;
	let run = 0;
	let longestFailingRun = 0;
	const latenciesMs: number[] = [];
	for (const sample of samples) {
		if (sample.state === 'failing') {
			failures++;
			run++;
			longestFailingRun = Math.max(longestFailingRun, run);
		} else {
			latenciesMs.push(sample.latencyMs);
			run = 0;
		}
	}

	return {
		latenciesMs, failures, total: samples.length, ...(failures === 0 ? {} : {longestFailingRun}), ...(unknown === 0 ? {} : {unknown}),
		...(startsAfter === undefined ? {} : {startsAfter}), ...(runsWith === undefined ? {} : {runsWith}),
		...(runsWithAheadMs === undefined ? {} : {runsWithAheadMs}),
	};
}

function isUsable(sample: LatencySample): boolean {
	// Pending has no result, and unknown is a plugin that could not tell: neither says how the service did.
	return sample.state !== 'pending' && sample.state !== 'unknown' && Number.isFinite(sample.latencyMs);
}

function countBetween(samples: readonly LatencySample[], fromAt: number, toAt: number): number {
	let count = 0;
	for (const sample of samples) {
		if (sample.at >= fromAt && sample.at < toAt && isUsable(sample)) count++;
	}

	return count;
}

type BeforeBounds = {
	readonly start: number;
	readonly end: number;
	/**
	 * The earlier marker the before side starts at (at its first answer when it was placed back: afterDeploy), when
	 * it is inside the window.
	 */
	readonly cut?: MarkerBound;
	/** The earliest marker taken as part of the same deploy, where the before side ends. */
	readonly runsWith?: MarkerBound;
	/** Whether fewer than minSamples results lay between runsWith and the compared marker: too close to tell apart. */
	readonly isClose?: boolean;
};

/** Where the before side of the marker at `markerAt` runs, [start, end): see WindowOptions' `previous` and `earlier`. */
function beforeBounds(samples: readonly LatencySample[], marker: ComparedMarker, options: WindowOptions = {}): BeforeBounds {
	const windowMs = options.windowMs ?? 30 * 60_000;
	const earlier = options.earlier ?? (options.previous === undefined ? [] : [options.previous]);
	const minSamples = options.minSamples ?? minSamplesPerSide;
	const mergeFrom = marker.at - (options.mergeSpanMs ?? defaultMergeSpanMs);
	let end = marker.at;
	let index = 0;
	let runsWith: MarkerBound | undefined;
	// The settled marker whose rollout's version markers the chain still passes over; none once it passed the first.
	let settling: ComparedMarker | undefined = marker.isSettled === true ? marker : undefined;
	// Only markers shortly before the compared one: a chain of close markers must not reach back for hours.
	for (let later: ComparedMarker = marker; index < earlier.length && earlier[index]!.at >= mergeFrom; index++) {
		const candidate = earlier[index]!;
		const isOfRollout = settling !== undefined && isSettlingOf(settling, candidate);
		if (!isMarkThenVersion(later, candidate) && !isOfRollout && countBetween(samples, candidate.at, end) >= minSamples) break;
		runsWith = candidate;
		end = candidate.at;
		later = candidate;
		if (isOfRollout && isRolloutStart(settling!, candidate)) settling = undefined;
	}

	const next = earlier[index];
	const cut = next !== undefined && next.at > end - windowMs ? next : undefined;
	// Taken together for being a mark then its version change, or one rollout, they may lie minutes and 100 results apart.
	const isClose = runsWith === undefined ? undefined : countBetween(samples, runsWith.at, marker.at) < minSamples;
	return {start: cut === undefined ? end - windowMs : afterDeploy(cut, end), end, ...(cut ? {cut} : {}), ...(runsWith ? {runsWith, isClose} : {})};
}

/**
 * Where a baseline that follows an earlier deploy begins: at its marker, or at the new version's first answer for a
 * marker placed back at its restart's outage (Marker.answeredAt). That outage is the earlier deploy's: in the next
 * one's before side it made a restart that took the service down read "no change" (20.0 % → 20.8 %). Never past
 * `end`, where the before side ends.
 */
function afterDeploy(cut: MarkerBound, end: number): number {
	return Math.min(cut.answeredAt ?? cut.at, end);
}

/**
 * Splits one check's results at a marker: `before` holds results in [end − windowMs, end), where `end` is the
 * marker, or an earlier one taken as the same deploy (beforeBounds), but none from before `previous`; `after`
 * holds those in [at, at + windowMs); `beforeStart` says where the before window began (at the earlier marker it starts after, whose outage the
 * results may skip: afterDeploy). Each side keeps the `maxSamples` results closest to the marker, so an old baseline
 * or a long tail after it does not dilute the comparison. Pending results carry no information and are skipped.
 */
export function windowsAroundMarker(
	samples: readonly LatencySample[],
	marker: ComparedMarker,
	options: WindowOptions = {},
): {before: WindowSample; after: WindowSample; beforeStart: number} {
	const windowMs = options.windowMs ?? 30 * 60_000;
	const maxSamples = options.maxSamples ?? 200;
	const {start: sideStart, end: beforeEnd, cut, runsWith, isClose} = beforeBounds(samples, marker, options);
	const runsWithAheadMs = runsWith === undefined || isClose === true ? undefined : marker.at - runsWith.at;
	const before: LatencySample[] = [];
	const after: LatencySample[] = [];
	let unknownBefore = 0;
	let unknownAfter = 0;
	for (const sample of samples) {
		const side = sample.at < beforeEnd && sample.at >= sideStart ? 'before' : sample.at >= marker.at && sample.at < marker.at + windowMs ? 'after' : undefined;
		if (side === undefined) continue;
		if (isUsable(sample)) {
			(side === 'before' ? before : after).push(sample);
		} else if (sample.state === 'unknown') {
			if (side === 'before') unknownBefore++;
			else unknownAfter++;
		}
	}

	before.sort((x, y) => x.at - y.at);
	after.sort((x, y) => x.at - y.at);
	return {
		before: summarize(before.slice(Math.max(0, before.length - maxSamples)), unknownBefore, cut?.label, runsWith?.label, runsWithAheadMs),
		after: summarize(after.slice(0, maxSamples), unknownAfter),
		// Where the before window began: the report states the window it compared over. At the earlier marker it
		// starts after, even when its results count only from that deploy's first answer: the report lists the marker
		// and that deploy's outage.
		beforeStart: cut?.at ?? sideStart,
	};
}
