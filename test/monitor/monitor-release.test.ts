import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {latestMarkerFor} from '../../source/monitor/release-tracker.js';
import type {Marker} from '../../source/monitor/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up} from './fixtures.js';

/** A deterministic latency around `medianMs` (±10 %), so the test needs no randomness. */
function latencyAt(index: number, medianMs: number): number {
	return medianMs * (0.9 + ((index * 37) % 21) / 100);
}

describe('before / after the latest deploy marker', () => {
	it('calls a check worse when its latency jumps after a version change, and leaves a steady check alone', async () => {
		const clock = createFakeClock();
		let calls = 0;
		const checks = [makeCheck('accounts', {intervalMs: 1000}), makeCheck('payments', {intervalMs: 1000})];
		const monitor = createMonitor({
			checks,
			clock,
			random: () => 0,
			releaseWindowMs: 10 * 60_000,
			async probe(check) {
				calls++;
				const isDeployed = calls > 200;
				if (check.id === 'accounts') {
					return up(latencyAt(calls, isDeployed ? 90 : 30), {version: isDeployed ? '1.5.0' : '1.4.2'});
				}

				return up(latencyAt(calls, 20));
			},
		});
		monitor.start();
		await clock.advance(60_000);
		let snapshot = monitor.flush();
		expect(snapshot.markers).toHaveLength(0);
		expect(snapshot.rows.every(row => row.release === undefined)).toBe(true);

		await clock.advance(45_000);
		snapshot = monitor.flush();
		expect(snapshot.markers.map(marker => marker.label)).toEqual(['accounts 1.4.2 → 1.5.0']);
		// Right after the marker there is not enough data yet.
		expect(snapshot.rows.find(row => row.id === 'accounts')?.release?.verdict).toBe('too early');

		await clock.advance(60_000);
		snapshot = monitor.flush();
		const accounts = snapshot.rows.find(row => row.id === 'accounts')!;
		expect(accounts.release?.verdict).toBe('worse');
		expect(accounts.release?.markerLabel).toBe('accounts 1.4.2 → 1.5.0');
		expect(accounts.release!.p50.after!).toBeGreaterThan(accounts.release!.p50.before! * 2);
		// The version marker belongs to accounts; payments has no marker of its own and no global one.
		expect(snapshot.rows.find(row => row.id === 'payments')?.release).toBeUndefined();
		expect(accounts.recentAt).toHaveLength(accounts.recentLatencyMs.length);
		expect(accounts.recentAt!.at(-1)).toBeLessThanOrEqual(snapshot.at);
		await monitor.stop();
	});

	it('compares every check around a manual marker and finds no change in steady ones', async () => {
		const clock = createFakeClock();
		let calls = 0;
		const monitor = createMonitor({
			checks: [makeCheck('a', {intervalMs: 1000}), makeCheck('b', {intervalMs: 1000})],
			clock,
			random: () => 0,
			async probe() {
				calls++;
				return up(latencyAt(calls, 25));
			},
		});
		monitor.start();
		await clock.advance(60_000);
		monitor.send({type: 'mark', label: 'helm upgrade shop 2.0', source: 'key'});
		await clock.advance(60_000);
		const snapshot = monitor.flush();
		expect(snapshot.rows.map(row => row.release?.verdict)).toEqual(['no change', 'no change']);
		expect(snapshot.rows[0]?.release?.markerLabel).toBe('helm upgrade shop 2.0');
		await monitor.stop();
	});

	/**
	 * payments 1.0.0 → 1.1.0 at 60 s brings a real regression (10 → 150 ms, every third request fails); a
	 * global marker follows `markAfterMs` later. The row as it stands a minute after the global marker.
	 */
	async function regressionThenGlobalMark(markAfterMs: number) {
		const clock = createFakeClock();
		const start = clock.now();
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('payments', {intervalMs: 1000})], clock, random: () => 0, async probe() {
			calls++;
			if (clock.now() - start < 60_000) return up(latencyAt(calls, 10), {version: '1.0.0'});
			return calls % 3 === 0 ? failing(150, {version: '1.1.0'}) : up(latencyAt(calls, 150), {version: '1.1.0'});
		}});
		monitor.start();
		await clock.advance(60_000 + markAfterMs);
		monitor.send({type: 'mark', label: 'helm upgrade all 2.0', source: 'command'});
		await clock.advance(60_000);
		const snapshot = monitor.flush();
		await monitor.stop();
		expect(snapshot.markers.map(marker => marker.label)).toEqual([expect.stringMatching(/1\.0\.0 → 1\.1\.0/), 'helm upgrade all 2.0']);
		return snapshot.rows[0]!;
	}

	it('takes a marker seconds before the compared one as the same deploy, and says the two cannot be told apart', async () => {
		const row = await regressionThenGlobalMark(10_000);
		expect(row.release?.markerLabel).toBe('helm upgrade all 2.0');
		// Ten seconds of 1.1.0 are no window of their own: "before" is 1.0.0's minute, the rollout left out.
		expect(row.release?.samples.before).toBeGreaterThanOrEqual(55);
		expect(row.release!.p50.before!).toBeLessThan(20);
		expect(row.release?.verdict).toBe('worse');
		expect(row.release?.runsWith).toMatch(/1\.0\.0 → 1\.1\.0/);
		expect(row.release?.reasons.at(-1)).toMatch(/^with ".*1\.1\.0" just before it, too close to tell apart$/);
	});

	it('takes a mark and the version change it causes 25 s later as one deploy at a 1 s interval', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('payments', {intervalMs: 1000})], clock, random: () => 0, async probe() {
			calls++;
			const elapsed = clock.now() - start;
			// 1.0.0 at 10 ms; a rollout of 25 s that fails every other probe; then 1.1.0 at 150 ms.
			if (elapsed < 60_000) return up(latencyAt(calls, 10), {version: '1.0.0'});
			if (elapsed < 85_000) return calls % 2 === 0 ? failing(5, {version: '1.0.0'}) : up(latencyAt(calls, 10), {version: '1.0.0'});
			return up(latencyAt(calls, 150), {version: '1.1.0'});
		}});
		monitor.start();
		await clock.advance(60_000);
		monitor.send({type: 'mark', label: 'helm upgrade payments 1.1.0', source: 'command'});
		await clock.advance(85_000);
		const row = monitor.flush().rows[0]!;
		await monitor.stop();
		expect(row.release?.markerLabel).toMatch(/1\.0\.0 → 1\.1\.0/);
		// Before is 1.0.0's minute before the mark, not the failing rollout (which would have read "better").
		expect(row.release?.runsWith).toBe('helm upgrade payments 1.1.0');
		expect(row.release?.errorRate.before).toBe(0);
		expect(row.release?.verdict).toBe('worse');
	});

	it('does not blame the later deploy once the window since the previous marker is full', async () => {
		const row = await regressionThenGlobalMark(120_000);
		expect(row.release?.samples.before).toBeGreaterThanOrEqual(100);
		expect(row.release?.verdict).toBe('no change');
		expect(row.release!.p50.before!).toBeGreaterThan(100);
	});

	it('keeps both windows of a 1 s check for the whole half hour after the marker', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('fast', {intervalMs: 1000})], clock, random: () => 0, async probe() {
			calls++;
			return up(latencyAt(calls, clock.now() - start < 10 * 60_000 ? 10 : 100));
		}});
		monitor.start();
		await clock.advance(10 * 60_000);
		monitor.send({type: 'mark', label: 'deploy', source: 'command'});
		// 28 minutes on, ~1,700 results after the marker: the before side must still be there.
		await clock.advance(28 * 60_000);
		const release = monitor.flush().rows[0]!.release!;
		await monitor.stop();
		expect(release.samples.before).toBe(200);
		expect(release.verdict).toBe('worse');
	}, 30_000);

	it('keeps the baseline from an earlier run: seeded history counts, the state waits for a fresh result', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const initialHistory = Array.from({length: 100}, (_, index) => ({id: 'a', at: start - ((100 - index) * 1000), latencyMs: latencyAt(index, 30), state: 'up' as const}));
		const initialMarkers: Marker[] = [{at: start - 1, label: 'deploy 7', source: 'command'}];
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 1000})], clock, random: () => 0, initialHistory, initialMarkers, async probe() {
			return up(90);
		}});
		const before = monitor.getSnapshot();
		expect(before.rows[0]?.state).toBe('pending');
		monitor.start();
		await clock.advance(40_000);
		const snapshot = monitor.flush();
		const row = snapshot.rows[0]!;
		expect(row.samples).toBeGreaterThanOrEqual(140);
		expect(row.state).toBe('up');
		expect(row.release?.verdict).toBe('worse');
		expect(row.release?.samples.before).toBe(100);
		await monitor.stop();
	});

	it.each([
		[[{at: 1, label: 'global', source: 'key'}, {at: 2, label: 'other', checkId: 'b', source: 'version'}], 'a', 'global'],
		[[{at: 1, label: 'mine', checkId: 'a', source: 'version'}, {at: 2, label: 'other', checkId: 'b', source: 'version'}], 'a', 'mine'],
		[[{at: 1, label: 'other', checkId: 'b', source: 'version'}], 'a', undefined],
	] as Array<[Marker[], string, string | undefined]>)('picks the latest marker that concerns the check (%#)', (markers, checkId, expected) => {
		expect(latestMarkerFor(markers, checkId, checkId)?.label).toBe(expected);
	});
});

