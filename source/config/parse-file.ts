import {isUtf8} from 'node:buffer';
import {closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, type Stats} from 'node:fs';
import path from 'node:path';
import {isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError} from 'yaml';
import type {ConfigIssue} from './config-error.js';
import {momentaryCodes} from './momentary-codes.js';
import {didYouMean} from './did-you-mean.js';
import {describeIndentationProblem, readIndentation, type IndentationContext} from './indentation.js';
import {listFirst} from './list-first.js';
import {isStackExhausted, tooDeepAt, tooDeepHint, tooDeepMessage} from './nesting.js';
import {crOnlyLineEnds} from './line-ends.js';
import {quoteInsideHint, reservedStartHint} from './quote-hints.js';
import {hideWrittenSecrets, isSecretPath} from './frame-secrets.js';
import {firstContentAfter, withoutEmptyLastDocuments} from './documents.js';
import {describeStructureSpace, findStructureSpaces, meantText} from './structure-spaces.js';
import {countWrittenColumns, tabsAsSpaces, tabWidths} from './tabs-as-spaces.js';

export type ParsedFile = {readonly doc: Document; readonly lineCounter: LineCounter; readonly text: string};

/** A config larger than this is a mistake (a log file passed by accident), not a config. */
const maxFileBytes = 4 * 1024 * 1024;

/** A file's bytes as the loader reads them: UTF-8, without a byte-order mark. */
export const decodeConfigText = (buffer: Buffer): string => buffer.toString('utf8').replace(/^\uFEFF/, '');

/** Which second bytes a UTF-8 lead byte allows (no overlong forms, surrogates or code points past U+10FFFF), and how many bytes follow it. */
function utf8Sequence(lead: number): {readonly length: number; readonly low: number; readonly high: number} | undefined {
	if (lead >= 0xC2 && lead <= 0xDF) return {length: 1, low: 0x80, high: 0xBF};
	if (lead === 0xE0) return {length: 2, low: 0xA0, high: 0xBF};
	if (lead === 0xED) return {length: 2, low: 0x80, high: 0x9F};
	if (lead >= 0xE1 && lead <= 0xEF) return {length: 2, low: 0x80, high: 0xBF};
	if (lead === 0xF0) return {length: 3, low: 0x90, high: 0xBF};
	if (lead >= 0xF1 && lead <= 0xF3) return {length: 3, low: 0x80, high: 0xBF};
	if (lead === 0xF4) return {length: 3, low: 0x80, high: 0x8F};
	return undefined;
}

/** Offset of the first byte from `from` on that does not begin a well-formed UTF-8 character (the lead byte of a cut-off one). */
function firstInvalidUtf8(buffer: Buffer, from = 0): number {
	let offset = from;
	while (offset < buffer.length) {
		const lead = buffer[offset]!;
		if (lead < 0x80) {
			offset++;
			continue;
		}

		const sequence = utf8Sequence(lead);
		if (sequence === undefined || offset + sequence.length >= buffer.length) return offset;
		const second = buffer[offset + 1]!;
		if (second < sequence.low || second > sequence.high) return offset;
		for (let index = 2; index <= sequence.length; index++) {
			const next = buffer[offset + index]!;
			if (next < 0x80 || next > 0xBF) return offset;
		}

		offset += sequence.length + 1;
	}

	return offset;
}

