import {formatBytes} from './format-bytes.js';

/** What a number key counts, when its value may be written with a unit that uptop does not read there. */
export type CountedUnit = 'days' | 'bytes';

const byteUnit = /^(\d+(?:\.\d+)?)\s*(b|bytes?|[kmg]i?b?)$/i;
const powers: Readonly<Record<string, number>> = {b: 0, k: 1, m: 2, g: 3};

/** `2 MiB`: how a binary amount is said, the letter upper case. */
const binaryName = (number: string, letter: string): string => `${number} ${letter.toUpperCase()}iB`;

/**
 * `warnDays: 14d` → `warnDays: 14`; `maxBytes: 1MB` → `maxBytes: 1000000 (or 1048576 for 1 MiB)`: a number written
 * with a unit, as another tool takes it, and the number this key takes. A unit without `i` (`MB`, `M`) is read both
 * ways, as people write it for either; `MiB` one way.
 */
export function unitHint(unit: CountedUnit, text: string, key: string | undefined, max: number): string | undefined {
	const line = (number: number): string => `${key === undefined ? '' : `${key}: `}${number}`;
	if (unit === 'days') {
		const match = /^(\d+)\s*(d|days?|w|weeks?)$/i.exec(text.trim());
		if (match === null) return undefined;
		const days = Number(match[1]) * (/^w/i.test(match[2]!) ? 7 : 1);
		return days <= max ? `write the number of days: ${line(days)}` : `write the number of days, at most ${max}`;
	}

	const match = byteUnit.exec(text.trim());
	if (match === null) return undefined;
	const [, number, written] = match as unknown as [string, string, string];
	const power = powers[written[0]!.toLowerCase()] ?? 0;
	const isBinary = /i/i.test(written);
	const decimal = Number(number) * 1000 ** power;
	const binary = Number(number) * 1024 ** power;
	const readings = (isBinary || power === 0 ? [binary] : [decimal, binary]).filter(bytes => Number.isInteger(bytes) && bytes <= max);
	if (readings.length === 0) return `write the number of bytes, at most ${max} (${formatBytes(max)})`;
	const [first, second] = readings as [number, number | undefined];
	return `write the number of bytes: ${line(first)}${second === undefined ? '' : ` (or ${second} for ${binaryName(number, written[0]!)})`}`;
}
