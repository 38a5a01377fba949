import {nameOf, wideOddSpaces} from './pasted-characters.js';

/**
 * Misaligned indentation is the most common YAML mistake, and the parser's words for it ("all mapping items
 * must start at the same column", "nested mappings are not allowed in compact mappings") name neither the
 * line at fault nor the fix. This finds the line and the column its siblings use.
 */

export type IndentationProblem = {
	/** 1-based line at fault. */
	readonly line: number;
	/** Its indentation, in spaces. */
	readonly spaces: number;
	/** What the line starts with: a key (`timeout`) or `- name` for a list item. */
	readonly what: string;
	/** The indentation it most likely meant, and the line above that has it. */
	readonly expectedSpaces: number;
	readonly sibling: {readonly line: number; readonly what: string};
	/** A space YAML does not count (a non-breaking space, pasted) in the line's indentation, and its column. */
	readonly oddSpace?: {readonly character: string; readonly column: number};
};

/** Spaces pasted from a web page or a chat, which YAML does not take for indentation. */
const oddIndentSpace = new RegExp(`^[${wideOddSpaces}]`, 'u');
/** Plain and pasted spaces before a key. */
const leadingSpaces = new RegExp(`^[${wideOddSpaces} ]+`, 'u');

type Content = {readonly line: number; readonly indent: number; readonly isItem: boolean; readonly keyColumn: number; readonly what: string};

