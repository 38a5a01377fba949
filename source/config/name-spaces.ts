import {allOddSpaces, nameOf, zeroWidth} from './pasted-characters.js';

/**
 * Check names as a person reads them: `my api`, `my<U+00A0>api` (pasted from a chat) and `my<U+2009>api` show
 * alike, and `--only 'my api'` finds only the first. Odd spaces are compared as a plain space, those with no
 * width as nothing.
 */

const zeroWidthSpaces = new RegExp(zeroWidth.source, 'gu');
const oddSpaces = new RegExp(`[${allOddSpaces}]`, 'gu');

export const foldSpaces = (name: string): string => name.replaceAll(zeroWidthSpaces, '').replaceAll(oddSpaces, ' ');

/**
 * A space a name alone cannot mean: a no-break space or one of the typesetter's (U+2000-U+200A), as a paste
 * brings them. The narrow no-break space of French typography and the ideographic space of CJK text are written
 * on purpose.
 */
const pastedSpace = /[\u00A0\u2000-\u200A]/u;

/** The first pasted space inside `name` (spaces around it are reported as such), with its 1-based character position. */
export function pastedSpaceIn(name: string): {readonly character: string; readonly position: number} | undefined {
	const trimmed = name.trim();
	const match = pastedSpace.exec(trimmed);
	if (match === null || trimmed !== name) return undefined;
	return {character: match[0], position: [...trimmed.slice(0, match.index)].length + 1};
}

/** For two names that differ only in their spaces: `a non-breaking space (U+00A0) where that one has a plain space`. */
export function spaceDifference(name: string, other: string): string | undefined {
	const [mine, theirs] = [[...name], [...other]];
	for (let index = 0; index < Math.min(mine.length, theirs.length); index++) {
		if (mine[index] === theirs[index]) continue;
		const describe = (character: string): string => (character === ' ' ? 'a plain space' : `a ${nameOf(character)}`);
		if (foldSpaces(mine[index]!) !== foldSpaces(theirs[index]!)) return undefined;
		return `${describe(mine[index]!)} where that one has ${describe(theirs[index]!)}`;
	}

	return undefined;
}
