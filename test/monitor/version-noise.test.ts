import {describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {IgnoredVersion, MonitorEvent} from '../../source/monitor/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck, up} from './fixtures.js';

/** An http check that reads its version from the JSON field `field`. */
const api = (field: string, overrides: Partial<HttpCheck> = {}) => makeCheck('api', {intervalMs: 1000, version: {json: field}, ...overrides});

/** The engine over one check whose probe reads `versionAt(call)`, with its markers and version events. */
function watch(check: HttpCheck, versionAt: (call: number) => string, initialVersions?: ReadonlyArray<{id: string; version: string; ignored?: IgnoredVersion}>) {
	const clock = createFakeClock();
	let calls = 0;
	const monitor = createMonitor({checks: [check], clock, random: () => 0, ...(initialVersions ? {initialVersions} : {}), async probe() {
		return up(20, {version: versionAt(calls++)});
	}});
	const ignored: Array<Extract<MonitorEvent, {type: 'versionIgnored'}>> = [];
	monitor.onEvent(event => {
		if (event.type === 'versionIgnored') ignored.push(event);
	});
	const labels = () => monitor.flush().markers.map(marker => marker.label);
	return {clock, monitor, ignored, labels};
}

describe('a version that changes at every probe (a request id, a counter, a time)', () => {
	it('is marked a few times, then judged no version: said once, and no more markers from it', async () => {
		const {clock, monitor, ignored, labels} = watch(api('requestId'), call => `req-${1000 + call}`);
		monitor.start();
		await clock.advance(60_000);
		// Four values are still a possible (if busy) release; the fifth within 10 minutes is no release.
		expect(labels()).toEqual(['api req-1000 → req-1001', 'api req-1001 → req-1002', 'api req-1002 → req-1003']);
		expect(ignored).toHaveLength(1);
		expect(ignored[0]!.id).toBe('api');
		expect(ignored[0]!.ignored).toMatchObject({values: ['req-1000', 'req-1001', 'req-1002', 'req-1003', 'req-1004'], source: 'json requestId'});
		expect(ignored[0]!.ignored.spanMs).toBeGreaterThanOrEqual(4000);
		const row = monitor.flush().rows[0]!;
		expect(row.versionIgnored).toEqual(ignored[0]!.ignored);
		// The version column still shows what the check reads.
		expect(row.version).not.toBe('req-1004');
		await monitor.stop();
	});

	it('is judged at five probes in a row for a check probed every 5 minutes (a timestamp read as the version)', async () => {
		const {clock, monitor, ignored, labels} = watch(api('generatedAt', {intervalMs: 300_000}), call => `2026-12-01T0${call}:00:00Z`);
		monitor.start();
		await clock.advance(30 * 60_000);
		expect(labels()).toHaveLength(3);
		expect(ignored).toHaveLength(1);
		await monitor.stop();
	});

	it('is judged afresh once the config reads the version from another field, whose first value is no deploy', async () => {
		let deployed: string | undefined;
		const {clock, monitor, ignored, labels} = watch(api('requestId'), call => deployed ?? `req-${call}`);
		monitor.start();
		await clock.advance(20_000);
		expect(ignored).toHaveLength(1);
		const marked = labels().length;
		deployed = '1.4.0';
		monitor.send({type: 'setChecks', checks: [api('version')]});
		await clock.advance(30_000);
		expect(monitor.flush().rows[0]!.versionIgnored).toBeUndefined();
		// The first value read from the new field is compared with nothing: the request id was read elsewhere.
		expect(labels()).toHaveLength(marked);
		deployed = '1.5.0';
		await clock.advance(30_000);
		expect(labels().at(-1)).toBe('api 1.4.0 → 1.5.0');
		await monitor.stop();
	});

	it('stays ignored after a restart that reads it from the same place, and not after one that reads it elsewhere', async () => {
		const judged: IgnoredVersion = {at: 0, values: ['a', 'b', 'c', 'd', 'e'], spanMs: 4000, source: 'json requestId'};
		const same = watch(api('requestId'), call => `req-${call}`, [{id: 'api', version: 'e', ignored: judged}]);
		same.monitor.start();
		await same.clock.advance(20_000);
		expect(same.labels()).toEqual([]);
		expect(same.ignored).toHaveLength(0);
		expect(same.monitor.flush().rows[0]!.versionIgnored).toEqual(judged);
		await same.monitor.stop();

		const fixed = watch(api('version'), () => '2.0.0', [{id: 'api', version: '1.9.0', ignored: judged}]);
		fixed.monitor.start();
		await fixed.clock.advance(5000);
		expect(fixed.labels()).toEqual(['api 1.9.0 → 2.0.0']);
		expect(fixed.monitor.flush().rows[0]!.versionIgnored).toBeUndefined();
		await fixed.monitor.stop();
	});
});

describe('real rollouts stay marked as before', () => {
	it('a rollout alternating old and new at every probe for ten minutes, a rollback, and the next release', async () => {
		let phase: 'before' | 'mixed' | 'rolled back' | 'next' = 'before';
		const {clock, monitor, ignored, labels} = watch(api('version'), call => {
			if (phase === 'mixed') return call % 2 === 0 ? '1.5.0' : '1.4.0';
			return {before: '1.4.0', 'rolled back': '1.4.0', next: '1.5.1'}[phase];
		});
		monitor.start();
		await clock.advance(60_000);
		phase = 'mixed';
		await clock.advance(10 * 60_000);
		phase = 'rolled back';
		await clock.advance(5 * 60_000);
		phase = 'next';
		await clock.advance(60_000);
		expect(ignored).toHaveLength(0);
		expect(labels()).toEqual(['api 1.4.0 → 1.5.0', 'api 1.5.0 → 1.4.0', 'api 1.4.0 → 1.5.1']);
		await monitor.stop();
	});

	it('a canary of three versions at once, answering in turn', async () => {
		const versions = ['1.0', '1.1', '1.2'];
		const {clock, monitor, ignored, labels} = watch(api('version'), call => versions[call % 3]!);
		monitor.start();
		await clock.advance(10 * 60_000);
		expect(ignored).toHaveLength(0);
		expect(labels().length).toBeGreaterThan(0);
		await monitor.stop();
	});
});
