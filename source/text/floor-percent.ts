/**
 * A fraction as a percentage cut, never rounded, to `digits` decimals: an uptime of 99.996 % must not read 100,
 * and the screen, `--json` and the report must give one check the same figure at their own precision. The
 * nudge keeps binary fractions a hair under a whole step (0.29 × 10000 is 2899.9999999999995) on that step.
 */
export function floorPercent(fraction: number, digits: number): number {
	const scale = 10 ** digits;
	return Math.floor(fraction * 100 * scale + 1e-6) / scale;
}
