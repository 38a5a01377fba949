/** Milliseconds per unit accepted in durations. */
const unitMs: Readonly<Record<string, number>> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

export const durationUnits = Object.keys(unitMs);

/** Unit words people write (`5 seconds`, `2min`), mapped to the unit uptop reads, for hints only. */
const unitWords: Readonly<Record<string, string>> = {
	msec: 'ms', msecs: 'ms', millisecond: 'ms', milliseconds: 'ms',
	sec: 's', secs: 's', second: 's', seconds: 's',
	min: 'm', mins: 'm', minute: 'm', minutes: 'm',
	hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
	day: 'd', days: 'd',
};

/** `5 seconds` → `5s`, `1 min 30 sec` → `1m30s`; undefined when the text is not one of those with words. */
function suggestDuration(text: string): string | undefined {
	const suggestion = text.replaceAll(/\s+/g, '').replaceAll(/(\d)([a-zA-Z]+)/g, (_whole, digit: string, unit: string) => digit + (unitWords[unit.toLowerCase()] ?? unit.toLowerCase()));
	return new RegExp(durationPattern).test(suggestion) ? suggestion : undefined;
}

/**
 * The grammar, also used for the JSON Schema: one or more number+unit parts, no spaces, each unit at most once and
 * from the largest down (`1m30s`; `1h1h` and `30s1m` are typos).
 */
export const durationPattern = `^(?=\\d)${['d', 'h', 'm', 's', 'ms'].map(unit => `(\\d+(\\.\\d+)?${unit})?`).join('')}$`;

/** `PT1M30S` (ISO 8601, as Java and .NET configs write one) as uptop writes it, or undefined. */
function fromIso8601(text: string): string | undefined {
	const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
	if (match === null || match.slice(1).every(part => part === undefined)) return undefined;
	const units = ['d', 'h', 'm', 's'];
	return match.slice(1).map((part, index) => (part === undefined || Number(part) === 0 ? '' : `${part}${units[index]}`)).join('') || '0s';
}

/** What a duration that does not parse was probably meant to be: another format's, a range, a last number without its unit. */
function notADurationHint(text: string): string | undefined {
	const iso = fromIso8601(text);
	if (iso !== undefined) return `an ISO 8601 duration: write ${iso}`;
	const range = /^\d+(?:\.\d+)?[a-z]*\s*[-–—~]\s*(\d+(?:\.\d+)?[a-z]+)$/i.exec(text);
	if (range) return `a range is not a duration: write one, such as ${range[1]}`;
	if (/^\d+,\d+[a-z]+$/i.test(text)) return `a decimal point, not a comma: write ${text.replace(',', '.')}`;
	// `1h30`: the unit after the last number is left out; it is the next smaller one.
	const unfinished = /^((?:\d+(?:\.\d+)?[a-z]+)+?)(\d+)$/i.exec(text);
	const lastUnit = unfinished ? /([a-z]+)$/i.exec(unfinished[1]!)?.[1] : undefined;
	const next: Readonly<Record<string, string>> = {d: 'h', h: 'm', m: 's', s: 'ms'};
	if (unfinished && lastUnit !== undefined && next[lastUnit] !== undefined) return `the last number has no unit: write ${text}${next[lastUnit]}`;
	return undefined;
}

/**
 * `1h1h` or `30s1m`: a unit written twice or after a smaller one. Read as a sum they would pass, but nobody writes
 * `1h1h` for 2h: it is a slip (a line edited half-way, two values run together), so it is asked about. The hint
 * adds the parts up unit by unit, in the writer's own units (`1m30s` for `30s1m`, not `90s`).
 */
function unitOrderProblem(text: string, parts: ReadonlyArray<readonly [number, string]>): DurationResult | undefined {
	const at = parts.findIndex(([, unit], index) => index > 0 && unitMs[unit]! >= unitMs[parts[index - 1]![1]]!);
	if (at === -1) return undefined;
	const sums = new Map<string, number>();
	for (const [number, unit] of parts) sums.set(unit, (sums.get(unit) ?? 0) + number);
	// Decimals add up with binary noise (0.1h0.2h); no one writes a duration with more than a few places.
	const inOrder = [...sums].sort(([a], [b]) => unitMs[b]! - unitMs[a]!).map(([unit, sum]) => `${Number(sum.toFixed(6))}${unit}`).join('');
	const unit = parts[at]![1];
	return parts.slice(0, at).some(([, written]) => written === unit)
		? {ok: false, message: `\`${text}\` has the unit ${unit} twice`, hint: `write ${inOrder}, if that is what it means`}
		: {ok: false, message: `\`${text}\` has ${unit} after ${parts[at - 1]![1]}: a duration goes from its largest unit down`, hint: `write ${inOrder}`};
}

