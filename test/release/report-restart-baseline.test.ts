import {describe, expect, it} from 'vitest';
import type {Check, HttpCheck} from '../../source/config/types.js';
import type {Marker, State} from '../../source/monitor/types.js';
import type {HistoryResult} from '../../source/release/history-load.js';
import {markerFromRecord, parseHistoryLine, recordFromEvent, type MarkerRecord} from '../../source/release/history-records.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport} from '../../source/release/report.js';

const check: HttpCheck = {
	id: 'api', name: 'api', kind: 'http', intervalMs: 1000, timeoutMs: 500, slowMs: 1000, retries: 0, secrets: [], expectSummary: 'status 200',
	url: 'http://127.0.0.1:9/', method: 'GET', headers: {}, expect: {status: [{min: 200, max: 299}], maxBytes: 1_048_576},
	maxRedirects: 5, insecure: false, keepAlive: false, version: {json: 'version'},
};

const start = Date.UTC(2026, 10, 25, 18, 20);
const refused = {code: 'refused', message: 'connection refused'} as const;

/** A marker as the history file gives it back: written as a line, read and parsed again. */
function throughHistoryFile(marker: Marker): Marker {
	const line = JSON.stringify(recordFromEvent({type: 'marker', marker}));
	return markerFromRecord(parseHistoryLine(line) as MarkerRecord);
}

/**
 * v1 → v2 → v3 of a single instance, each a restart with 10 s down, 40 s of v2 between them, one result a second.
 * uptop marked each at its outage's first result and kept where the new version first answered.
 */
function twoRestarts(): {results: HistoryResult[]; transitions: []; markers: Marker[]; now: number} {
	const results: HistoryResult[] = [];
	for (let second = 0; second < 130; second++) {
		const state: State = (second >= 40 && second < 50) || (second >= 90 && second < 100) ? 'failing' : 'up';
		results.push({at: start + second * 1000, id: 'api', state, latencyMs: state === 'up' ? 20 : 1, ...(state === 'failing' ? {reason: refused} : {})});
	}

	const markers = [
		{at: start + 40_000, answeredAt: start + 50_000, label: 'api 1.0.0 → 2.0.0', checkId: 'api', checkName: 'api', source: 'version' as const},
		{at: start + 90_000, answeredAt: start + 100_000, label: 'api 2.0.0 → 3.0.0', checkId: 'api', checkName: 'api', source: 'version' as const},
	].map(marker => throughHistoryFile(marker));
	return {results, transitions: [], markers, now: start + 130_000};
}

describe('a report after two restarting deploys 40 s apart', () => {
	it('keeps where each new version first answered through the history file', () => {
		expect(twoRestarts().markers.map(marker => marker.answeredAt)).toEqual([start + 50_000, start + 100_000]);
	});

	it('compares the second with v2\'s answers, not with the first restart\'s outage', () => {
		const {now, ...history} = twoRestarts();
		const input = prepareReport({configFile: 'checks.yaml', checks: [check] as Check[], history, now});
		if ('error' in input) throw new Error(input.error);
		const text = renderReport(input);
		// The window still starts at the first deploy's marker: it lists it and its outage.
		expect(text).toContain('- Window: 2026-11-25 18:20:40 UTC');
		const table = text.slice(text.indexOf('## Before / after'));
		expect(table).toContain('| 0.0 % → 25.0 %');
		expect(table).toContain('worse');
	});
});
