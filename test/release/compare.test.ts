import {describe, expect, it} from 'vitest';
import {compareRelease, compareWindows} from '../../source/release/compare.js';
import {windowsAroundMarker, type LatencySample} from '../../source/release/windows.js';
import {logNormalLatencies, mulberry32} from './random.js';

const ok = (latenciesMs: number[]) => ({latenciesMs, failures: 0, total: latenciesMs.length});

describe('compareWindows', () => {
	it('says "too early" below the minimum sample count, but still reports the figures', () => {
		const result = compareWindows(ok([10, 11, 12]), ok([30, 31, 32]));
		expect(result.verdict).toBe('too early');
		expect(result.p50).toMatchObject({before: 11, after: 31, delta: 20});
		expect(result.samples).toEqual({before: 3, after: 3});
	});

	it('tells an outage from the error rate before there are enough results for latency; a small or better change waits', () => {
		const failing = (passing: number[], failures: number) => ({latenciesMs: passing, failures, total: passing.length + failures});
		// 15 passes before, 20 failures of 21 after: Fisher's exact test needs no 20 a side.
		const outage = compareWindows(ok(Array.from({length: 15}, () => 10)), failing([10], 20));
		expect(outage.verdict).toBe('worse');
		expect(outage.reasons).toEqual(['error rate +95 pts', 'on 15 results before and 21 after: enough for the error rate, too few for latency']);
		expect(compareWindows(ok(Array.from({length: 15}, () => 10)), failing([10, 10, 10, 10, 10], 1)).verdict).toBe('too early');
		expect(compareWindows(failing([10], 14), ok(Array.from({length: 15}, () => 10))).verdict).toBe('too early');
		expect(compareWindows(ok([10, 10, 10, 10]), failing([], 4)).verdict).toBe('too early');
	});

	it('says why a check whose plugin only answers unknown stays too early: its unknown results do not count', () => {
		const samples: LatencySample[] = Array.from({length: 80}, (_, index) => ({at: 1_000_000 + (index - 40) * 10_000, latencyMs: 3, state: 'unknown' as const}));
		const {before, after} = windowsAroundMarker(samples, {at: 1_000_000});
		const result = compareWindows(before, after);
		expect(result.verdict).toBe('too early');
		expect(result.unknown).toEqual({before: 40, after: 40});
		expect(result.reasons).toEqual([
			'not enough before: 0 results before the marker, 20 needed (waiting adds none)',
			'fewer than 20 results after the marker yet',
			'80 unknown results not counted (the check could not tell)',
		]);
		expect(compareWindows(ok([]), ok([30, 31, 32])).reasons[0]).toBe('no results before the marker (not probed then): this deploy cannot be judged');
		expect(compareWindows(ok([10, 11, 12]), ok([30, 31, 32])).reasons).toEqual([
			'not enough before: 3 results before the marker, 20 needed (waiting adds none)',
			'fewer than 20 results after the marker yet',
		]);
	});

	it('flags a large, significant slowdown as worse and names the metric', () => {
		const draw = logNormalLatencies(mulberry32(7), 100, 0.2);
		const result = compareWindows(ok(draw(60)), ok(draw(60).map(value => value * 1.6)));
		expect(result.verdict).toBe('worse');
		expect(result.pLatency).toBeLessThan(0.001);
		expect(result.p50.deltaPct).toBeGreaterThan(0.4);
		expect(result.reasons.join(' ')).toMatch(/p50 \+\d+ %/);
	});

	it('flags a speed-up as better', () => {
		const draw = logNormalLatencies(mulberry32(8), 100, 0.2);
		expect(compareWindows(ok(draw(60)), ok(draw(60).map(value => value * 0.6))).verdict).toBe('better');
	});

	it('does not flag a significant but tiny shift (practical significance)', () => {
		const draw = logNormalLatencies(mulberry32(9), 100, 0.02);
		const result = compareWindows(ok(draw(200)), ok(draw(200).map(value => value * 1.05)));
		expect(result.pLatency).toBeLessThan(1e-6);
		expect(result.verdict).toBe('no change');
	});

	it('does not flag a fast service moved by a few milliseconds, however large in per cent (absolute floor)', () => {
		// A sub-millisecond DNS check whose p95 went 1.1 → 2.5 ms, and a 7 ms TCP check at 10 ms: load on the
		// machine running uptop, not the deploy.
		const sub = logNormalLatencies(mulberry32(21), 0.7, 0.3);
		const dns = compareWindows(ok(sub(200)), ok(sub(200).map(value => value * 2)));
		expect(dns.pLatency).toBeLessThan(1e-6);
		expect(dns.p95.deltaPct).toBeGreaterThan(0.5);
		expect(dns.verdict).toBe('no change');
		const tcp = logNormalLatencies(mulberry32(22), 7, 0.1);
		const slower = compareWindows(ok(tcp(200)), ok(tcp(200).map(value => value * 1.4)));
		expect(slower.p50.delta).toBeLessThan(5);
		expect(slower.verdict).toBe('no change');
		expect(compareWindows(ok(tcp(200)), ok(tcp(200).map(value => value * 0.6))).verdict).toBe('no change');
	});

	it('still flags a fast service once the change passes the floor', () => {
		const tcp = logNormalLatencies(mulberry32(23), 10, 0.1);
		const result = compareWindows(ok(tcp(200)), ok(tcp(200).map(value => value * 1.6)));
		expect(result.p50.delta).toBeGreaterThan(5);
		expect(result.verdict).toBe('worse');
		expect(compareWindows(ok(tcp(200)), ok(tcp(200)), {minAbsoluteLatencyChangeMs: 0}).verdict).toBe('no change');
		const floorless = compareWindows(ok(tcp(200).map(value => value * 0.5)), ok(tcp(200).map(value => value * 0.7)), {minAbsoluteLatencyChangeMs: 0});
		expect(floorless.verdict).toBe('worse');
	});

	it('flags a rise of the error rate with Fisher\'s test, also when every request fails', () => {
		const before = {latenciesMs: Array.from({length: 60}, () => 50), failures: 0, total: 60};
		const result = compareWindows(before, {latenciesMs: [], failures: 30, total: 30});
		expect(result.verdict).toBe('worse');
		expect(result.pLatency).toBeUndefined();
		expect(result.errorRate).toEqual({before: 0, after: 1, delta: 1});
		expect(result.reasons).toEqual(['error rate +100 pts']);
	});

	it('holds the error rate to an absolute floor of 5 points, however significant', () => {
		const lat = Array.from({length: 1000}, (_, index) => 50 + (index % 7));
		const clean = {latenciesMs: lat, failures: 0, total: 1000};
		const four = compareWindows(clean, {latenciesMs: lat.slice(40), failures: 40, total: 1000});
		expect(four.pErrors).toBeLessThan(1e-10);
		expect(four.verdict).toBe('no change');
		expect(compareWindows(clean, {latenciesMs: lat.slice(60), failures: 60, total: 1000}).reasons).toEqual(['error rate +6 pts']);
	});

	it('says "too few" of an outage after the marker whose rise is too few results to tell from chance', () => {
		const lat = Array.from({length: 20}, (_, index) => 40 + (index % 3));
		const clean = {latenciesMs: lat, failures: 0, total: 20};
		// 0 of 20 failing, then 3 in a row of 20: p ≈ 0.23, and "no change" read as if the outage were nothing.
		const outage = compareWindows(clean, {latenciesMs: lat.slice(3), failures: 3, total: 20, longestFailingRun: 3});
		expect(outage.pErrors).toBeGreaterThan(0.01);
		expect(outage.verdict).toBe('too few');
		expect(outage.reasons).toEqual(['error rate +15 pts on 20 results before and 20 after: too few to tell from chance, p = 0.23']);
		// The same counts scattered (a flaky check), or after failures before it too, are what chance does: no change.
		expect(compareWindows(clean, {latenciesMs: lat.slice(3), failures: 3, total: 20, longestFailingRun: 1}).verdict).toBe('no change');
		expect(compareWindows({latenciesMs: lat.slice(1), failures: 1, total: 20, longestFailingRun: 1}, {latenciesMs: lat.slice(4), failures: 4, total: 20, longestFailingRun: 4}).verdict).toBe('no change');
		// A run below the 5-point floor is no change whatever the counts.
		expect(compareWindows(clean, {latenciesMs: lat.slice(2), failures: 2, total: 50, longestFailingRun: 2}).verdict).toBe('no change');
	});

	it('ignores a small error-rate change even with many samples', () => {
		const lat = Array.from({length: 5000}, (_, index) => 50 + (index % 7));
		const result = compareWindows({latenciesMs: lat, failures: 0, total: 5000}, {latenciesMs: lat, failures: 100, total: 5100});
		expect(result.pErrors).toBeLessThan(1e-10);
		expect(result.verdict).toBe('no change');
	});
});

