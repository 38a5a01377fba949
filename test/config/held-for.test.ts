import {describe, expect, it} from 'vitest';
import {formatHeldFor} from '../../source/config/held-for.js';

describe('formatHeldFor', () => {
	it.each([
		[0, '0s'],
		[400, '0s'],
		[3000, '3s'],
		[59_600, '1m'],
		[94_000, '1m 34s'],
		[3_600_000, '1h'],
		[7_500_000, '2h 5m'],
		[273_600_000, '3d 4h'],
	])('writes %i ms as %s', (ms, text) => {
		expect(formatHeldFor(ms)).toBe(text);
	});
});