/** The bytes Windows-1252 leaves out: a file with one of them is not in it. */
const notInWindows1252 = new Set([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

/**
 * Which encoding a file that is not UTF-8 was most likely saved in, by its bytes that are not UTF-8: Windows-1252
 * when one is 0x80-0x9F (a smart quote, a dash, €: C1 controls in Latin-1, so `iconv -f latin1` made U+0093 of a
 * `“`), Latin-1 otherwise, or when a byte is one Windows-1252 leaves out. UTF-8 text around them is not counted.
 */
function likelyEncoding(buffer: Buffer, first: number): {readonly name: string; readonly iconv: string} {
	let isWindows1252 = false;
	for (let offset = first; offset < buffer.length; offset = firstInvalidUtf8(buffer, offset + 1)) {
		const byte = buffer[offset]!;
		if (notInWindows1252.has(byte)) return latin1;
		isWindows1252 ||= byte >= 0x80 && byte <= 0x9F;
	}

	return isWindows1252 ? {name: 'Windows-1252', iconv: 'cp1252'} : latin1;
}

const latin1 = {name: 'Latin-1', iconv: 'latin1'};

/**
 * What Windows-1252 writes with 0x80-0x9F (the five it leaves out stay their C1 code points). Not TextDecoder: in
 * Node 24 its `windows-1252` decodes these bytes as Latin-1 does.
 */
const windows1252C1 = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'];

const hexByte = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Line and column of byte `offset`, as the loader's code frame counts them: everything before it on its line is
 * valid UTF-8 (it is the first bad byte, or a NUL), so it decodes to the characters shown there.
 */
function bytePosition(buffer: Buffer, offset: number): {line: number; column: number} {
	// A negative start would search from the end of the buffer.
	const lineStart = offset === 0 ? 0 : buffer.lastIndexOf(0x0A, offset - 1) + 1;
	const line = 1 + buffer.subarray(0, lineStart).filter(value => value === 0x0A).length;
	return {line, column: decodeConfigText(buffer.subarray(lineStart, offset)).length + 1};
}

/**
 * A file in another encoding (Latin-1, Windows-1252, UTF-16) would load with U+FFFD in its names and values and
 * say nothing: the first byte that is not UTF-8, at its line and column in the text as the loader reads it.
 */
function describeNotUtf8(buffer: Buffer, file: string): ConfigIssue {
	const offset = firstInvalidUtf8(buffer);
	const byte = buffer[offset]!;
	const isUtf16 = offset === 0 && buffer.length >= 2 && ((byte === 0xFF && buffer[1] === 0xFE) || (byte === 0xFE && buffer[1] === 0xFF));
	const encoding = likelyEncoding(buffer, offset);
	// 0xA1-0xFF are the same visible letter in Latin-1 and Windows-1252, the usual other encodings of a hand-written file.
	const letter = byte >= 0xA1 ? String.fromCodePoint(byte) : encoding === latin1 ? undefined : windows1252C1[byte - 0x80];
	const asLetter = letter === undefined ? '' : ` (in ${encoding.name}, ${hexByte(byte)} is \`${letter}\`)`;
	return {
		file,
		...bytePosition(buffer, offset),
		message: `${path.basename(file)} is not UTF-8: byte ${hexByte(byte)} cannot be read as UTF-8`,
		hint: isUtf16
			? 'it starts with a UTF-16 byte-order mark; save it as UTF-8'
			: `save the file as UTF-8${asLetter}: an editor's "save with encoding", or iconv -f ${encoding.iconv} -t utf-8`,
	};
}

function describeNulByte(buffer: Buffer, offset: number, file: string): ConfigIssue {
	return {
		file,
		...bytePosition(buffer, offset),
		message: `${path.basename(file)} is not UTF-8 text: it holds a NUL byte (0x00)`,
		hint: 'UTF-16 without a byte-order mark looks like this; save the file as UTF-8',
	};
}

/**
 * Where uptop looked and how to go on: every mode (validate, --once, the screen) loads the file through here,
 * so the hint names no mode's command line but the one that creates the file.
 */
function missingFileHint(absoluteFile: string, file: string): string {
	const typed = /^[\w./@+,:=-]+$/.test(file) ? file : `'${file.replaceAll('\'', '\'\\\'\'')}'`;
	return `looked at ${absoluteFile}; start a checks file there with \`uptop init ${typed}\`, or give the path of an existing one`;
}

/**
 * For an `include:` that names no file: where it looked (paths are relative to the including file), and the
 * file there it probably meant, or what the directory holds.
 */
function missingIncludeHint(absoluteFile: string, file: string): string {
	const directory = path.dirname(file);
	let names: string[];
	try {
		names = readdirSync(path.dirname(absoluteFile)).filter(name => /\.ya?ml$/i.test(name)).sort();
	} catch {
		return `there is no directory ${directory}; include paths are relative to the file that includes them`;
	}

	const meant = didYouMean(path.basename(file), names);
	if (meant !== undefined) return `did you mean ${path.join(directory, meant)}?`;
	const shown = names.length === 0 ? 'no .yaml files' : listFirst(names, 5);
	return `${directory} has ${shown}; include paths are relative to the file that includes them`;
}

/** For an `include:` of a directory: the glob that includes its files, written as the entry is. */
function directoryIncludeHint(written: string): string {
	const directory = written.replace(/[/\\]+$/, '');
	return `include the YAML files in it with a glob: ${directory}/*.yaml, or ${directory}/** for those in its subdirectories too`;
}

/** A file's text; `isUtf8` false when its bytes are not UTF-8 (an issue says where), the text kept for the code frame. */
export type ConfigText = {readonly text: string; readonly isUtf8: boolean};

/** Where a symlink that leads nowhere points, as written in it; undefined for a path that is no symlink. */
function danglingTarget(file: string): string | undefined {
	try {
		return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
	} catch {
		return undefined;
	}
}

/** What a path that is no regular file is, as `ls -l` would tell it; undefined for a regular file or a directory. */
function specialKind(stats: Stats): string | undefined {
	if (stats.isFIFO()) return 'a FIFO (named pipe)';
	if (stats.isCharacterDevice()) return 'a character device';
	if (stats.isBlockDevice()) return 'a block device';
	if (stats.isSocket()) return 'a socket';
	return undefined;
}

/**
 * At most `limit` bytes of a file. Opened without blocking, so a FIFO with no writer cannot hold the load; an
 * include that is a FIFO or a device (a glob matching `ln -s /dev/zero x.yaml`) is refused before a byte is read:
 * read whole, /dev/zero grew uptop to gigabytes. The file named on the command line may be a pipe (`<(cat c.yaml)`):
 * it is what the user asked for, so it is opened again to wait for its writer, and read as far as the limit too.
 */
export function readBounded(absoluteFile: string, limit: number, isNamedByUser: boolean): Buffer | {readonly special: string} {
	let fd = openSync(absoluteFile, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		const kind = specialKind(fstatSync(fd));
		if (kind !== undefined) {
			if (!isNamedByUser) return {special: kind};
			closeSync(fd);
			fd = openSync(absoluteFile, 'r');
		}

		const chunks: Buffer[] = [];
		let total = 0;
		while (total < limit) {
			const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit - total));
			const read = readSync(fd, chunk, 0, chunk.length, null);
			if (read === 0) break;
			chunks.push(chunk.subarray(0, read));
			total += read;
		}

		return Buffer.concat(chunks, total);
	} finally {
		closeSync(fd);
	}
}

