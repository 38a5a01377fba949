/**
 * A quick test that rules a secret out of a text before its pattern (see secretPattern) runs: compiling one such
 * pattern costs about a third of a millisecond, and most texts hold no secret. Every form the pattern finds writes
 * each ASCII letter or digit of the secret as itself (in any case), `%XX` or `\uXXXX`, so two that stand side by side
 * in the secret stand side by side in the text, in one of those forms each. A text missing any such pair cannot hold
 * the secret.
 */

const asciiLetterOrDigit = /^[\da-z]$/i;

/**
 * The text as the pairs are looked for in: lower case (the Kelvin sign `K` as `k`), and `ſ` as `s`: a case-insensitive
 * pattern matches both for those letters.
 */
export const foldForPairs = (text: string): string => text.toLowerCase().replaceAll('ſ', 's');

/**
 * Each way one ASCII letter or digit may be written, once the text is folded: itself, `%XX` or `\uXXXX` of its own
 * code, whichever case the secret has it in (`H` is `%48`, `h` is `%68`).
 */
function forms(character: string): string[] {
	const codes = new Set([character.toLowerCase(), character.toUpperCase()].map(letter => letter.charCodeAt(0).toString(16)));
	return [character.toLowerCase(), ...[...codes].flatMap(hex => [`%${hex}`, String.raw`\u00${hex}`])];
}

/** Each adjacent pair of ASCII letters or digits in `value`, as the list of every way it may be written. */
export function secretPairs(value: string): ReadonlyArray<readonly string[]> {
	// Read one UTF-16 unit at a time, never lowered whole: `İ` lowers to `i` and a combining dot, a pair no form of
	// `İ` holds.
	const seen = new Set<string>();
	const pairs: string[][] = [];
	for (let index = 0; index + 1 < value.length; index++) {
		const [first, second] = [value[index]!, value[index + 1]!];
		if (!asciiLetterOrDigit.test(first) || !asciiLetterOrDigit.test(second) || seen.has(first + second)) continue;
		seen.add(first + second);
		pairs.push(forms(first).flatMap(one => forms(second).map(other => one + other)));
	}

	return pairs;
}

/**
 * Whether `folded` (see foldForPairs) may hold the secret whose pairs these are: false only when one of them is
 * nowhere in it. `hasEscapes`: whether the text holds a `%` or `\` at all; without one only plain pairs are looked for.
 */
export function mayHold(folded: string, hasEscapes: boolean, pairs: ReadonlyArray<readonly string[]>): boolean {
	return pairs.every(written => (hasEscapes ? written.some(pair => folded.includes(pair)) : folded.includes(written[0]!)));
}
