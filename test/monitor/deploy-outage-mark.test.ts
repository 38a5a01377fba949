import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {closeProbes} from '../../source/probes/index.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {httpCheck} from '../helpers/http-servers.js';
import {realProbes} from '../helpers/real-probes.js';
import {versionServer} from '../helpers/version-server.js';

const port = 21_651;
const service = versionServer(port);

afterEach(async () => {
	await service.stop();
	await closeProbes();
});

describe('an `uptop mark` made during the restart of the deploy it announces', () => {
	it('is one deploy with the version change marked where the outage began: compared around that, the outage after it', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const probes = realProbes();
		const check = httpCheck(`http://127.0.0.1:${port}/health`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: probes.probe});
		try {
			await service.start('4.0.0');
			monitor.start();
			await probes.advance(clock, 40);
			// v4 is killed; the deploy script runs `uptop mark` 25 s into the restart; v5 answers 10 s later.
			await service.stop();
			await probes.advance(clock, 25);
			monitor.send({type: 'mark', label: 'deploy api 5.0.0', source: 'command'});
			await probes.advance(clock, 10);
			await service.start('5.0.0');
			await probes.advance(clock, 60);
			const snapshot = monitor.flush();
			// The version marker goes back to the outage's first result, before the mark.
			expect(snapshot.markers.map(marker => marker.label)).toEqual(['api 4.0.0 → 5.0.0', 'deploy api 5.0.0']);
			expect(snapshot.markers[0]!.at - start).toBeLessThanOrEqual(42_000);
			expect(snapshot.markers[1]!.at - start).toBeGreaterThanOrEqual(64_000);
			const release = snapshot.rows[0]!.release!;
			// The deploy began where the outage did: compared there, not at the mark with the outage's first 25 s before it.
			expect(release.markerLabel).toBe('api 4.0.0 → 5.0.0');
			expect(release.errorRate.before).toBe(0);
			expect(release.errorRate.after).toBeGreaterThan(0.2);
			expect(release.verdict).toBe('worse');
		} finally {
			await monitor.stop();
		}
	}, 60_000);
});