/** Reads a file for the loader; a missing, unreadable or non-UTF-8 file is an issue, never an exception. */
export function readConfigText(absoluteFile: string, file: string, issues: ConfigIssue[], where?: Omit<ConfigIssue, 'message' | 'file'> & {file?: string; include?: string}): ConfigText | undefined {
	const at = {file: where?.file ?? file, line: where?.line ?? 0, column: where?.column ?? 0, ...(where?.endColumn ? {endColumn: where.endColumn} : {}), ...(where?.path ? {path: where.path} : {})};
	try {
		const buffer = readBounded(absoluteFile, maxFileBytes + 1, where === undefined);
		if (!Buffer.isBuffer(buffer)) {
			const target = danglingTarget(absoluteFile);
			issues.push({...at, message: `config file ${file} is ${buffer.special}${target === undefined ? '' : ` (${target})`}, not a regular file`, hint: 'uptop reads a config only from a file: a FIFO or a device can block or never end; include only regular files (remove it, or narrow the glob that matched it)'});
			return undefined;
		}

		if (buffer.length > maxFileBytes) {
			issues.push({...at, message: `${file} is larger than 4 MiB; is it really a checks file?`});
			return undefined;
		}

		if (!isUtf8(buffer)) {
			issues.push(describeNotUtf8(buffer, file));
			return {text: decodeConfigText(buffer), isUtf8: false};
		}

		// NUL is valid UTF-8 but in no text file: UTF-16 without a byte-order mark (every other byte of ASCII).
		const nul = buffer.indexOf(0);
		if (nul !== -1) {
			issues.push(describeNulByte(buffer, nul, file));
			return {text: decodeConfigText(buffer), isUtf8: false};
		}

		return {text: decodeConfigText(buffer), isUtf8: true};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// A link to nothing (a glob matches the link): "not found, did you mean <its own name>?" would send one in circles.
		const target = code === 'ENOENT' ? danglingTarget(absoluteFile) : undefined;
		if (target !== undefined) {
			issues.push({...at, message: `config file ${file} is a symlink to ${target}, which is not there`});
			return undefined;
		}

		const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'unknown error'})`;
		const hint = code === 'EISDIR' && where?.include !== undefined ? directoryIncludeHint(where.include)
			: code !== 'ENOENT' ? undefined : where ? missingIncludeHint(absoluteFile, file) : missingFileHint(absoluteFile, file);
		const cause = code === 'ENOENT' && !where ? {cause: {kind: 'missingFile' as const}}
			: code !== undefined && momentaryCodes.has(code) ? {cause: {kind: 'transientRead' as const, code}}
			: {};
		issues.push({...at, message: `config file ${file} ${reason}`, ...(hint === undefined ? {} : {hint}), ...cause});
		return undefined;
	}
}

const locate = (lineCounter: LineCounter, file: string, offset: number): {file: string; line: number; column: number} => {
	const {line, col} = lineCounter.linePos(offset);
	return {file, line, column: col};
};

/**
 * Lines whose indentation contains a tab, with the tab's position. So does a line whose tab follows a list item's
 * dash (`-<tab>name: api`), when the parser reported it (`dashTabLines`): YAML counts the space after a dash as the
 * indentation of the mapping it starts. Not when it did not: `-<tab>api` is a plain item, and valid.
 */
function findTabIndents(text: string, dashTabLines: ReadonlySet<number>): Array<{line: number; column: number}> {
	const found: Array<{line: number; column: number}> = [];
	const lines = text.split('\n');
	for (const [index, line] of lines.entries()) {
		const indent = /^[ \t]*/.exec(line)![0];
		const tab = indent.indexOf('\t');
		if (tab !== -1 && indent.length < line.trimEnd().length) {
			found.push({line: index + 1, column: tab + 1});
			continue;
		}

		const afterDash = dashTabLines.has(index + 1) ? tabAfterDash(line) : undefined;
		if (afterDash !== undefined) found.push({line: index + 1, column: afterDash + 1});
	}

	return found;
}

/** Where the first tab is in the dashes and spaces that begin `line` (`  -<tab>name`, `- -<tab>x`), when one is. */
function tabAfterDash(line: string): number | undefined {
	const indent = /^[ \t]*(?:-[ \t]+)*/.exec(line)![0];
	const tab = indent.indexOf('\t');
	return tab === -1 || indent.length === line.trimEnd().length ? undefined : tab;
}

/** The opening quote of a quoted scalar that never closes (YAML reports the end of the file instead). */
function findUnclosedQuote(doc: Document, text: string): number | undefined {
	let offset: number | undefined;
	visit(doc, {
		Scalar(_key, node) {
			if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && offset === undefined) {
				const source = text.slice(node.range[0], node.range[1]);
				const quote = node.type === 'QUOTE_DOUBLE' ? '"' : '\'';
				if (source.length < 2 || !source.endsWith(quote) || (quote === '"' && /(^|[^\\])(\\\\)*\\"$/.test(source))) {
					offset = node.range[0];
				}
			}
		},
	});
	return offset;
}

/**
 * How wide a tab was meant is anyone's guess: when no width makes the file whole, the checks are validated once the
 * tab is gone, and the hint says so, lest the next run's errors look new.
 */
const tabHint = 'YAML indents with spaces; replace the tab with spaces. The checks\' own settings are checked once no tab is left: more errors may follow';

/**
 * When a width does make it whole, the file's other errors come in the same run (one fix a run was the complaint),
 * and the hint says they are of a reading that guessed the tab's width, so they may change once it is replaced.
 */
const tabReadAsSpacesHint = (width: number): string => `YAML indents with spaces; replace the tab with spaces. Meanwhile the file was read with each such tab as spaces to the next multiple of ${width}: the other errors reported with this one are of that reading, and may change once the tab is replaced`;

type UnclosedFlow = {readonly offset: number; readonly closer: '}' | ']'; readonly source: string};

/**
 * For "Flow map … must end with a }" (and the same for a sequence): the `{` or `[` that never closes. YAML
 * reports the line after it, where it gave up looking; the opening is where the `}` or `]` is missing.
 */
function findUnclosedFlow(doc: Document, text: string, error: YAMLError): UnclosedFlow | undefined {
	const closer = /^Flow (?:map|sequence) .* end with a ([}\]])/.exec(error.message)?.[1] as UnclosedFlow['closer'] | undefined;
	if (closer === undefined) return undefined;
	let found: UnclosedFlow | undefined;
	const look = (node: {flow?: boolean; range?: [number, number, number] | null}, isMap: boolean): void => {
		if (!node.flow || !node.range || isMap !== (closer === '}') || node.range[0] >= error.pos[0]) return;
		const source = text.slice(node.range[0], node.range[1]).trimEnd();
		// The last one opened before the error is the innermost that is still open. Ending with the closer is
		// not enough: `{a: 1, b: {c: 2}` ends with the inner map's.
		if (!isClosedFlow(source)) found = {offset: node.range[0], closer, source};
	};

	visit(doc, {
		Map(_key, node) {
			look(node, true);
		},
		Seq(_key, node) {
			look(node, false);
		},
	});
	return found;
}

/** Whether the `{` or `[` that opens `source` is closed at its end: brackets balanced outside quotes and comments. */
function isClosedFlow(source: string): boolean {
	let depth = 0;
	let quote: string | undefined;
	for (let index = 0; index < source.length; index++) {
		const character = source[index]!;
		if (quote !== undefined) {
			if (character === '\\' && quote === '"') index++;
			else if (character === quote) quote = source[index + 1] === '\'' && quote === '\'' ? (index++, quote) : undefined;
			continue;
		}

		// A quote opens a string only where a value starts (`it's` is plain text).
		if ((character === '"' || character === '\'') && /[{[,:]\s*$/.test(source.slice(Math.max(0, index - 40), index))) {
			quote = character;
		} else if (character === '#' && /\s/.test(source[index - 1] ?? '')) {
			const end = source.indexOf('\n', index);
			if (end === -1) break;
			index = end;
		} else if (character === '{' || character === '[') {
			depth++;
		} else if ((character === '}' || character === ']') && --depth === 0) {
			return source.slice(index + 1).trim() === '';
		}
	}

	return false;
}

function describeUnclosedFlow(unclosed: UnclosedFlow): Pick<ConfigIssue, 'message' | 'hint'> {
	const [kind, opener] = unclosed.closer === '}' ? ['mapping', '{'] : ['list', '['];
	// A comment after the last entry ends the line: the closer goes before it, not inside it.
	const entries = unclosed.source.replace(/\s+#.*$/, '');
	const written = entries.includes('\n') || entries.length > 60 ? undefined : `${entries}${unclosed.closer}`;
	return {
		message: `unclosed ${opener}: this ${kind} has no closing ${unclosed.closer}`,
		hint: `add the ${unclosed.closer} after its last entry${written ? `: ${written}` : ''}`,
	};
}

type Duplicate = {readonly key: string; readonly firstOffset: number; readonly isDns: boolean};

/** Every key written twice in one mapping, by the offset of the second: what a DUPLICATE_KEY error there names, and where the key was first written. */
function findDuplicates(doc: Document): ReadonlyMap<number, Duplicate> {
	const duplicates = new Map<number, Duplicate>();
	visit(doc, {
		Map(_key, node) {
			const seen = new Map<unknown, number>();
			let isDns: boolean | undefined;
			for (const pair of node.items) {
				if (!isScalar(pair.key) || !pair.key.range) {
					continue;
				}

				const first = seen.get(pair.key.value);
				if (first === undefined) {
					seen.set(pair.key.value, pair.key.range[0]);
					continue;
				}

				isDns ??= node.items.some(item => isScalar(item.key) && item.key.value === 'kind' && isScalar(item.value) && String(item.value.value).toLowerCase() === 'dns');
				duplicates.set(pair.key.range[0], {key: String(pair.key.value), firstOffset: first, isDns});
			}
		},
	});
	return duplicates;
}

/** Errors the parser reports on a key's value when the line after it is indented deeper than the key. */
function isReportedAbove(error: YAMLError): boolean {
	return error.code === 'BLOCK_AS_IMPLICIT_KEY' || error.code === 'MULTILINE_IMPLICIT_KEY';
}

/** The parser's errors that mean a line is not lined up with its siblings. */
function isIndentationError(error: YAMLError): boolean {
	return error.code === 'BAD_INDENT' || isReportedAbove(error) || (error.code === 'MISSING_CHAR' && error.message.startsWith('Sequence item without - indicator'));
}

/**
 * A file with errors, read once for all of them: its lines, and what indentation errors need (read when the first
 * comes). Each error reading the whole text again made 3,000 misaligned lines take seconds.
 */
type ErrorSource = ParsedFile & {
	readonly lines: readonly string[];
	readonly indentation: () => IndentationContext;
	readonly duplicates: () => ReadonlyMap<number, Duplicate>;
};

function readErrorSource(parsed: ParsedFile): ErrorSource {
	const lines = parsed.text.split('\n');
	let indentation: IndentationContext | undefined;
	let duplicates: ReadonlyMap<number, Duplicate> | undefined;
	return {
		...parsed,
		lines,
		indentation: () => (indentation ??= readIndentation(parsed.text)),
		duplicates: () => (duplicates ??= findDuplicates(parsed.doc)),
	};
}

function describeYamlError(error: YAMLError, parsed: ErrorSource, file: string): ConfigIssue {
	const {doc, lineCounter, text, lines} = parsed;
	const at = locate(lineCounter, file, error.pos[0]);
	const firstLine = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
	// BAD_INDENT inside a block collection, MISSING_CHAR at the end of a file that is one flow collection.
	const unclosed = error.code === 'BAD_INDENT' || error.code === 'MISSING_CHAR' ? findUnclosedFlow(doc, text, error) : undefined;
	if (unclosed) {
		return {...locate(lineCounter, file, unclosed.offset), ...describeUnclosedFlow(unclosed)};
	}

	const misaligned = isIndentationError(error) ? parsed.indentation().problemAt(at.line, isReportedAbove(error)) : undefined;
	if (misaligned) {
		// The caret spans the indentation: that, not the text after it, is what to change (a pasted space: that space).
		if (misaligned.oddSpace !== undefined) return {file, line: misaligned.line, column: misaligned.oddSpace.column, ...describeIndentationProblem(misaligned)};
		return {file, line: misaligned.line, column: 1, endColumn: Math.max(2, misaligned.spaces + 1), ...describeIndentationProblem(misaligned)};
	}

	switch (error.code) {
		case 'TAB_AS_INDENT': {
			return {...at, message: 'tab used for indentation', hint: tabHint};
		}

		case 'MISSING_CHAR': {
			if (/quote/.test(firstLine)) {
				const opening = findUnclosedQuote(doc, text);
				const quote = firstLine.includes('"') ? '"' : '\'';
				return {...locate(lineCounter, file, opening ?? error.pos[0]), message: `unclosed quote: this string has no closing ${quote}`, hint: `add the closing ${quote} at the end of the value`};
			}

			return {...at, message: `invalid YAML: ${firstLine.toLowerCase()}`};
		}

		case 'DUPLICATE_KEY': {
			const duplicate = parsed.duplicates().get(error.pos[0]);
			if (duplicate) {
				const first = locate(lineCounter, file, duplicate.firstOffset);
				// A dns check's record name is `query:`; `name:` is the row's name (docs/config.md, dns).
				const hint = duplicate.key === 'name' && duplicate.isDns
					? `\`name\` is already set at line ${first.line}: it is the check's name; the DNS name to resolve goes in \`query:\``
					: `\`${duplicate.key}\` is already set at line ${first.line}; keep one`;
				return {...at, endColumn: at.column + duplicate.key.length, message: `duplicate key \`${duplicate.key}\``, hint};
			}

			return {...at, message: 'duplicate key'};
		}

		case 'MULTIPLE_DOCS': {
			const content = firstContentAfter(lines, at.line);
			const holds = content === undefined ? '' : ` (its first line is line ${content})`;
			return {...at, message: `more than one YAML document: a second starts here${holds}, and uptop reads only the first`, hint: 'keep one document per file: remove the --- and list these checks under the first `checks:`, or move them to a file listed under include:'};
		}

		default: {
			const line = lines[at.line - 1] ?? '';

			const blockHint = /:\s*[>|][^\n]*\S/.test(line) && !/:\s*[>|][-+0-9]*\s*(#.*)?$/.test(line) ? blockValueHint(line) : undefined;
			// `unit: %` is the likely way to meet this one, and YAML's own words ("directive indicator") do not say what to do.
			const hint = blockHint ?? (/:\s*%/.test(line) ? 'a value starting with % must be quoted: unit: "%"' : undefined) ?? reservedStartHint(error, line) ?? quoteInsideHint(error, line) ?? unquotedValueHint(error, line);
			// YAML's own words quote the text after the `>`: a password, in a credential's line.
			const message = blockHint !== undefined && isCredentialLine(line) ? 'a credential\'s value starts with > or |, which begins a block of text' : `${firstLine.charAt(0).toLowerCase()}${firstLine.slice(1)}`;
			return {...at, message: `invalid YAML: ${message}`, ...(hint ? {hint} : {})};
		}
	}
}

/**
 * `warn: >= 0.2` unquoted: the value written, in quotes, as the hint. Not a credential's (`X-Api-Key: >Zx9k…`),
 * which is never quoted back.
 */
function blockValueHint(line: string): string {
	const advice = 'a value starting with > or | begins a block of text; quote it';
	const written = keyedLine.exec(line);
	if (written === null || isSecretPath(written[1]!)) return advice;
	return `${advice}: ${written[1]!}: ${JSON.stringify(written[2]!)}`;
}

/**
 * `name: payments: eu` (YAML reads a second mapping in the value) and `host: [::1]:5432` (a list, then text): the
 * value written, quoted, as the hint. A credential's value is not quoted back.
 */
function unquotedValueHint(error: YAMLError, line: string): string | undefined {
	const written = /^\s*(?:-\s+)?["']?([\w-]+)["']?\s*:\s+(\S.*?)\s*(?:\s#.*)?$/.exec(line);
	if (written === null) return undefined;
	const [, key, value] = written as unknown as [string, string, string];
	const quoted = isSecretPath(key) ? '' : `: ${key}: ${JSON.stringify(value)}`;
	// `expect: status: 200`: a key whose value is a mapping wants braces, not quotes (quoted, it is one more error).
	if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && mappingKeys.has(key)) {
		// `defaults: headers: {Authorization: …}` on one line: a credential inside is not quoted back.
		const isQuotable = !['headers', 'env'].includes(key) && hideWrittenSecrets(value) === value;
		return isQuotable ? `\`${key}:\` takes a mapping: write it in braces, ${key}: {${value}}` : `\`${key}:\` takes a mapping: write it in braces, ${key}: {name: value}, or one pair per line under it`;
	}

	if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /:\s/.test(value) && !/^["'[{]/.test(value)) return `a value that holds ": " must be quoted${quoted}`;
	if (error.code === 'UNEXPECTED_TOKEN' && /^\[[^\]]*\]:\d+$/.test(value)) return `a value starting with [ begins a list; quote it${quoted}`;
	return undefined;
}

/** Keys whose value is a mapping. */
const mappingKeys = new Set(['expect', 'version', 'headers', 'env', 'defaults', 'groups']);

/** `key: value` on one line of a block mapping (after a `- `), its comment left out. */
const keyedLine = /^\s*(?:-\s+)?["']?([\w-]+)["']?\s*:\s*([>|].*?)\s*(?:\s#.*)?$/;

const isCredentialLine = (line: string): boolean => {
	const key = keyedLine.exec(line)?.[1];
	return key !== undefined && isSecretPath(key);
};

/** A line not blank or a comment, in a stack of those above a line whose indentation shrinks from the top down. */
type Above = {readonly line: number; readonly indent: number; readonly below: Above | undefined};

/**
 * For each line, the nearest line above it, not blank or a comment, indented less than it: the one it is nested
 * under. One pass down the file: a line hides the lines above it indented as far or deeper, as it is nearer.
 */
function parentLines(lines: readonly string[]): (line: number) => number | undefined {
	const indentOf = (source: string): number => /^ */.exec(source)![0].length;
	const aboveLine: Array<Above | undefined> = [];
	let above: Above | undefined;
	for (const [index, source] of lines.entries()) {
		aboveLine.push(above);
		if (source.trim() === '' || source.trim().startsWith('#')) continue;
		const indent = indentOf(source);
		while (above !== undefined && above.indent >= indent) above = above.below;
		above = {line: index + 1, indent, below: above};
	}

	return line => {
		const own = indentOf(lines[line - 1] ?? '');
		let candidate = aboveLine[Math.min(line, lines.length) - 1];
		while (candidate !== undefined && candidate.indent >= own) candidate = candidate.below;
		return candidate?.line;
	};
}

/** The lines inside a block of text (`|`, `>`) or a quoted string that spans lines, after its first: text, not structure. */
function linesInsideText(doc: Document, lineCounter: LineCounter): Set<number> {
	const inside = new Set<number>();
	visit(doc, {
		Scalar(_key, node) {
			if (node.type === 'PLAIN' || !node.range) return;
			const first = lineCounter.linePos(node.range[0]).line;
			const last = lineCounter.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
			for (let line = first + 1; line <= last; line++) inside.add(line);
		},
	});
	return inside;
}

/** `text` with `lines` left out: blank, so every other line keeps its offset. */
function withoutLines(text: string, lines: ReadonlySet<number>): string {
	if (lines.size === 0) return text;
	return text.split('\n').map((source, index) => (lines.has(index + 1) ? source.replaceAll(/[^\r]/g, ' ') : source)).join('\n');
}

/** Of a reading, whether it is a document to validate: a duplicate key or a second document is flagged, and read past. */
const isWholeReading = (parsed: ParsedFile): boolean => parsed.doc.errors.every(error => error.code === 'DUPLICATE_KEY' || error.code === 'MULTIPLE_DOCS');

/**
 * The file read with the tabs in the indentation of `tabLines` as spaces, at the first width that makes it whole
 * (tabs-as-spaces.ts), its positions those of the file as written; undefined when no width does.
 */
function readTabsAsSpaces(text: string, tabLines: ReadonlySet<number>): (ParsedFile & {readonly width: number}) | undefined {
	for (const width of tabWidths) {
		const widened = tabsAsSpaces(text, tabLines, width);
		const parsed = parseText(widened.text);
		if (!isWholeReading(parsed)) continue;
		countWrittenColumns(parsed.lineCounter, widened.widened);
		return {...parsed, width};
	}

	return undefined;
}

const parseText = (text: string): ParsedFile => {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false});
	return {doc, lineCounter, text};
};

/**
 * Parses YAML text; syntax errors become issues (one per line, tabs and pasted spaces first). A pasted space in
 * the structure is its own error, and the file is then read as it was meant, a plain space in its place: the
 * parser's errors are taken from that reading, so the lines the pasted space put out of line are not errors of
 * their own, and when that reading has none the file is validated.
 */
export function parseYaml(written: string, file: string, issues: ConfigIssue[]): ParsedFile | undefined {
	// A `---` that ends the file (kubectl's and helm's output) starts no document: read as blank.
	const text = withoutEmptyLastDocuments(written);
	const first = parseText(text);
	// Nested thousands deep, the parser gave up where its stack ran out; a little less deep, the readers after it
	// would: one error where it is too deep, and nothing about the lines after it.
	const exhausted = first.doc.errors.find(error => isStackExhausted(error));
	const tooDeep = exhausted === undefined ? tooDeepAt(first.doc) : exhausted.pos[0];
	if (tooDeep !== undefined) {
		issues.push({...locate(first.lineCounter, file, tooDeep), message: tooDeepMessage, hint: tooDeepHint});
		return undefined;
	}

	if (first.doc.errors.length === 0) {
		return first;
	}

	// One line to the parser: its errors are all about that, and none says so.
	const crOnly = crOnlyLineEnds(text, file);
	if (crOnly) {
		issues.push(crOnly);
		return undefined;
	}

	const pastedSpaces = findStructureSpaces(text, linesInsideText(first.doc, first.lineCounter));
	const dashTabLines = new Set(first.doc.errors.filter(error => error.code === 'TAB_AS_INDENT').map(error => first.lineCounter.linePos(error.pos[0]).line));
	const tabs = findTabIndents(text, dashTabLines);
	const tabLines = new Set(tabs.map(tab => tab.line));
	// A tab read as spaces, at a width that makes the file whole: its other errors are found in the same run.
	const asSpaces = tabs.length === 0 ? undefined : readTabsAsSpaces(meantText(text, pastedSpaces), tabLines);
	// Otherwise after a tab the parser's reading of the lines is off (a correct line further on is "nested mappings
	// are not allowed"): its errors are taken from the file read without the tab's lines, reported on their own.
	const meant = asSpaces ?? (pastedSpaces.length === 0 && tabs.length === 0 ? first : parseText(withoutLines(meantText(text, pastedSpaces), tabLines)));
	const parsed = readErrorSource(meant);
	const lines = text.split('\n');
	// Of the file as written: in the reading without them, a tab's lines are blank.
	let parentOf: ((line: number) => number | undefined) | undefined;
	for (const tab of tabs) {
		issues.push({file, line: tab.line, column: tab.column, message: 'tab used for indentation', hint: asSpaces === undefined ? tabHint : tabReadAsSpacesHint(asSpaces.width)});
	}

	const reportedLines = new Set<number>();
	for (const space of pastedSpaces) {
		if (tabLines.has(space.line)) continue;
		reportedLines.add(space.line);
		issues.push(describeStructureSpace(space, lines[space.line - 1]!, parsed.indentation(), file));
	}

	for (const error of parsed.doc.errors) {
		const issue = describeYamlError(error, parsed, file);
		if (reportedLines.has(issue.line) || (asSpaces === undefined && (tabLines.has(issue.line) || (tabLines.size > 0 && error.code === 'TAB_AS_INDENT')))) {
			continue;
		}

		// `-<tab>name: b` and the `url:` under it: the tab is the error, the line under it only seems out of line (and
		// with a tab's line left out, it joins the lines before: a duplicate key, or an indentation error).
		if (asSpaces === undefined && (isIndentationError(error) || tabs.length > 0) && tabLines.has((parentOf ??= parentLines(lines))(issue.line) ?? 0)) {
			continue;
		}

		if (error.code === 'TAB_AS_INDENT') tabLines.add(issue.line);
		reportedLines.add(issue.line);
		issues.push(issue);
		// What the parser says after an unclosed { or [ is about lines it read as still inside it: noise.
		if (/^unclosed [{[]/.test(issue.message)) break;
	}

	// A duplicate key is flagged, and the document is whole: its checks are validated too, in this run. So is the
	// first document of a file that holds a second.
	return isWholeReading(parsed) && (tabLines.size === 0 || asSpaces !== undefined) ? meant : undefined;
}
