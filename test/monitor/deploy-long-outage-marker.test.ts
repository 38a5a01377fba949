import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {closeProbes} from '../../source/probes/index.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {httpCheck} from '../helpers/http-servers.js';
import {realProbes} from '../helpers/real-probes.js';
import {versionServer} from '../helpers/version-server.js';

const port = 21_700;
const service = versionServer(port);

afterEach(async () => {
	await service.stop();
	await closeProbes();
});

describe('a long outage that a deploy ended', () => {
	it('marks the deploy at the new version\'s first answer: the fix reads better, the outage is before it', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const probes = realProbes();
		const check = httpCheck(`http://127.0.0.1:${port}/health`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: probes.probe});
		try {
			await service.start('4.0.0');
			monitor.start();
			await probes.advance(clock, 40);
			// v4 goes down for five minutes; the hotfix v5 ends the outage.
			await service.stop();
			await probes.advance(clock, 300);
			await service.start('5.0.0');
			await probes.advance(clock, 60);
			const snapshot = monitor.flush();
			expect(snapshot.markers.map(marker => marker.label)).toEqual(['api 4.0.0 → 5.0.0']);
			const markerAt = snapshot.markers[0]!.at - start;
			// At v5's first answer, not five minutes earlier at the outage's first result.
			expect(markerAt).toBeGreaterThanOrEqual(339_000);
			expect(markerAt).toBeLessThanOrEqual(342_000);
			const release = snapshot.rows[0]!.release!;
			expect(release.errorRate.before).toBeGreaterThan(0.5);
			expect(release.errorRate.after).toBe(0);
			expect(release.verdict).toBe('better');
		} finally {
			await monitor.stop();
		}
	}, 120_000);
});
