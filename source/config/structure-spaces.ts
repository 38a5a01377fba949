import type {ConfigIssue} from './config-error.js';
import {isSecretPath} from './frame-secrets.js';
import {spaces, type IndentationContext} from './indentation.js';
import {allOddSpaces, describePastedDash, nameOf, zeroWidth} from './pasted-characters.js';

/**
 * A space pasted from a chat or a web page where YAML reads structure: in the indentation, right after a list
 * item's `-`, right after a key's colon. YAML takes it for text, so `-<U+00A0>name: db` is a key, no list item,
 * and every line after it reads out of line: the parser's errors name those lines, and their hints ("indent it
 * 4 spaces") make the file worse. The character is the error; the file is then read again as it was meant, a
 * plain space in its place, for the errors it really has.
 */

export type StructureSpace = {
	/** 1-based line and column of the first odd space. */
	readonly line: number;
	readonly column: number;
	readonly character: string;
	readonly kind: 'indentation' | 'dash' | 'colon';
	/** The line as it was meant: its odd spaces plain (those with no width left out), padded to its length so the lines after keep their offsets. */
	readonly meant: string;
};

/** Plain spaces and odd ones, as a line's indentation or the gap after a `-` or a colon holds them. */
const spaceRun = new RegExp(`^[ ${allOddSpaces}]*`, 'u');
const oddSpace = new RegExp(`[${allOddSpaces}]`, 'u');
const remainingOddSpaces = new RegExp(`[${allOddSpaces}]`, 'gu');
const zeroWidthSpaces = new RegExp(zeroWidth.source, 'gu');
/** A key in block style (after a list item's `- `), its colon, and odd spaces right after it. */
const keyColon = new RegExp(`^( *(?:- +)?([^\\s:#{}\\[\\]][^:#]*?):)([${allOddSpaces}][ ${allOddSpaces}]*)(.*)$`, 'u');

/** `source` with the run of spaces at `start` made plain; a gap after `-` or a colon keeps at least one. */
function meantLine(source: string, start: number, run: string, needsSpace: boolean): string {
	let plain = run.replaceAll(zeroWidthSpaces, '').replaceAll(remainingOddSpaces, ' ');
	if (needsSpace && !plain.startsWith(' ')) plain = ` ${plain}`;
	const line = `${source.slice(0, start)}${plain}${source.slice(start + run.length)}`;
	// A space at the end of a line is no content to YAML; before a CR, the line keeps its CRLF ending.
	const padding = ' '.repeat(source.length - line.length);
	return line.endsWith('\r') ? `${line.slice(0, -1)}${padding}\r` : `${line}${padding}`;
}

function found(source: string, line: number, start: number, run: string, kind: StructureSpace['kind']): StructureSpace {
	const at = run.search(oddSpace);
	return {line, column: start + at + 1, character: [...run.slice(at)][0]!, kind, meant: meantLine(source, start, run, kind !== 'indentation')};
}

function readLine(source: string, line: number): StructureSpace | undefined {
	const indent = spaceRun.exec(source)![0];
	const rest = source.slice(indent.length);
	// A tab in the indentation is reported on its own.
	if (rest.trim() === '' || rest.startsWith('\t')) return undefined;
	if (oddSpace.test(indent)) return found(source, line, 0, indent, 'indentation');
	if (rest.startsWith('-')) {
		const gap = spaceRun.exec(rest.slice(1))![0];
		const at = gap.search(oddSpace);
		if (at === 0) return found(source, line, indent.length + 1, gap, 'dash');
		// `- <U+00A0>name`: the key's indentation inside the item.
		if (at > 0) return found(source, line, indent.length + 1, gap, 'indentation');
	}

	const colon = keyColon.exec(source);
	if (colon === null) return undefined;
	return found(source, line, colon[1]!.length, colon[3]!, 'colon');
}

/** Every line of `text` with an odd space in its structure, but those in `skipped` (inside a block of text or a quoted string). */
export function findStructureSpaces(text: string, skipped: ReadonlySet<number>): StructureSpace[] {
	if (!oddSpace.test(text)) return [];
	return text.split('\n').flatMap((source, index) => (skipped.has(index + 1) ? [] : readLine(source, index + 1) ?? []));
}

/** `text` as it was meant: the lines of `found` with their spaces plain. */
export function meantText(text: string, found: readonly StructureSpace[]): string {
	const lines = text.split('\n');
	for (const space of found) lines[space.line - 1] = space.meant;
	return lines.join('\n');
}

/**
 * The error for one odd space. `meant` is the indentation of the file as it was meant: the indentation a line
 * should have is measured there, where the spaces around it are plain.
 */
export function describeStructureSpace(space: StructureSpace, source: string, meant: IndentationContext, file: string): ConfigIssue {
	const at = {file, line: space.line, column: space.column};
	const what = nameOf(space.character);
	const isInvisible = zeroWidth.test(space.character);
	if (space.kind === 'dash') return {...at, ...describePastedDash(space.character)};

	if (space.kind === 'colon') return {...at, ...describeAfterColon(source, what)};
	const lined = meant.lineUp(space.line);
	const key = lined?.what.split(':')[0] ?? 'this line';
	const expected = lined?.expected;
	const plainIndent = expected === undefined ? undefined : `${spaces(expected.spaces)}, like \`${expected.sibling.what}\``;
	if (isInvisible) {
		const isLinedUp = expected === undefined || expected.spaces === lined!.spaces;
		return {...at, message: `the indentation of \`${key}\` holds a ${what}, which does not show and which YAML reads as text`, hint: isLinedUp ? 'it is invisible: delete it' : `it is invisible: delete it, and indent with plain spaces: ${plainIndent!}`};
	}

	return {...at, message: `the indentation of \`${key}\` holds a ${what}, which YAML does not count as a space`, hint: plainIndent === undefined ? 'replace it with a plain space' : `indent it with plain spaces: ${plainIndent}`};
}

/** `timeout:<U+00A0>2s`: YAML needs a plain space after a key's colon. A credential's value is not quoted back. */
function describeAfterColon(source: string, what: string): Pick<ConfigIssue, 'message' | 'hint'> {
	const [, , key, , rest] = keyColon.exec(source) as unknown as [string, string, string, string, string];
	const value = rest.trim();
	const message = `\`${key}:\` is followed by a ${what}, which YAML does not read as a space`;
	if (value === '' || value.startsWith('#')) return {message, hint: 'replace it with a plain space, or delete it: nothing follows the colon on this line'};
	// `'X-Api-Key':` is the credential header it names.
	const shownValue = isSecretPath(key.replace(/^(['"])(.*)\1$/, '$2')) ? '…' : value;
	return {message, hint: `type a plain space after the colon: ${key}: ${shownValue}`};
}
