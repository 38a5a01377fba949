import type {Threshold} from './types.js';

/** Whether a value meets a prometheus threshold: the one comparison the probe and the validator share. */
export function satisfies(value: number, threshold: Threshold): boolean {
	switch (threshold.op) {
		case '>': {
			return value > threshold.value;
		}

		case '>=': {
			return value >= threshold.value;
		}

		case '<': {
			return value < threshold.value;
		}

		case '<=': {
			return value <= threshold.value;
		}

		case '==': {
			return value === threshold.value;
		}

		case '!=': {
			return value !== threshold.value;
		}
	}
}

/**
 * Whether no value meets `warn` without meeting `fail` (which the probe checks first), so the check could never
 * warn. Each threshold splits the numbers at its bound, so the two bounds, a number between them and one beyond
 * either side are every case there is.
 */
export function isWarnUnreachable(warn: Threshold, fail: Threshold): boolean {
	const low = Math.min(warn.value, fail.value);
	const high = Math.max(warn.value, fail.value);
	return [Number.NEGATIVE_INFINITY, low, (low / 2) + (high / 2), high, Number.POSITIVE_INFINITY].every(value => !satisfies(value, warn) || satisfies(value, fail));
}

/** `"< 0.5"`, as a threshold is written in checks.yaml. */
export const thresholdText = (threshold: Threshold): string => `"${threshold.op} ${String(threshold.value)}"`;
