import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {closeProbes} from '../../source/probes/index.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {httpCheck} from '../helpers/http-servers.js';
import {realProbes} from '../helpers/real-probes.js';
import {versionServer} from '../helpers/version-server.js';

const port = 21_400;
const service = versionServer(port);

afterEach(async () => {
	await service.stop();
	await closeProbes();
});

describe('a deploy whose restart takes the service down', () => {
	it('counts the downtime after the version marker: the deploy caused it', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const probes = realProbes();
		const check = httpCheck(`http://127.0.0.1:${port}/health`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: probes.probe});
		try {
			await service.start('4.0.0');
			monitor.start();
			await probes.advance(clock, 40);
			// v4 is killed; v5 answers 15 s later.
			await service.stop();
			await probes.advance(clock, 15);
			await service.start('5.0.0');
			await probes.advance(clock, 60);
			const snapshot = monitor.flush();
			expect(snapshot.markers.map(marker => marker.label)).toEqual(['api 4.0.0 → 5.0.0']);
			const markerAt = snapshot.markers[0]!.at - start;
			// At the first result after v4's last answer (the outage's first), not at v5's first answer.
			expect(markerAt).toBeGreaterThanOrEqual(40_000);
			expect(markerAt).toBeLessThanOrEqual(42_000);
			const release = snapshot.rows[0]!.release!;
			expect(release.errorRate.before).toBe(0);
			expect(release.errorRate.after).toBeGreaterThan(0.1);
			expect(release.verdict).toBe('worse');
		} finally {
			await monitor.stop();
		}
	}, 60_000);
});
