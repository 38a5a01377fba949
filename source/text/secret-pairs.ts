/**
 * A quick test that rules a secret out of a text before its pattern (see secretPattern) runs: compiling one such
 * pattern costs about a third of a millisecond, running one over a 4 KB body tens of microseconds, and most texts hold
 * no secret. Every form the pattern finds writes each ASCII letter or digit of the secret as itself (in any case),
 * `%XX` or `\uXXXX`, so two that stand side by side in the secret stand side by side in the text, in one of those forms
 * each. A text missing any such pair cannot hold the secret.
 *
 * A pair is a number below pairCount. A text is either searched for a few secrets' pairs as plain text, or read once
 * into every pair it holds in any form (PairReader), after which a secret is ruled out by a few look-ups.
 */

/** An ASCII letter or digit, whatever its case or form, is one of 36 units: digits 0–9, letters 10–35. */
const unitCount = 36;
export const pairCount = unitCount * unitCount;
const noUnit = -1;

// An ASCII character → its unit.
const asciiUnits = new Int8Array(0x80).fill(noUnit);
for (let code = 0x30; code <= 0x39; code++) asciiUnits[code] = code - 0x30;
for (let code = 0x41; code <= 0x5a; code++) asciiUnits[code] = code - 0x41 + 10;
for (let code = 0x61; code <= 0x7a; code++) asciiUnits[code] = code - 0x61 + 10;

/**
 * The unit of a character outside ASCII written plainly. The Kelvin sign and the long s count as `k` and `s`: a
 * case-insensitive pattern matches them for those letters, and no other character outside ASCII for any.
 */
const otherUnit = (code: number): number => (code === 0x21_2a ? asciiUnits[0x6b]! : code === 0x01_7f ? asciiUnits[0x73]! : noUnit);

const hexDigits = new Int8Array(0x80).fill(noUnit);
for (let digit = 0; digit < 16; digit++) {
	hexDigits[digit.toString(16).charCodeAt(0)] = digit;
	hexDigits[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/** The value of `count` hex digits (either case) at `start`, or -1. */
function hexAt(text: string, start: number, count: number): number {
	if (start + count > text.length) return noUnit;
	let value = 0;
	for (let index = start; index < start + count; index++) {
		const code = text.charCodeAt(index);
		const digit = code < 0x80 ? hexDigits[code]! : noUnit;
		if (digit === noUnit) return noUnit;
		value = value * 16 + digit;
	}

	return value;
}

/** The unit of an ASCII character by its code, or -1. */
const unitOfCode = (code: number): number => (code >= 0 && code < 0x80 ? asciiUnits[code]! : noUnit);

/**
 * The unit of the escape at `start` (`%` or `\` is there) and how many UTF-16 units it takes, as
 * `unit + 64 * length`, or -1: `%XX` (a byte in either hex case) or `\uXXXX` (the `u` in either case, as a
 * case-insensitive pattern reads it) of an ASCII letter or digit.
 */
function escapedUnitAt(text: string, start: number): number {
	if (text.charCodeAt(start) === 0x25) {
		const unit = unitOfCode(hexAt(text, start + 1, 2));
		return unit === noUnit ? noUnit : unit + 64 * 3;
	}

	const next = text.charCodeAt(start + 1);
	if (next !== 0x75 && next !== 0x55) return noUnit;
	const unit = unitOfCode(hexAt(text, start + 2, 4));
	return unit === noUnit ? noUnit : unit + 64 * 6;
}

/** Each distinct pair of adjacent ASCII letters or digits in `value`, in any case: what a text must hold to hold it. */
export function secretPairs(value: string): readonly number[] {
	// Read one UTF-16 unit at a time, never lowered whole: `İ` lowers to `i` and a combining dot, a pair no form of
	// `İ` holds. Only ASCII counts here: the Kelvin sign in a secret is matched as itself.
	const pairs = new Set<number>();
	for (let index = 0; index + 1 < value.length; index++) {
		const [first, second] = [unitOfCode(value.charCodeAt(index)), unitOfCode(value.charCodeAt(index + 1))];
		if (first !== noUnit && second !== noUnit) pairs.add(first * unitCount + second);
	}

	return [...pairs];
}

const unitText = (unit: number): string => (unit < 10 ? String(unit) : String.fromCharCode(0x61 + unit - 10));

/** A pair as plain text in lower case, as it stands in a text folded by foldForPairs. */
export const pairText = (pair: number): string => unitText(Math.floor(pair / unitCount)) + unitText(pair % unitCount);

/**
 * A text as its plain pairs are searched for in: lower case (the Kelvin sign `K` as `k`), and `ſ` as `s`: a
 * case-insensitive pattern matches both for those letters. Only a text with no `%` or `\` may be searched so: it holds
 * no escaped form.
 */
export const foldForPairs = (text: string): string => text.toLowerCase().replaceAll('ſ', 's');

/**
 * Reads texts into the pairs they hold in any form. One reader is kept and reused: a fresh table for each text costs
 * more than reading a short one. A table entry holds the number of the read that last saw its pair.
 */
export class PairReader {
	private readonly seenIn = new Uint32Array(pairCount);
	private read = 0;

	/** Every pair that stands in `text`, each once; has() answers for this text until the next read. */
	pairsIn(text: string): readonly number[] {
		if (this.read === 0xff_ff_ff_ff) {
			this.seenIn.fill(0);
			this.read = 0;
		}

		const read = ++this.read;
		const pairs: number[] = [];
		// A unit starting here pairs with each unit ending here: the plain character before, and an escape that ends
		// here (escapes never overlap, and the digits inside one are plain units too, as a text search would read them).
		let plainBefore = noUnit;
		let escaped = noUnit;
		let escapedEnd = -1;
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			const plain = code < 0x80 ? asciiUnits[code]! : otherUnit(code);
			let here = plain;
			if (plain === noUnit) {
				const found = code === 0x25 || code === 0x5c ? escapedUnitAt(text, index) : noUnit;
				if (found === noUnit) {
					plainBefore = noUnit;
					continue;
				}

				here = found & 63;
				if (index === escapedEnd) this.note(escaped * unitCount + here, read, pairs);
				escaped = here;
				escapedEnd = index + (found >> 6);
			} else if (index === escapedEnd) {
				this.note(escaped * unitCount + here, read, pairs);
			}

			if (plainBefore !== noUnit) this.note(plainBefore * unitCount + here, read, pairs);
			plainBefore = plain;
		}

		return pairs;
	}

	/** Whether the text last read holds `pair`. */
	has(pair: number): boolean {
		return this.seenIn[pair] === this.read;
	}

	private note(pair: number, read: number, pairs: number[]): void {
		if (this.seenIn[pair] !== read) {
			this.seenIn[pair] = read;
			pairs.push(pair);
		}
	}
}