describe('version markers during a rollout behind a load balancer', () => {
	it('marks the deploy and a first flip back (it may be a rollback), not every answer from the old or new half', async () => {
		const clock = createFakeClock();
		let version = '1.4.0';
		let isMixed = false;
		let calls = 0;
		const monitor = createMonitor({
			checks: [makeCheck('api', {intervalMs: 1000})],
			clock,
			random: () => 0,
			async probe() {
				calls++;
				// While mixed, old and new pods answer in turn, as a rolling update behind a Service does.
				return up(20, {version: isMixed ? (calls % 2 === 0 ? '1.5.0' : '1.4.0') : version});
			},
		});
		monitor.start();
		await clock.advance(10_000);
		isMixed = true;
		await clock.advance(60_000);
		const labels = () => monitor.flush().markers.map(marker => marker.label);
		expect(labels()).toEqual(['api 1.4.0 → 1.5.0', 'api 1.5.0 → 1.4.0']);

		// The rollout ends on 1.5.0: no deploy marker (it is the end of the same mix), only, once 1.5.0 has held for
		// the flip window, where it settled, so the latest marker no longer reads as a rollback to 1.4.0. A rollback
		// two minutes later is a deploy of its own.
		isMixed = false;
		version = '1.5.0';
		await clock.advance(120_000);
		expect(labels()).toEqual(['api 1.4.0 → 1.5.0', 'api 1.5.0 → 1.4.0', 'api 1.4.0 → 1.5.0 (settled)']);
		version = '1.4.0';
		await clock.advance(5000);
		expect(labels()).toEqual(['api 1.4.0 → 1.5.0', 'api 1.5.0 → 1.4.0', 'api 1.4.0 → 1.5.0 (settled)', 'api 1.5.0 → 1.4.0']);
		await monitor.stop();
	});

	it('still marks a quick rollback, and a new version in the middle of the flips', async () => {
		const clock = createFakeClock();
		const versions = ['1.0', '1.0', '1.1', '1.0', '1.0', '1.1', '1.0', '1.2', '1.2'];
		let calls = 0;
		const monitor = createMonitor({
			checks: [makeCheck('api', {intervalMs: 1000})],
			clock,
			random: () => 0,
			async probe() {
				return up(20, {version: versions[Math.min(calls++, versions.length - 1)]});
			},
		});
		monitor.start();
		await clock.advance(12_000);
		expect(monitor.flush().markers.map(marker => marker.label)).toEqual(['api 1.0 → 1.1', 'api 1.1 → 1.0', 'api 1.0 → 1.2']);
		await monitor.stop();
	});
});
