import type {LineCounter} from 'yaml';

/**
 * The widths a tab in the indentation is tried as, for a second reading of a file that has one: the first whose
 * reading parses whole is taken. Editors set tabs to 2, 4 or 8 columns; the narrowest that fits is the likeliest.
 */
export const tabWidths = [2, 4, 8] as const;

/** One line's indentation, read with its tabs as spaces: how long it was, and is. */
type Widened = {readonly written: number; readonly read: number; readonly tabColumn: number};

export type TabsAsSpaces = {
	/** The file with each tab in the indentation of `lines` (a list item's dash and the space after it are of it) replaced by spaces up to the next multiple of `width`. */
	readonly text: string;
	readonly width: number;
	/** By line number, the lines whose indentation changed. */
	readonly widened: ReadonlyMap<number, Widened>;
};

/** `text` with the tabs in the indentation of `lines` (1-based) read as spaces to the next multiple of `width`. */
export function tabsAsSpaces(text: string, lines: ReadonlySet<number>, width: number): TabsAsSpaces {
	const widened = new Map<number, Widened>();
	const read = text.split('\n').map((source, index) => {
		if (!lines.has(index + 1)) return source;
		// Up to the last tab in the spaces and list dashes that begin the line: `  -<tab>name` has its tab there too.
		const leading = /^[ \t]*(?:-[ \t]+)*/.exec(source)![0];
		const indent = leading.slice(0, leading.lastIndexOf('\t') + 1);
		let read = '';
		for (const character of indent) read += character === '\t' ? ' '.repeat((Math.floor(read.length / width) + 1) * width - read.length) : character;
		widened.set(index + 1, {written: indent.length, read: read.length, tabColumn: indent.indexOf('\t') + 1});
		return read + source.slice(indent.length);
	});
	return {text: read.join('\n'), width, widened};
}

/**
 * Makes `lineCounter`, the one the widened text was parsed with, give columns of the file as written: every error
 * found in that reading points at what the user sees in their editor. A place inside the widened indentation is the
 * tab's own column.
 */
export function countWrittenColumns(lineCounter: LineCounter, widened: ReadonlyMap<number, Widened>): void {
	const readPosition = lineCounter.linePos;
	lineCounter.linePos = offset => {
		const position = readPosition(offset);
		const line = widened.get(position.line);
		if (line === undefined) return position;
		const column = position.col - 1 < line.read ? line.tabColumn : position.col - line.read + line.written;
		return {line: position.line, col: column};
	};
}
