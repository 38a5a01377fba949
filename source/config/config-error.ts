import type {Secret} from './types.js';

/**
 * One problem found in a config file. `line` and `column` are 1-based; both are 0 only when the
 * problem concerns the whole file and has no position (a file that does not exist or cannot be read).
 */
export type ConfigIssue = {
	/** The file as it should be shown to a person: relative to the working directory when inside it. */
	readonly file: string;
	readonly line: number;
	readonly column: number;
	/** Where the offending text ends on `line` (exclusive), for a caret wider than one character. */
	readonly endColumn?: number;
	readonly message: string;
	/** What would have been accepted, e.g. "a duration such as 10s". */
	readonly expected?: string;
	/** What was written, e.g. "fast". */
	readonly found?: string;
	/** A suggestion, e.g. "did you mean `timeout`?". */
	readonly hint?: string;
	/** Path of the value inside the file, e.g. `checks[3].timout`. */
	readonly path?: string;
	/** For callers that give other advice for some causes (an uptop already running on the file: reload-hints.ts). */
	readonly cause?: IssueCause;
};

/**
 * A variable the environment does not set, the checks file itself missing, or a file that could not be read for a
 * reason that passes by itself (out of open files, busy): the same file may read a moment later (config-watcher.ts).
 */
export type IssueCause =
	| {readonly kind: 'unsetVariable'; readonly name: string}
	| {readonly kind: 'missingFile'}
	| {readonly kind: 'transientRead'; readonly code: string};

/** Every problem in a config (all at once), plus what the watcher and the formatter need. */
export class ConfigError extends Error {
	/** Stable code for callers that branch on the kind of error. */
	readonly code = 'config_invalid';
	readonly issues: readonly ConfigIssue[];
	/** Absolute paths of every file read or attempted, so a watcher can wait for a fix. */
	readonly files: readonly string[];
	/** Absolute directories whose contents matter (include globs). */
	readonly directories: readonly string[];
	/** Text of each file by its `ConfigIssue.file`, for code frames. */
	readonly sources: ReadonlyMap<string, string>;
	/** The config's secret values, hidden in the code frames wherever the file writes them (frame-secrets.ts). */
	readonly secrets: readonly Secret[];

	constructor(
		issues: readonly ConfigIssue[],
		context: {files?: readonly string[]; directories?: readonly string[]; sources?: ReadonlyMap<string, string>; secrets?: readonly Secret[]} = {},
	) {
		const first = issues[0];
		const where = first ? formatLocation(first) : 'config';
		const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
		super(escapeControls(`${where}: ${first?.message ?? 'invalid config'}${more}`));
		this.name = 'ConfigError';
		this.issues = issues;
		this.files = context.files ?? [];
		this.directories = context.directories ?? [];
		this.sources = context.sources ?? new Map();
		this.secrets = context.secrets ?? [];
	}
}

/** `checks.yaml:12:5`, or just `checks.yaml` for a whole-file problem. */
export function formatLocation(issue: Pick<ConfigIssue, 'file' | 'line' | 'column'>): string {
	return issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
}

/**
 * Messages quote the file (names, values); a config is trusted, but a pasted escape sequence must still
 * not drive the terminal. Line breaks in hints are kept, everything else becomes `\uXXXX`.
 */
export const escapeControls = (text: string): string =>
	text.replaceAll(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/** Characters of a value quoted in a config message (`fast` is not a duration) before it is cut. */
export const quotedWidth = 60;

/** A value quoted in a message, cut to `width` characters with `…`: a pasted blob must not flood the screen. */
export function clip(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
