import type {Check} from '../../source/config/types.js';
import {probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import type {FakeClock} from './fake-clock.js';

/**
 * Real probes of the real server, on the engine's injected clock: each second of fake time waits for the
 * probes it started to finish for real before time moves on, so every result lands at its own second.
 */
export function realProbes() {
	const running = new Set<Promise<ProbeResult>>();
	return {
		probe(check: Check, signal: AbortSignal) {
			const result = probeCheck(check, signal);
			running.add(result);
			void result.finally(() => running.delete(result));
			return result;
		},
		async advance(clock: FakeClock, seconds: number) {
			const settle = async () => {
				await clock.advance(0);
				while (running.size > 0) await Promise.all(running);
				await clock.flush();
			};

			// A probe started by the last step (or by start) answers before time moves on to its deadline.
			await settle();
			for (let second = 0; second < seconds; second++) {
				await clock.advance(1000);
				await settle();
			}
		},
	};
}
