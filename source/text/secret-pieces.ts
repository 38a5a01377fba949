import {characterForms, characterPattern, tokenAfter, tokenBefore} from './secret-pattern.js';

/**
 * The shortest piece of a secret hidden on its own: a target that cuts a long value before echoing it (redis quotes
 * the first 128 characters of an argument it rejects, a log keeps the last so many) would otherwise show most of it.
 * Twelve characters: a piece that long of a credential does not turn up in other text by chance, a target cuts far
 * above it (64, 100, 128), and what a shorter cut leaves out is still most of a long secret. Only a secret longer
 * than this has pieces; a shorter one is hidden whole or not at all.
 */
export const pieceMinimum = 12;

/** Which end of its secret a piece keeps: its start (the end was cut off) or its end. */
export type PieceEnd = 'start' | 'end';

/**
 * The piece of `pieceMinimum` characters every cut piece of `value` at `end` holds, which is looked for first; none
 * for a value no longer than that.
 */
export function pieceAnchor(value: string, end: PieceEnd): string | undefined {
	const characters = [...value];
	if (characters.length <= pieceMinimum) return undefined;
	return (end === 'start' ? characters.slice(0, pieceMinimum) : characters.slice(-pieceMinimum)).join('');
}

/** The secrets whose pieces at one end start with the same anchor, found by one search for it. */
export type PieceGroup = {
	readonly end: PieceEnd;
	/** Finds the anchor in every form (secretPattern, any letter case); global. */
	readonly anchor: RegExp;
	/** Each secret's characters. */
	readonly secrets: ReadonlyArray<readonly string[]>;
};

// One character in each of its forms at a place in a text, read forward (sticky) or backward (a lookbehind that says
// which form ends there). Pieces are rare: these are made when a text holds an anchor, and kept.
const forwardReaders = new Map<string, RegExp>();
const backwardReaders = new Map<string, RegExp>();

function forwardReader(character: string): RegExp {
	let reader = forwardReaders.get(character);
	if (reader === undefined) {
		reader = new RegExp(characterPattern(character, 0), 'iuy');
		forwardReaders.set(character, reader);
	}

	return reader;
}

function backwardReader(character: string): RegExp {
	let reader = backwardReaders.get(character);
	if (reader === undefined) {
		// Escapes first: read backward, `%2F` ends in a plain `F`.
		const [plain, ...escapes] = characterForms(character);
		reader = new RegExp(`(?<=(${[...escapes, plain].join('|')}))`, 'iuy');
		backwardReaders.set(character, reader);
	}

	return reader;
}

/**
 * Where a piece may end (a start piece) or begin (an end piece): where the text's word does, as a target's cut
 * leaves it (a quote, `...`, a space, `&`, `: ` as Go writes `token X: invalid`, the end), but not where a host name
 * or a URL goes on (`/`, `@`, a port's `:8443`, `.com`): a host or URL from the environment
 * (`orders.prod.example.com`) is a secret, and `https://prod.example.com/health` holds its last 16 characters
 * between a `/` and a `/`; `https://orders.example.com:8443` the start of `https://orders.example.com/api`.
 */
const cutAfter = new RegExp(`${tokenAfter}(?![/@?#%]|:\\S|\\.\\p{L})`, 'uy');
// A `.` of `...` before the cut is an ellipsis, not a host's: only one after a letter or digit goes on a name.
const cutBefore = new RegExp(`${tokenBefore}(?<![/@]|\\S:|[\\p{L}\\p{N}]\\.)`, 'uy');
const isAt = (pattern: RegExp, text: string, at: number): boolean => {
	pattern.lastIndex = at;
	return pattern.test(text);
};

/** How far the secret goes on after its anchor ends at `from`, and whether all of it does. */
function readForward(text: string, from: number, characters: readonly string[]): {at: number; isWhole: boolean} {
	let at = from;
	for (let index = pieceMinimum; index < characters.length; index++) {
		const reader = forwardReader(characters[index]!);
		reader.lastIndex = at;
		const form = reader.exec(text);
		if (form === null) return {at, isWhole: false};
		at += form[0].length;
	}

	return {at, isWhole: true};
}

/** How far back the secret goes before its anchor starts at `from`, not before `limit`, and whether all of it does. */
function readBackward(text: string, from: number, limit: number, characters: readonly string[]): {at: number; isWhole: boolean} {
	let at = from;
	for (let index = characters.length - pieceMinimum - 1; index >= 0; index--) {
		const reader = backwardReader(characters[index]!);
		reader.lastIndex = at;
		const form = reader.exec(text)?.[1];
		if (form === undefined || at - form.length < limit) return {at, isWhole: false};
		at -= form.length;
	}

	return {at, isWhole: true};
}

/**
 * Replaces with `mark` each piece of a group's secrets in `text`: as much of a secret as the text holds from its
 * anchor on (at least the anchor), where the text's word ends with it and no host or URL goes on (cutAfter,
 * cutBefore): a target cuts a value and puts a quote, an ellipsis or the line's end after it; a text that only shares
 * the start of a secret (`https://api.example.com/v2` for `…/v1`) goes on past where they part, and is left alone. The longest piece of the group's secrets is taken.
 */
export function hidePieces(text: string, {end, anchor, secrets}: PieceGroup, mark: string): string {
	let output = '';
	let last = 0;
	anchor.lastIndex = 0;
	for (let found = anchor.exec(text); found !== null; found = anchor.exec(text)) {
		const anchorEnd = found.index + found[0].length;
		let piece: {start: number; end: number} | undefined;
		for (const characters of secrets) {
			if (end === 'start') {
				const {at, isWhole} = readForward(text, anchorEnd, characters);
				if ((isWhole || isAt(cutAfter, text, at)) && at > (piece?.end ?? -1)) piece = {start: found.index, end: at};
			} else {
				const {at, isWhole} = readBackward(text, found.index, last, characters);
				if ((isWhole || isAt(cutBefore, text, at)) && at < (piece?.start ?? Number.POSITIVE_INFINITY)) piece = {start: at, end: anchorEnd};
			}
		}

		if (piece === undefined) continue;
		output += text.slice(last, piece.start) + mark;
		last = piece.end;
		anchor.lastIndex = piece.end;
	}

	return last === 0 ? text : output + text.slice(last);
}