function readContent(lines: readonly string[], lineNumber: number): Content | undefined {
	const source = lines[lineNumber - 1];
	if (source === undefined) return undefined;
	const indent = /^ */.exec(source)![0].length;
	const rest = source.slice(indent);
	if (rest.trim() === '' || rest.startsWith('#')) return undefined;
	// `-<tab>name`: its tab is reported on its own; its column is no measure for the lines around it.
	if (/^-?\t/.test(rest)) return undefined;
	const item = /^-( +|$)/.exec(rest);
	const afterDash = (item ? rest.slice(item[0].length) : rest).replace(leadingSpaces, '');
	const key = /^([^:#\s][^:#]*?)\s*:(\s|$)/.exec(afterDash)?.[1];
	const what = item ? `- ${key ?? afterDash.trim()}` : key ?? rest.trim();
	return {line: lineNumber, indent, isItem: item !== null, keyColumn: item ? indent + item[0].length : indent, what: what.length > 30 ? `${what.slice(0, 29)}…` : what};
}

/** A column open at some line: the nearest content line above that uses it, then the ones open before it (a stack shared by every line below). */
type OpenColumn = {readonly column: number; readonly content: Content; readonly below: OpenColumn | undefined};

/** The columns open at a line, for a list item (`- name`, lined up with items) and for a key (lined up with keys). */
type OpenAt = {readonly items: OpenColumn | undefined; readonly keys: OpenColumn | undefined};

/**
 * Walking up from a line, a line above opens its column unless a shallower line came between, and the walk ends at
 * a line at the margin. Walking down instead, each line closes the columns deeper than its indentation (all of them
 * at the margin) and opens its own: one pass gives every line's open columns, as stacks that share their bottoms.
 */
function closeDeeper(open: OpenColumn | undefined, indent: number): OpenColumn | undefined {
	let top = open;
	while (top !== undefined && (indent === 0 || top.column > indent)) top = top.below;
	return top;
}

/** `open` with `column` opened by `content`: its own column is the deepest still open, and the nearest user of a column is the one offered. */
function opened(open: OpenColumn | undefined, column: number, content: Content): OpenColumn {
	return {column, content, below: open?.column === column ? open.below : open};
}

/**
 * Everything the diagnosis of one file needs, read once: its lines, each content line, the next content line after
 * each line and the columns open at each. A file with thousands of misaligned lines is diagnosed in one pass, not one
 * pass per line (the live screen waits for it).
 */
export type IndentationContext = {
	readonly problemAt: (line: number, afterLine?: boolean) => IndentationProblem | undefined;
	/** What a line starts with, and the column it most likely meant, whether or not it is there: for a line whose indentation held a pasted space, read with plain spaces. */
	readonly lineUp: (line: number) => LinedUp | undefined;
};

export type LinedUp = {readonly what: string; readonly spaces: number; readonly expected?: {readonly spaces: number; readonly sibling: {readonly line: number; readonly what: string}}};

export function readIndentation(text: string): IndentationContext {
	const lines = text.split('\n');
	const contents = lines.map((_, index) => readContent(lines, index + 1));
	const openAt: OpenAt[] = [];
	let items: OpenColumn | undefined;
	let keys: OpenColumn | undefined;
	for (const content of contents) {
		openAt.push({items, keys});
		if (!content) continue;
		items = closeDeeper(items, content.indent);
		keys = closeDeeper(keys, content.indent);
		if (content.isItem) items = opened(items, content.indent, content);
		keys = opened(keys, content.keyColumn, content);
	}

	const nextContent: Array<number | undefined> = [];
	let next: number | undefined;
	for (let line = lines.length; line >= 1; line--) {
		nextContent[line] = next;
		if (contents[line - 1]) next = line;
	}

	/** The column `fault` most likely meant: the nearest one still open above it; on a tie the deeper one, which keeps the line in the block it follows. */
	const nearestColumn = (fault: Content): OpenColumn | undefined => {
		let best: OpenColumn | undefined;
		for (let open = fault.isItem ? openAt[fault.line - 1]!.items : openAt[fault.line - 1]!.keys; open !== undefined; open = open.below) {
			const distance = Math.abs(open.column - fault.indent);
			const bestDistance = best === undefined ? Number.POSITIVE_INFINITY : Math.abs(best.column - fault.indent);
			if (distance < bestDistance || (distance === bestDistance && open.column > best!.column)) best = open;
		}

		return best;
	};

	return {
		lineUp(line) {
			const fault = contents[line - 1];
			if (!fault) return undefined;
			const best = nearestColumn(fault);
			if (!best) return {what: fault.what, spaces: fault.indent};
			return {what: fault.what, spaces: fault.indent, expected: {spaces: best.column, sibling: siblingOf(fault, best)}};
		},
		problemAt(line, afterLine = false) {
			const faultLine = afterLine ? nextContent[line] : line;
			if (faultLine === undefined) return undefined;
			const fault = contents[faultLine - 1];
			if (!fault) return undefined;
			const best = nearestColumn(fault);
			if (!best || best.column === fault.indent) return undefined;
			const odd = oddIndentSpace.exec(lines[faultLine - 1]!.slice(fault.indent))?.[0];
			return {
				line: faultLine,
				spaces: fault.indent,
				what: fault.what,
				expectedSpaces: best.column,
				sibling: siblingOf(fault, best),
				...(odd === undefined ? {} : {oddSpace: {character: odd, column: fault.indent + 1}}),
			};
		},
	};
}

const siblingOf = (fault: Content, best: OpenColumn): {line: number; what: string} => ({line: best.content.line, what: best.content.isItem && !fault.isItem ? best.content.what.slice(2) : best.content.what});

/**
 * `line` is where the parser reported the error. With `afterLine` (the parser's "compact mapping" error,
 * reported on the line above the one at fault) the line at fault is the next content line.
 */
export function findIndentationProblem(text: string, line: number, afterLine = false): IndentationProblem | undefined {
	return readIndentation(text).problemAt(line, afterLine);
}

export const spaces = (count: number): string => `${count} space${count === 1 ? '' : 's'}`;

export function describeIndentationProblem(problem: IndentationProblem): {message: string; hint: string} {
	if (problem.oddSpace !== undefined) {
		// `   <U+00A0>timeout` looks 4 spaces deep and is 3 to YAML: "3 spaces" beside it would read as wrong.
		const key = problem.what.split(':')[0]!;
		return {
			message: `the indentation of \`${key}\` holds a ${nameOf(problem.oddSpace.character)}, which YAML does not count as a space`,
			hint: `indent it with plain spaces: ${spaces(problem.expectedSpaces)}, like \`${problem.sibling.what}\``,
		};
	}

	return {
		message: `\`${problem.what}\` (${spaces(problem.spaces)}) is not lined up with \`${problem.sibling.what}\` on line ${problem.sibling.line} (${spaces(problem.expectedSpaces)})`,
		hint: `${problem.expectedSpaces === 0 ? 'start it at the beginning of the line' : `indent it ${spaces(problem.expectedSpaces)}`}, like \`${problem.sibling.what}\`: YAML nests by indentation`,
	};
}
