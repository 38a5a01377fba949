import {createRegexPool} from './regex-pool.js';

/** `expect.body: "ok"` or `"/ok|up/i"` as the config reads it (leaf-types `pattern`). */
export type TextMatcher = {readonly substring: string} | {readonly regex: string; readonly flags: string};

/**
 * How long one regular expression may run against one text. A sane pattern reads a MiB in milliseconds;
 * one that backtracks (`/(a+)+$/` against `aaaa…!`) runs for hours, and a running expression cannot be
 * interrupted: it runs in a thread of its own (regex-thread.ts), which stops it after this long.
 */
export const regexBudgetMs = 500;

/** `aborted`: the probe's signal (its deadline, a shutdown) came before the expression's answer. */
export type TextMatch = 'match' | 'no_match' | 'too_slow' | 'aborted';

/**
 * Threads for patterns not known to run out their budget. A pattern's first run may backtrack, and a sane one
 * must not wait behind it for 500 ms: the repro's four that backtrack on the first round take four, and the
 * sane pattern beside them gets a fifth. Threads are started as jobs come and ended once idle (one stays):
 * a config without such patterns runs one thread.
 */
const saneThreads = 8;
const sane = createRegexPool(saneThreads);
// Patterns that once ran out their budget share one thread of their own: one stopped on every new body (a
// timestamp in it) then holds no sane pattern behind it.
const suspect = createRegexPool(1);

/**
 * The text each pattern last ran out its budget on. Keyed by the check's own matcher, so a reloaded config
 * starts afresh; the same pattern on the same text is stopped again, so it fails at once instead of paying
 * its budget every round. Any other text is tried, on the suspect thread.
 */
const ranOutOn = new WeakMap<TextMatcher, string>();

/**
 * Whether `text` contains the substring or matches the regular expression (validated when the config
 * loaded); `too_slow` when the expression was stopped after `budgetMs`.
 */
export async function matchText(text: string, matcher: TextMatcher, signal: AbortSignal, budgetMs = regexBudgetMs): Promise<TextMatch> {
	if ('substring' in matcher) {
		return text.includes(matcher.substring) ? 'match' : 'no_match';
	}

	const stoppedOn = ranOutOn.get(matcher);
	if (stoppedOn === text) return 'too_slow';
	const pool = stoppedOn === undefined ? sane : suspect;
	const verdict = await pool.run({regex: matcher.regex, flags: matcher.flags, text, budgetMs}, signal);
	if (verdict === 'too_slow') ranOutOn.set(matcher, text);
	return verdict;
}

/** For shutdown: ends the threads, also one still running an aborted probe's expression. */
export async function closeRegexThreads(): Promise<void> {
	await Promise.all([sane.close(), suspect.close()]);
}

/** Why a match was given up, after `output: `, `body: ` or `header X: `. */
export function tooSlowMessage(matcher: TextMatcher, budgetMs = regexBudgetMs): string {
	const pattern = 'regex' in matcher ? `/${matcher.regex}/${matcher.flags}` : 'the expression';
	return `${pattern} stopped after ${budgetMs} ms, unfinished (it backtracks on this text: avoid nested repeats such as (a+)+)`;
}

/** What a deadline that came while an expression was running says: the target had answered, in time. */
export function matchingTimeoutWords(matcher: TextMatcher): string {
	return 'regex' in matcher ? `matching /${matcher.regex}/${matcher.flags}` : 'matching';
}
