import {displayWidth, isPartBreak, truncate} from './text.js';

type Quote = '\'' | '"' | undefined;

/** The quote a character opens or closes, read from the quote it is in: the state after it. */
function quoteAfter(quote: Quote, character: string): Quote {
	if (quote === undefined && (character === '\'' || character === '"')) return character;
	return character === quote ? undefined : quote;
}

/**
 * Characters of shell text, a backslash and what it escapes as one (outside single quotes, where it escapes
 * nothing), so neither a word nor a line is cut between them.
 */
function* shellCharacters(text: string): Generator<{character: string; quote: Quote}> {
	const characters = [...text];
	let quote: Quote;
	for (let index = 0; index < characters.length; index++) {
		let character = characters[index]!;
		if (character === '\\' && quote !== '\'' && index + 1 < characters.length) {
			index++;
			character += characters[index]!;
		}

		yield {character, quote};
		quote = quoteAfter(quote, character);
	}
}

/** A shell command's words as written, quotes kept: `-w '%{http_code} %{time_total}s'` is two words, not three. */
export function shellWords(command: string): string[] {
	const words: string[] = [];
	let word = '';
	for (const {character, quote} of shellCharacters(command)) {
		if (quote === undefined && character === ' ') {
			if (word !== '') words.push(word);
			word = '';
		} else {
			word += character;
		}
	}

	if (word !== '') words.push(word);
	return words;
}

/**
 * A word wider than a line, in pieces that paste back as the word: a backslash at the end of a line goes with the
 * newline after it, outside quotes and inside double ones; inside single quotes, where it would stay, the quote
 * is closed before it and opened again on the next line (`'%{a} '\` then `'%{b}'`). A URL or path is cut after a
 * slash, or before a part such as `.com` or `?q=`, where the line stays at least half full (isPartBreak); never
 * before a `-`, where the next line would read as an option.
 */
function cutWord(word: string, width: number): string[] {
	type Character = {character: string; quote: Quote};
	const pieces: string[] = [];
	// The piece so far: the quote it opened again, and its characters.
	let opening = '';
	let piece: Character[] = [];
	// The piece's text, kept as it grows: joined again for every character, a 2,000-character URL took 2 ms.
	let pieceText = '';
	const textOf = (characters: readonly Character[]): string => characters.map(({character}) => character).join('');
	const endingBefore = (quote: Quote): string => (quote === '\'' ? '\'\\' : '\\');
	const characters = [...shellCharacters(word)];
	for (const [index, current] of characters.entries()) {
		// The last piece needs no ending: the word is whole after it.
		const isLast = index === characters.length - 1;
		if (piece.length > 0 && displayWidth(opening + pieceText + current.character + (isLast ? '' : endingBefore(current.quote))) > width) {
			const at = partCut(opening, piece, width) || piece.length;
			const next = piece.slice(at);
			// The quote the cut falls in: that of the first character after it.
			const quote = (next[0] ?? current).quote;
			pieces.push(opening + textOf(piece.slice(0, at)) + endingBefore(quote));
			opening = quote === '\'' ? '\'' : '';
			piece = next;
			pieceText = textOf(next);
		}

		piece.push(current);
		pieceText += current.character;
	}

	pieces.push(opening + pieceText);
	return pieces;
}

/** Where in a piece a URL's part begins that leaves the line at least half full; 0 where none does. */
function partCut(opening: string, piece: ReadonlyArray<{character: string}>, width: number): number {
	let head = opening + piece.map(({character}) => character).join('');
	for (let at = piece.length - 1; at > 0; at--) {
		head = head.slice(0, head.length - piece[at]!.character.length);
		if (displayWidth(head) < width / 2) return 0;
		const after = piece[at]!.character;
		if (after !== '-' && isPartBreak(piece[at - 1]!.character.at(-1)!, after[0]!)) return at;
	}

	return 0;
}

const continuation = ' \\';

/**
 * The options of the commands `by hand` writes (hand-command.ts: curl, nc, openssl, dig, stat, sh) that take the
 * next word as their value. `-L`, `-k`, `-sS` take none: `-L` and the URL after it are two things.
 */
const valueOptions = new Set(['-A', '-c', '-D', '-H', '-m', '-o', '-p', '-w', '-X', '--cacert', '--data-raw', '--data-urlencode', '--max-redirs', '-CAfile', '-connect', '-servername']);

/**
 * The words in the units a line keeps together: an option and its value (`-m 3`, `-H 'Accept: …'`). Read together,
 * as the person copying the command reads them, they are not split over two lines where they fit on one.
 */
function wordUnits(words: readonly string[]): string[][] {
	const units: string[][] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		const next = words[index + 1];
		if (valueOptions.has(word) && next !== undefined) {
			units.push([word, next]);
			index++;
		} else {
			units.push([word]);
		}
	}

	return units;
}

/**
 * A command on lines of at most `width` cells that still runs when the lines are copied off the screen together:
 * each line but the last ends in ` \`, and a break falls between words, never inside a quoted one, where the
 * newline would become part of the argument, nor between words without the `\`, where the shell would run two
 * commands. An option and its value go on one line where they fit on one. A word wider than a line is cut so that
 * it pastes back whole (cutWord). Past `maxLines` the last line ends in the ellipsis; the `y` key copies the
 * command whole.
 */
export function wrapCommand(command: string, width: number, maxLines: number, ellipsis = '…'): string[] {
	if (width <= 0 || maxLines <= 0) return [];
	if (displayWidth(command) <= width) return [command];
	// Each line, and whether it goes on in the next with a ` \` to add (a piece of a cut word has its own ending).
	const lines: Array<{text: string; goesOn: boolean}> = [];
	let line = '';
	const room = Math.max(1, width - continuation.length);
	const units = wordUnits(shellWords(command));
	const place = (word: string, isLast: boolean): void => {
		// The last word needs no room for a ` \` after it.
		const limit = isLast ? width : room;
		const joined = line === '' ? word : `${line} ${word}`;
		if (displayWidth(joined) <= limit) {
			line = joined;
			return;
		}

		if (line !== '') lines.push({text: line, goesOn: true});
		if (displayWidth(word) <= limit) {
			line = word;
			return;
		}

		// Each piece within the room a ` \` needs: the last one goes on the line the next word may follow.
		const pieces = cutWord(word, room);
		lines.push(...pieces.slice(0, -1).map(text => ({text, goesOn: false})));
		line = pieces.at(-1)!;
	};

	for (const [index, unit] of units.entries()) {
		const isLast = index === units.length - 1;
		const together = unit.join(' ');
		// A pair that fits on no line is placed word by word, as any other words.
		if (unit.length === 1 || displayWidth(together) <= (isLast ? width : room)) {
			place(together, isLast);
		} else {
			place(unit[0]!, false);
			place(unit[1]!, isLast);
		}
	}

	lines.push({text: line, goesOn: false});

	const texts = lines.map(({text, goesOn}) => (goesOn ? text + continuation : text));
	if (texts.length <= maxLines) return texts;
	const shown = texts.slice(0, maxLines - 1);
	shown.push(truncate(`${lines[maxLines - 1]!.text} ${lines[maxLines]!.text}`, width, ellipsis));
	return shown;
}
