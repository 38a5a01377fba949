import {clip, escapeControls, formatLocation, type ConfigError, type ConfigIssue} from './config-error.js';
import {hideSecretValues, hideWrittenSecretLines} from './frame-secrets.js';
import type {Secret} from './types.js';

export type FormatOptions = {
	/** Add ANSI colour (only for a terminal that wants it). Default false. */
	readonly color?: boolean;
	/** Lines of context shown above the offending line. Default 2. */
	readonly contextLines?: number;
};

type Paint = (code: string, text: string) => string;

/** Tabs would shift the caret; show them as one space each so columns stay aligned. Controls become `?`. */
const visible = (line: string): string => line.replaceAll('\t', ' ').replaceAll(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '?');

/** Characters of a source line shown in the frame: a longer line (flow-style YAML, JSON) is shown around the error. */
const frameWidth = 160;
/** Characters shown before the error's column when the line is shown from further in. */
const frameLead = 60;
/** Longest `found:` shown: the value is the user's own, but a binary file or a huge string must not flood the screen. */
const foundWidth = 120;

/** The part of a line the frame shows (from `start`), with `…` where it was cut. */
function window(line: string, start: number): string {
	const shown = line.slice(start, start + frameWidth);
	return `${start > 0 ? '…' : ''}${shown}${line.length > start + frameWidth ? '…' : ''}`;
}

/**
 * A file's lines as frames show them, its written secrets hidden: the config's secret values wherever they are, then
 * the values of keys that name a credential (the config's own may not be known: the file did not parse). Read
 * together, top down: a secret's value may go on below the line of its key; each line's hiding depends only on the
 * lines above it, so one pass serves every issue of the file (a pass per issue made a file with thousands of errors
 * take minutes).
 */
const shownLines = (text: string, secrets: readonly Secret[]): readonly string[] => hideWrittenSecretLines(hideSecretValues(text, secrets).split(/\r?\n/));

function codeFrame(issue: ConfigIssue, lines: readonly string[] | undefined, paint: Paint, contextLines: number): string[] {
	if (lines === undefined || issue.line < 1 || issue.line > lines.length) {
		return [];
	}

	const first = Math.max(1, issue.line - contextLines);
	const width = String(issue.line).length;
	const caretLength = Math.max(1, Math.min(80, (issue.endColumn ?? issue.column + 1) - issue.column));
	// Every line of the frame is cut at the same column, so the context stays aligned with the caret.
	const start = issue.column - 1 + caretLength <= frameWidth ? 0 : Math.max(0, issue.column - 1 - frameLead);
	const output: string[] = [];
	for (let number = first; number <= issue.line; number++) {
		const marker = number === issue.line ? paint('31;1', '>') : ' ';
		output.push(`${marker} ${paint('2', `${String(number).padStart(width)} |`)} ${window(visible(lines[number - 1] ?? ''), start)}`);
	}

	const caretAt = Math.max(0, issue.column - 1 - start) + (start > 0 ? 1 : 0);
	output.push(`  ${' '.repeat(width)} ${paint('2', '|')} ${' '.repeat(caretAt)}${paint('31;1', '^'.repeat(caretLength))}`);
	return output;
}

/** One issue: `checks.yaml:12:5: message`, a code frame with a caret, then expected / found / hint. */
export function formatConfigIssue(issue: ConfigIssue, source: string | undefined, options: FormatOptions = {}, secrets: readonly Secret[] = []): string {
	return formatIssue(issue, source === undefined ? undefined : shownLines(source, secrets), options);
}

function formatIssue(issue: ConfigIssue, sourceLines: readonly string[] | undefined, options: FormatOptions): string {
	const paint: Paint = options.color ? (code, text) => `\u001B[${code}m${text}\u001B[0m` : (_code, text) => text;
	const lines = [`${paint('1', escapeControls(formatLocation(issue)))}: ${paint('31', escapeControls(issue.message))}`];
	lines.push(...codeFrame(issue, sourceLines, paint, options.contextLines ?? 2));
	if (issue.expected) {
		lines.push(`  expected: ${escapeControls(issue.expected)}`);
	}

	if (issue.found) {
		lines.push(`  found:    ${clip(escapeControls(issue.found), foundWidth)}`);
	}

	if (issue.hint) {
		const [first, ...rest] = escapeControls(issue.hint).split('\n');
		lines.push(`  ${paint('36', 'hint:')} ${first}`, ...rest.map(line => `        ${line}`));
	}

	return lines.join('\n');
}

/**
 * Issues shown at most: a file with thousands of errors (a log or manifest passed by mistake, a block indented
 * wrong) would fill the scrollback with frames nobody reads; the count still says how many there are.
 */
export const maxIssuesShown = 100;

/** Every issue of the error (up to 100), separated by blank lines, then a count. */
export function formatConfigError(error: ConfigError, options: FormatOptions = {}): string {
	const linesByFile = new Map<string, readonly string[] | undefined>();
	const linesOf = (file: string): readonly string[] | undefined => {
		if (!linesByFile.has(file)) {
			const source = error.sources.get(file);
			linesByFile.set(file, source === undefined ? undefined : shownLines(source, error.secrets));
		}

		return linesByFile.get(file);
	};

	const shown = error.issues.slice(0, maxIssuesShown);
	const blocks = shown.map(issue => formatIssue(issue, linesOf(issue.file), options));
	const count = error.issues.length;
	if (count > shown.length) {
		const more = count - shown.length;
		blocks.push(`… and ${more.toLocaleString('en-US')} more ${more === 1 ? 'error' : 'errors'}, not shown: fix these first (one mistake, such as a line indented wrong, often makes many)`);
	}

	const files = [...new Set(error.issues.map(issue => issue.file))].join(', ');
	blocks.push(`${count} ${count === 1 ? 'error' : 'errors'} in ${escapeControls(files)}`);
	return blocks.join('\n\n');
}
