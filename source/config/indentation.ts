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

/** The next content line after `line` (blank lines and comments skipped). */
function nextContentLine(lines: readonly string[], line: number): number | undefined {
	for (let next = line + 1; next <= lines.length; next++) {
		if (readContent(lines, next)) return next;
	}

	return undefined;
}

type Column = {readonly column: number; readonly content: Content};

/** The column `fault` most likely meant: the nearest one still open above it (blank lines and comments skipped). */
function nearestColumn(lines: readonly string[], fault: Content): Column | undefined {
	// Columns still open at the faulty line: walking up, a line opens its columns unless a shallower line came between.
	const open: Column[] = [];
	let shallowest = Number.POSITIVE_INFINITY;
	for (let above = fault.line - 1; above >= 1 && shallowest > 0; above--) {
		const content = readContent(lines, above);
		if (!content) continue;
		const column = fault.isItem ? (content.isItem ? content.indent : undefined) : content.keyColumn;
		if (column !== undefined && column <= shallowest && !open.some(entry => entry.column === column)) open.push({column, content});
		shallowest = Math.min(shallowest, content.indent);
	}

	// Nearest column; on a tie the deeper one, which keeps the line in the block it follows.
	return open.sort((a, b) => Math.abs(a.column - fault.indent) - Math.abs(b.column - fault.indent) || b.column - a.column)[0];
}

/** What a line starts with, and the column it most likely meant, whether or not it is there: for a line whose indentation held a pasted space, read with plain spaces. */
export function lineUpWith(text: string, line: number): {what: string; spaces: number; expected?: {spaces: number; sibling: {line: number; what: string}}} | undefined {
	const lines = text.split('\n');
	const fault = readContent(lines, line);
	if (!fault) return undefined;
	const best = nearestColumn(lines, fault);
	if (!best) return {what: fault.what, spaces: fault.indent};
	return {what: fault.what, spaces: fault.indent, expected: {spaces: best.column, sibling: siblingOf(fault, best)}};
}

const siblingOf = (fault: Content, best: Column): {line: number; what: string} => ({line: best.content.line, what: best.content.isItem && !fault.isItem ? best.content.what.slice(2) : best.content.what});

/**
 * `line` is where the parser reported the error. With `afterLine` (the parser's "compact mapping" error,
 * reported on the line above the one at fault) the line at fault is the next content line.
 */
export function findIndentationProblem(text: string, line: number, afterLine = false): IndentationProblem | undefined {
	const lines = text.split('\n');
	const faultLine = afterLine ? nextContentLine(lines, line) : line;
	if (faultLine === undefined) return undefined;
	const fault = readContent(lines, faultLine);
	if (!fault) return undefined;
	const best = nearestColumn(lines, fault);
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