export type DurationResult = {readonly ok: true; readonly ms: number} | {readonly ok: false; readonly message: string; readonly hint?: string};

/** Like `parseDuration`, but returns the reason instead of throwing (the config loader collects them). */
export function checkDuration(input: unknown): DurationResult {
	if (typeof input === 'number') {
		return {ok: false, message: `${input} has no unit`, hint: `write ${Math.abs(input)}s (seconds) or ${Math.abs(input)}ms (milliseconds)`};
	}

	if (typeof input !== 'string') {
		return {ok: false, message: 'expected a duration such as 10s'};
	}

	const text = input.trim();
	if (text === '') {
		return {ok: false, message: 'empty duration', hint: 'write a number with a unit: 250ms, 2s, 1m, 1h, 1d'};
	}

	if (text.startsWith('-')) {
		return {ok: false, message: `a duration cannot be negative (\`${text}\`)`};
	}

	if (/^\d+(\.\d+)?$/.test(text)) {
		return {ok: false, message: `\`${text}\` has no unit`, hint: `write ${text}s (seconds) or ${text}ms (milliseconds)`};
	}

	if (/\s/.test(text)) {
		const suggestion = suggestDuration(text);
		return {ok: false, message: `a duration has no spaces (\`${text}\`)`, hint: suggestion ? `write ${suggestion}` : 'write a number with a unit and no spaces: 250ms, 2s, 1m, 1h, 1d (or 1m30s)'};
	}

	let ms = 0;
	let rest = text;
	const parts: Array<[number, string]> = [];
	while (rest.length > 0) {
		const match = /^(\d+(?:\.\d+)?)([a-zA-Z]+)/.exec(rest);
		if (!match) {
			return {ok: false, message: `\`${text}\` is not a duration`, hint: notADurationHint(text) ?? 'write a number with a unit: 250ms, 2s, 1m, 1h, 1d (or 1m30s)'};
		}

		const unit = match[2]!;
		const factor = unitMs[unit];
		if (factor === undefined) {
			const suggestion = suggestDuration(text);
			return {ok: false, message: `unknown unit \`${unit}\` in \`${text}\``, hint: suggestion ? `write ${suggestion} (units: ms, s, m, h or d)` : 'use ms, s, m, h or d'};
		}

		parts.push([Number(match[1]), unit]);
		ms += Number(match[1]) * factor;
		rest = rest.slice(match[0].length);
	}

	return unitOrderProblem(text, parts) ?? {ok: true, ms: Math.round(ms)};
}

/**
 * `250ms`, `2s`, `1m`, `1h`, `1d` and combinations (`1m30s`) → milliseconds.
 * Throws a RangeError with a specific message for `5 s`, `-1s`, a bare `10`, or an unknown unit.
 */
export function parseDuration(text: string): number {
	const result = checkDuration(text);
	if (!result.ok) {
		throw new RangeError(result.hint ? `${result.message}; ${result.hint}` : result.message);
	}

	return result.ms;
}

/** 1500 → `1.5s`, 900000 → `15m`: the shortest way to write a duration back. */
export function formatDuration(ms: number): string {
	for (const [unit, factor] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
		if (ms >= factor && (ms % factor === 0 || (unit === 's' && ms % 100 === 0))) {
			return `${ms / factor}${unit}`;
		}
	}

	return `${ms}ms`;
}

/** `1 day`, `20 days`: a count of days in words that agree with it (certificates, in the probe and on screen). */
export function formatDays(count: number): string {
	return `${count} ${Math.abs(count) === 1 ? 'day' : 'days'}`;
}

/**
 * "20 days left", or for a certificate past its end "expired today" / "expired 3 days ago". `daysLeft` is floored
 * (a day and an hour left is 1, conservative for the future), so in the past -1 is under a day ago and -2 one day
 * and some: the whole days since it expired are -daysLeft - 1, never a negative count of days left.
 */
export function formatDaysLeft(daysLeft: number): string {
	if (daysLeft >= 0) {
		return `${formatDays(daysLeft)} left`;
	}

	const ago = -daysLeft - 1;
	return ago === 0 ? 'expired today' : `expired ${formatDays(ago)} ago`;
}
