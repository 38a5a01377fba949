import type {Threshold} from '../config/types.js';
import type {Outcome} from './types.js';

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

/** Up to six significant digits, no exponent for everyday values: 0.95, 1234.57, 0. */
export function formatNumber(value: number): string {
	return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

export type ThresholdVerdict = {readonly outcome: Outcome; readonly message?: string};

/** `fail` wins over `warn`; the message names the rule that matched: "value 0 == 0 (fail)". */
export function evaluate(value: number, warn: Threshold | undefined, fail: Threshold | undefined): ThresholdVerdict {
	if (fail && satisfies(value, fail)) {
		return {outcome: 'failing', message: `value ${formatNumber(value)} ${fail.op} ${formatNumber(fail.value)} (fail)`};
	}

	if (warn && satisfies(value, warn)) {
		return {outcome: 'warn', message: `value ${formatNumber(value)} ${warn.op} ${formatNumber(warn.value)} (warn)`};
	}

	return {outcome: 'up'};
}
