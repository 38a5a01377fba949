import {describe, expect, it} from 'vitest';
import {classifyState} from '../../source/monitor/classify-state.js';
import {localAddressReason, openFilesReason} from '../../source/probes/local-limits.js';
import type {Outcome, ProbeResult} from '../../source/probes/types.js';

const result = (outcome: Outcome, latencyMs: number): ProbeResult => ({outcome, latencyMs, startedAt: 0, summary: ''});
const check = {slowMs: 1000};

describe('classifyState', () => {
	it('is pending before the first result', () => {
		expect(classifyState(undefined, check)).toBe('pending');
	});

	it.each([
		['up', 0, 'up'],
		['up', 999, 'up'],
		['up', 999.9, 'up'],
		['up', 1000, 'slow'],
		['up', 5000, 'slow'],
		['warn', 10, 'warn'],
		['warn', 5000, 'warn'],
		['failing', 10, 'failing'],
		['failing', 5000, 'failing'],
		// A plugin that cannot tell is unknown, however slow it was to say so.
		['unknown', 10, 'unknown'],
		['unknown', 5000, 'unknown'],
	] as const)('a %s result at %i ms with slow at 1000 ms is %s', (outcome, latencyMs, expected) => {
		expect(classifyState(result(outcome, latencyMs), check)).toBe(expected);
	});

	// Out of descriptors, the probe never reached the target: that says nothing of it, and must not read as an outage.
	it.each(['EMFILE', 'ENFILE'] as const)('a failing result for uptop\'s own limit on open files (%s) is unknown', code => {
		const why = openFilesReason(code);
		expect(classifyState({...result('failing', 2), reason: why}, check)).toBe('unknown');
		expect(classifyState({...result('failing', 2), reason: why}, check, 'up')).toBe('unknown');
	});

	// Nor did one that found no free local port or address on uptop's host (EADDRNOTAVAIL).
	it('a failing result for uptop\'s host having no free local port (local:address) is unknown', () => {
		const why = localAddressReason('api.internal:443');
		expect(classifyState({...result('failing', 2), reason: why}, check)).toBe('unknown');
		expect(classifyState({...result('failing', 2), reason: why}, check, 'failing')).toBe('unknown');
	});

	// Unless the check has not reached its target for long: a missing address that lasts is no shortage (IPv6 off).
	it('a failing result for local:address is failing once the target has long been unreached; local:files is not', () => {
		expect(classifyState({...result('failing', 2), reason: localAddressReason('[::1]:443')}, check, 'unknown', true)).toBe('failing');
		expect(classifyState({...result('failing', 2), reason: openFilesReason('EMFILE')}, check, 'unknown', true)).toBe('unknown');
	});

	it('a failing result for the target stays failing', () => {
		expect(classifyState({...result('failing', 2), reason: {code: 'refused', message: 'connection refused'}}, check)).toBe('failing');
		expect(classifyState({...result('failing', 2), reason: {code: 'unreachable', message: 'network unreachable (ENETUNREACH, api.internal:443)'}}, check)).toBe('failing');
	});

	it.each(['up', 'slow', 'warn', 'failing', 'pending', 'unknown'] as const)('a cancelled result keeps the previous state %s', previous => {
		expect(classifyState(result('cancelled', 3), check, previous)).toBe(previous);
	});
});
