import {satisfies} from '../config/threshold.js';
import type {Threshold} from '../config/types.js';
import type {Outcome} from './types.js';

export type ThresholdVerdict = {readonly outcome: Outcome; readonly message?: string};

/**
 * "value 45s > 20s": the value and the threshold written the same way. When rounding makes them read alike
 * ("value 20s > 20s" for 20.3 against 20) the exact value follows, every digit, so the rule that matched still
 * makes sense. The formats give one amount one spelling (value-unit.ts), so spellings that differ are amounts that do.
 */
function comparison(value: number, threshold: Threshold, format: (value: number) => string, formatLimit: (value: number) => string): string {
	const shown = format(value);
	const limit = formatLimit(threshold.value);
	const exact = shown === limit && value !== threshold.value ? ` (${String(value)})` : '';
	return `value ${shown}${exact} ${threshold.op} ${limit}`;
}

/**
 * `fail` wins over `warn`; the message names the rule that matched: "value 0 == 0 (fail)". `formatLimit` writes the
 * threshold, exactly where `format` would round it (value-unit.ts formatThreshold): the rule as it was written.
 */
export function evaluate(value: number, warn: Threshold | undefined, fail: Threshold | undefined, format: (value: number) => string = String, formatLimit = format): ThresholdVerdict {
	if (fail && satisfies(value, fail)) {
		return {outcome: 'failing', message: `${comparison(value, fail, format, formatLimit)} (fail)`};
	}

	if (warn && satisfies(value, warn)) {
		return {outcome: 'warn', message: `${comparison(value, warn, format, formatLimit)} (warn)`};
	}

	return {outcome: 'up'};
}
