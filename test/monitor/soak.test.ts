import {describe, it} from 'vitest';
import {expectSteadyOverLongRun} from './soak-scenario.js';

const hourMs = 3_600_000;
const isLong = process.env.UPTOP_SOAK === 'long';

describe.skipIf(isLong)('monitor soak (short; `npm run soak` runs a simulated week)', () => {
	it('keeps timers, history and heap flat and schedules on time over 6 simulated hours', async () => {
		await expectSteadyOverLongRun({checkCount: 15, intervalMs: 2000, durationMs: 6 * hourMs, warmUpMs: 3 * hourMs, publishIntervalMs: 250, historyCapacity: 3600});
	}, 120_000);
});