describe('compareRelease', () => {
	it('applies Holm across checks: a p-value significant alone is not after correcting for 20 checks', () => {
		// 60 vs 60 values shifted so the single test gives p ≈ 0.002 (< 0.01) but 20 · 0.002 > 0.01.
		const draw = logNormalLatencies(mulberry32(11), 100, 0.3);
		let borderline: {before: ReturnType<typeof ok>; after: ReturnType<typeof ok>} | undefined;
		for (let attempt = 0; attempt < 500 && !borderline; attempt++) {
			const before = ok(draw(60));
			const after = ok(draw(60).map(value => value * 1.35));
			const single = compareWindows(before, after);
			if (single.verdict === 'worse' && single.pLatency! > 0.001) {
				borderline = {before, after};
			}
		}

		expect(borderline).toBeDefined();
		const flat = logNormalLatencies(mulberry32(12), 100, 0.3);
		const perCheck = new Map([['slow', borderline!]]);
		for (let index = 0; index < 19; index++) {
			perCheck.set(`flat-${index}`, {before: ok(flat(60).map(value => value * 1)), after: ok(flat(60))});
		}

		const alone = compareRelease(new Map([['slow', borderline!]]));
		expect(alone.get('slow')!.verdict).toBe('worse');
		const many = compareRelease(perCheck);
		expect(many.get('slow')!.pLatencyRaw).toBe(alone.get('slow')!.pLatencyRaw);
		expect(many.get('slow')!.pLatency!).toBeGreaterThan(many.get('slow')!.pLatencyRaw!);
		expect(many.get('slow')!.verdict).toBe('no change');
		// And it says across how many checks the p-values were adjusted.
		expect(alone.get('slow')!.adjustedAcross).toEqual({latency: 1, errors: 1});
		expect(many.get('slow')!.adjustedAcross).toEqual({latency: 20, errors: 20});
	});

	it('leaves too-early checks out of the family', () => {
		const draw = logNormalLatencies(mulberry32(13), 100, 0.2);
		const result = compareRelease(new Map([
			['young', {before: ok([1, 2]), after: ok([3, 4])}],
			['slower', {before: ok(draw(60)), after: ok(draw(60).map(value => value * 1.6))}],
		]));
		expect(result.get('young')!.verdict).toBe('too early');
		expect(result.get('slower')!.pLatency).toBe(result.get('slower')!.pLatencyRaw);
	});
});

