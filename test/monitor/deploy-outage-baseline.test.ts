import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {closeProbes} from '../../source/probes/index.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {httpCheck} from '../helpers/http-servers.js';
import {realProbes} from '../helpers/real-probes.js';
import {versionServer} from '../helpers/version-server.js';

const port = 21_900;
const service = versionServer(port);

afterEach(async () => {
	await service.stop();
	await closeProbes();
});

describe('two restart-deploys 40 s apart', () => {
	it('compares the second with the answers after the first outage, not with that outage', async () => {
		const clock = createFakeClock();
		const probes = realProbes();
		const check = httpCheck(`http://127.0.0.1:${port}/health`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: probes.probe});
		try {
			await service.start('1.0.0');
			monitor.start();
			await probes.advance(clock, 40);
			// Each restart: the old instance killed, the new one answering 10 s later.
			await service.stop();
			await probes.advance(clock, 10);
			await service.start('2.0.0');
			await probes.advance(clock, 40);
			await service.stop();
			await probes.advance(clock, 10);
			await service.start('3.0.0');
			await probes.advance(clock, 30);
			const snapshot = monitor.flush();
			expect(snapshot.markers.map(marker => marker.label)).toEqual(['api 1.0.0 → 2.0.0', 'api 2.0.0 → 3.0.0']);
			const release = snapshot.rows[0]!.release!;
			expect(release.markerLabel).toBe('api 2.0.0 → 3.0.0');
			// The before side holds v2's answers only: the first restart's outage is the first deploy's.
			expect(release.errorRate.before).toBe(0);
			expect(release.errorRate.after).toBeGreaterThan(0.1);
			expect(release.verdict).toBe('worse');
			// The first marker sits at its outage's start and keeps where v2 first answered.
			const [first] = snapshot.markers;
			expect(first!.answeredAt).toBeGreaterThan(first!.at + 8000);
			// `--json` says it too; a marker at its first answer has none.
			expect(eventRecord({type: 'marker', marker: first!}, new Map([['api', check]]))?.['answeredAt']).toBe(new Date(first!.answeredAt!).toISOString());
		} finally {
			await monitor.stop();
		}
	}, 60_000);

	it('keeps where the new version answered on a version marker another uptop recorded', async () => {
		const clock = createFakeClock();
		const check = httpCheck(`http://127.0.0.1:${port}/health`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: realProbes().probe});
		try {
			const at = clock.now() - 20_000;
			// As connect-history.ts passes on a marker the history file's follower read.
			monitor.send({type: 'mark', label: 'api 1.0.0 → 2.0.0', source: 'version', at, checkId: 'api', checkName: 'api', answeredAt: at + 10_000});
			expect(monitor.flush().markers.map(marker => marker.answeredAt)).toEqual([at + 10_000]);
		} finally {
			await monitor.stop();
		}
	});
});
