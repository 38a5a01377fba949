import {describe, expect, it} from 'vitest';
import {withoutGlobalFetch} from '../../source/runtime/without-global-fetch.js';

describe('withoutGlobalFetch', () => {
	it('hides fetch while the import runs and puts the same function back', async () => {
		const before = globalThis.fetch;
		const seen = await withoutGlobalFetch(async () => typeof (globalThis as {fetch?: unknown}).fetch);
		expect(seen).toBe('undefined');
		expect(globalThis.fetch).toBe(before);
		expect(typeof fetch).toBe('function');
	});

	it('puts fetch back when the import fails', async () => {
		const before = globalThis.fetch;
		await expect(withoutGlobalFetch(async () => {
			throw new Error('broken chunk');
		})).rejects.toThrow('broken chunk');
		expect(globalThis.fetch).toBe(before);
	});

	it('lets yoga, through Ink, load without fetch', async () => {
		const ink = await withoutGlobalFetch(async () => import('ink'));
		expect(typeof ink.render).toBe('function');
	});
});