describe('windowsAroundMarker', () => {
	const marker = {at: 1_000_000, label: 'deploy', source: 'command' as const};
	it('splits at the marker, keeps the nearest samples, counts failures without their latency', () => {
		const samples: LatencySample[] = [
			{at: marker.at - 40 * 60_000, latencyMs: 999, state: 'up'},
			{at: marker.at - 3000, latencyMs: 10, state: 'up'},
			{at: marker.at - 2000, latencyMs: 11, state: 'slow'},
			{at: marker.at - 1000, latencyMs: 5000, state: 'failing'},
			{at: marker.at - 500, latencyMs: 0, state: 'pending'},
			// A plugin that could not tell says nothing about the service: left out of both sides.
			{at: marker.at - 400, latencyMs: 7, state: 'unknown'},
			{at: marker.at + 500, latencyMs: 7, state: 'unknown'},
			{at: marker.at, latencyMs: 20, state: 'up'},
			{at: marker.at + 1000, latencyMs: 21, state: 'warn'},
			{at: marker.at + 2000, latencyMs: 22, state: 'up'},
			{at: marker.at + 31 * 60_000, latencyMs: 999, state: 'up'},
		];
		expect(windowsAroundMarker(samples, marker)).toEqual({
			before: {latenciesMs: [10, 11], failures: 1, total: 3, longestFailingRun: 1, unknown: 1},
			after: {latenciesMs: [20, 21, 22], failures: 0, total: 3, unknown: 1},
			beforeStart: marker.at - (30 * 60_000),
		});
		expect(windowsAroundMarker(samples, marker, {maxSamples: 1})).toEqual({
			before: {latenciesMs: [], failures: 1, total: 1, longestFailingRun: 1, unknown: 1},
			after: {latenciesMs: [20], failures: 0, total: 1, unknown: 1},
			beforeStart: marker.at - (30 * 60_000),
		});
		expect(windowsAroundMarker(samples, marker, {windowMs: 60 * 60_000}).before.latenciesMs).toEqual([999, 10, 11]);
	});

	it('stops the before side at the previous marker, and says so only when that cut the window', () => {
		const samples: LatencySample[] = Array.from({length: 60}, (_, index) => ({at: marker.at - (60 - index) * 1000, latencyMs: index, state: 'up' as const}));
		const cut = windowsAroundMarker(samples, marker, {previous: {at: marker.at - 25_000, label: 'v1.1.0'}});
		expect(cut.before).toEqual({latenciesMs: Array.from({length: 25}, (_, index) => 35 + index), failures: 0, total: 25, startsAfter: 'v1.1.0'});
		const old = windowsAroundMarker(samples, marker, {previous: {at: marker.at - 31 * 60_000, label: 'v1.0.0'}});
		expect(old.before.total).toBe(60);
		expect(old.before.startsAfter).toBeUndefined();
	});

	it('merges only markers within ten minutes of the compared one, however close they are to each other', () => {
		// A 60 s check, a marker every 15 minutes for ten hours: 15 results between any two, all "too few".
		const samples: LatencySample[] = Array.from({length: 600}, (_, index) => ({at: marker.at - (600 - index) * 60_000, latencyMs: 20, state: 'up' as const}));
		const earlier = Array.from({length: 39}, (_, index) => ({at: marker.at - ((index + 1) * 15 * 60_000), label: `deploy ${39 - index}`}));
		const windows = windowsAroundMarker(samples, marker, {earlier});
		expect(windows.before.runsWith).toBeUndefined();
		expect(windows.before.startsAfter).toBe('deploy 39');
		expect(windows.before.total).toBe(15);
		// One five minutes before is the same deploy; the one before it, twenty minutes back, is not.
		const close = windowsAroundMarker(samples, marker, {earlier: [{at: marker.at - (5 * 60_000), label: 'helm upgrade'}, ...earlier]});
		expect(close.before.runsWith).toBe('helm upgrade');
		expect(close.before.startsAfter).toBe('deploy 39');
	});

	it('takes a mark followed within minutes by the version change as one deploy, however many results the rollout left', () => {
		// A 1 s check: 60 s of 1.0.0, `helm upgrade` marked, 25 s of rollout (25 results), then the version change.
		const samples: LatencySample[] = Array.from({length: 85}, (_, index) => ({at: marker.at - (85 - index) * 1000, latencyMs: index, state: 'up' as const}));
		const version = {at: marker.at, source: 'version' as const};
		const helm = {at: marker.at - 25_000, label: 'helm upgrade 1.1.0', source: 'command' as const};
		const together = windowsAroundMarker(samples, version, {earlier: [helm]});
		expect(together.before.runsWith).toBe('helm upgrade 1.1.0');
		expect(together.before.total).toBe(60);
		expect(Math.max(...together.before.latenciesMs)).toBe(59);
		// Two marks (or a mark after a version change: the next deploy) 25 results apart stay two deploys.
		for (const [later, earlier] of [[{...version, source: 'key' as const}, helm], [{...version, source: 'command' as const}, {...helm, source: 'version' as const}]] as const) {
			const apart = windowsAroundMarker(samples, later, {earlier: [earlier]});
			expect(apart.before.runsWith).toBeUndefined();
			expect(apart.before.startsAfter).toBe('helm upgrade 1.1.0');
			expect(apart.before.total).toBe(25);
		}

		// Beyond ten minutes a mark is another deploy, whatever came after it.
		const longAgo = windowsAroundMarker(samples, version, {earlier: [{...helm, at: marker.at - (11 * 60_000)}]});
		expect(longAgo.before.runsWith).toBeUndefined();
	});

	it('says how far before a mark taken as the same deploy was when it was not too close to tell apart', () => {
		// A 1 s check: ten minutes of 1.0.0, `helm upgrade` marked, two minutes of rollout (120 results), then the version
		// change. One deploy, but 120 results are no "too close to tell apart": the reason says how far apart they were.
		const samples: LatencySample[] = Array.from({length: 720}, (_, index) => ({at: marker.at - (720 - index) * 1000, latencyMs: 20 + (index % 5), state: 'up' as const}));
		const version = {at: marker.at, source: 'version' as const};
		const helm = {at: marker.at - 120_000, label: 'helm upgrade 1.1.0', source: 'command' as const};
		const apart = windowsAroundMarker(samples, version, {earlier: [helm]});
		expect(apart.before.runsWith).toBe('helm upgrade 1.1.0');
		const reasons = compareWindows(apart.before, ok(Array.from({length: 100}, () => 300))).reasons;
		expect(reasons.at(-1)).toBe('counted as one deploy with "helm upgrade 1.1.0" 2m before it');
		expect(reasons.join(', ')).not.toContain('too close to tell apart');
		// Ten seconds of rollout (10 results, fewer than minSamples) is what "too close to tell apart" was written for.
		const close = windowsAroundMarker(samples, version, {earlier: [{...helm, at: marker.at - 10_000}]});
		expect(compareWindows(close.before, ok(Array.from({length: 100}, () => 300))).reasons.at(-1))
			.toBe('with "helm upgrade 1.1.0" just before it, too close to tell apart');
	});

	it('takes a marker too shortly before for a window of its own as the same deploy: before ends where it begins', () => {
		// v1.0.0 results for 60 s, the `helm upgrade` mark, 10 s of rollout, then the version change compared.
		const samples: LatencySample[] = Array.from({length: 70}, (_, index) => ({at: marker.at - (70 - index) * 1000, latencyMs: index, state: 'up' as const}));
		const rollout = {at: marker.at - 10_000, label: 'helm upgrade 1.1.0'};
		const together = windowsAroundMarker(samples, marker, {earlier: [rollout]});
		// The 60 results before the mark, none of the 10 during the rollout.
		expect(together.before.total).toBe(60);
		expect(Math.max(...together.before.latenciesMs)).toBe(59);
		expect(together.before.runsWith).toBe('helm upgrade 1.1.0');
		expect(together.before.startsAfter).toBeUndefined();
		expect(compareWindows(together.before, ok(Array.from({length: 30}, () => 300))).reasons.at(-1))
			.toBe('with "helm upgrade 1.1.0" just before it, too close to tell apart');
		// Too little before the earlier marker (uptop started just before it): waiting will not help, and it says so.
		const late = windowsAroundMarker(samples.slice(-15), marker, {earlier: [rollout]});
		expect(compareWindows(late.before, ok(Array.from({length: 30}, () => 300))).reasons)
			.toEqual(['not enough before: 5 results before "helm upgrade 1.1.0" (the same deploy), 20 needed']);
		// And a marker before that one, with a full window since, still stops the before side.
		const earlier = windowsAroundMarker(samples, marker, {earlier: [rollout, {at: marker.at - 40_000, label: 'v1.0.0'}]});
		expect(earlier.before.total).toBe(30);
		expect(earlier.before.startsAfter).toBe('v1.0.0');
		expect(earlier.before.runsWith).toBe('helm upgrade 1.1.0');
	});

	it('compares a settled rollout with the window before its first change, however far apart the rollout\'s changes were', () => {
		// A 1 s check: 150 s of 3.0.0 at 20 ms, `api 3.0.0 → 4.0.0`, its change back 30 s later (30 results, within
		// the minute's flip window), the mix at 500 ms for two minutes, then the settled marker.
		const settled = {at: marker.at, label: 'api 3.0.0 → 4.0.0 (settled)', source: 'version' as const, isSettled: true as const};
		const deploy = {at: marker.at - 150_000, label: 'api 3.0.0 → 4.0.0', source: 'version' as const};
		const flipBack = {at: marker.at - 120_000, label: 'api 4.0.0 → 3.0.0', source: 'version' as const};
		const samples: LatencySample[] = Array.from({length: 300}, (_, index) => {
			const at = marker.at - (300 - index) * 1000;
			return {at, latencyMs: at < deploy.at ? 20 : 500, state: 'up' as const};
		});
		const windows = windowsAroundMarker(samples, settled, {earlier: [flipBack, deploy]});
		expect(windows.before.runsWith).toBe('api 3.0.0 → 4.0.0');
		expect(windows.before.total).toBe(150);
		expect(Math.max(...windows.before.latenciesMs)).toBe(20);
		// The rollout's markers only: a deploy before it, a minute before its first change, stays a deploy of its own.
		const previous = {at: deploy.at - 60_000, label: 'api 2.0.0 → 3.0.0', source: 'version' as const};
		const apart = windowsAroundMarker(samples, settled, {earlier: [flipBack, deploy, previous]});
		expect(apart.before.runsWith).toBe('api 3.0.0 → 4.0.0');
		expect(apart.before.startsAfter).toBe('api 2.0.0 → 3.0.0');
		expect(apart.before.total).toBe(60);
		// An unsettled version change is compared as before: the change back 30 results before is a deploy of its own.
		expect(windowsAroundMarker(samples, {...settled, isSettled: undefined}, {earlier: [flipBack, deploy]}).before.runsWith).toBeUndefined();
	});
});
