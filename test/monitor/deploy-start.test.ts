import {describe, expect, it} from 'vitest';
import {createEntry, recordResult, restartGapMs, type RecordHooks} from '../../source/monitor/check-entry.js';
import type {Marker} from '../../source/monitor/types.js';
import type {Outcome, ProbeResult} from '../../source/probes/types.js';
import {httpCheck} from '../helpers/http-servers.js';

/** Feeds one check's results, one a second from `start`, and returns the markers they made. */
function markersOf(intervalMs: number, results: ReadonlyArray<{outcome: Outcome; version?: string}>): Array<{at: number; label: string}> {
	const start = 1_000_000;
	const check = httpCheck('http://127.0.0.1:21701/health', {id: 'api', name: 'api', intervalMs, version: {json: 'version'}});
	const entry = createEntry(check, start, 0, 100);
	const markers: Marker[] = [];
	const hooks: RecordHooks = {capacity: 100, onRow() {}, onMarker: marker => markers.push(marker), onVersionIgnored() {}};
	results.forEach((result, index) => {
		const at = start + index * intervalMs;
		const probeResult: ProbeResult = {outcome: result.outcome, latencyMs: 5, startedAt: at, summary: '', ...(result.version ? {version: result.version} : {})};
		recordResult(entry, probeResult, at, index * intervalMs, hooks);
	});
	return markers.map(marker => ({at: (marker.at - start) / intervalMs, label: marker.label}));
}

const up = (version: string) => ({outcome: 'up' as const, version});
const failing = {outcome: 'failing' as const};
const unknown = {outcome: 'unknown' as const};

describe('where a version change that ended a run of failures is marked', () => {
	it('at the first failure, for a restart within the gap', () => {
		expect(markersOf(1000, [up('4'), up('4'), failing, failing, up('5')])).toEqual([{at: 2, label: 'api 4 → 5'}]);
	});

	it('at the new version\'s first answer, for an outage longer than a restart', () => {
		const outage = Array.from({length: 61}, () => failing);
		expect(markersOf(1000, [up('4'), ...outage, up('5')])).toEqual([{at: 62, label: 'api 4 → 5'}]);
	});

	it('at the new version\'s first answer when a result between could not tell (unknown)', () => {
		expect(markersOf(1000, [up('4'), unknown, unknown, up('5')])).toEqual([{at: 3, label: 'api 4 → 5'}]);
		expect(markersOf(1000, [up('4'), unknown, failing, up('5')])).toEqual([{at: 2, label: 'api 4 → 5'}]);
	});

	it('allows two intervals for a check probed less often than every 30 s', () => {
		expect(restartGapMs(1000)).toBe(60_000);
		expect(restartGapMs(300_000)).toBe(600_000);
		expect(markersOf(300_000, [up('4'), failing, failing, up('5')])).toEqual([{at: 1, label: 'api 4 → 5'}]);
		expect(markersOf(300_000, [up('4'), failing, failing, failing, up('5')])).toEqual([{at: 4, label: 'api 4 → 5'}]);
	});
});
