import {describe, expect, it} from 'vitest';
import type {HopResponse} from '../../source/probes/http/exchange.js';
import {PhaseClock} from '../../source/probes/http/result.js';

function response(times: Pick<HopResponse, 'requestAt' | 'firstByteAt' | 'endAt'>): HopResponse {
	return {kind: 'response', status: 200, statusText: 'OK', headers: {}, body: Buffer.alloc(0), bodyBytes: 0, end: 'complete', headersAt: times.firstByteAt ?? 0, ...times};
}

describe('PhaseClock', () => {
	it('starts time to first byte when the connection is ready, not when undici queued the request', () => {
		const clock = new PhaseClock();
		// undici hands the request over (requestAt 0.1) before the connector has even connected (1.0) and
		// finished TLS (3.0): those waits are connect and TLS, not the server's time to answer.
		clock.addConnection({phase: 'connect', signal: new AbortController().signal, connectStartAt: 0, connectedAt: 1, secureAt: 3});
		clock.addResponse(response({requestAt: 0.1, firstByteAt: 4.5, endAt: 5}));
		expect(clock.phases(5)).toEqual({connectMs: 1, tlsMs: 2, ttfbMs: 1.5, transferMs: 0.5, totalMs: 5});
	});

	it('on a reused connection counts time to first byte from the request', () => {
		const clock = new PhaseClock();
		clock.addConnection({phase: 'headers', signal: new AbortController().signal});
		clock.addResponse(response({requestAt: 10, firstByteAt: 12, endAt: 12.25}));
		expect(clock.phases(2.25)).toEqual({ttfbMs: 2, transferMs: 0.25, totalMs: 2.25});
	});

	it('never reports parts that add up to more than the latency they divide, at microsecond precision', () => {
		const clock = new PhaseClock();
		// Each part ends in 0.0006 ms: rounded to the nearest microsecond, three of them would overshoot.
		clock.addConnection({phase: 'connect', signal: new AbortController().signal, connectStartAt: 0, connectedAt: 7.0006});
		clock.addResponse(response({requestAt: 7.0006, firstByteAt: 14.0012, endAt: 21.0018}));
		const phases = clock.phases(21.0018);
		expect(phases.connectMs! + phases.ttfbMs! + phases.transferMs!).toBeLessThanOrEqual(21.0018);
		expect(phases.totalMs).toBe(21.002);
	});
});

