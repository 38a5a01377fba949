import {createRegexPool} from './regex-pool.js';

/** `expect.body: "ok"` or `"/ok|up/i"` as the config reads it (leaf-types `pattern`). */
export type TextMatcher = {readonly substring: string} | {readonly regex: string; readonly flags: string};

/**
 * How long one regular expression may run against one text. A sane pattern reads a MiB in milliseconds;
 * one that backtracks (`/(a+)+$/` against `aaaa…!`) runs for hours, and a running expression cannot be
 * interrupted: it runs in a thread of its own (regex-thread.ts), which stops it after this long.
 */
let regexBudgetMs = 500;

/**
 * For tests: a budget far above a target's answer time (seconds), so that a probe held by an expression shows
 * it plainly beside one that was not, on however loaded a machine. Undefined restores the 500 ms.
 */
export function setRegexBudgetForTests(ms: number | undefined): void {
	regexBudgetMs = ms ?? 500;
}

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

/** A pattern's last run out of its budget: on which text, when (Date.now), and how often told since without running. */
export type RanOut = {readonly text: string; readonly at: number; told: number};

/**
 * The budget is wall-clock time: on a loaded host a sane pattern on a large body can overrun it once. So a
 * verdict is trusted for this many rounds, or this long, at most; then the pattern runs again, and a run that
 * finishes in time clears it.
 */
const ranOutTrustedRounds = 4;
const ranOutTrustedMs = 60_000;

/**
 * The text each pattern last ran out its budget on. Keyed by the check's own matcher, so a reloaded config
 * starts afresh; the same pattern on the same text would most likely be stopped again, so for a few rounds it
 * fails at once instead of paying its budget every round. Any other text is tried, on the suspect thread.
 */
const ranOutOn = new WeakMap<TextMatcher, RanOut>();

/** Whether `text` is to be told `too_slow` at `now` without running the pattern, after `ranOut`. */
export function trustsRanOut(ranOut: RanOut | undefined, text: string, now: number): boolean {
	if (ranOut?.text !== text || ranOut.told >= ranOutTrustedRounds) {
		return false;
	}

	// A clock set back counts as time passed: the verdict is not trusted for longer than a minute either way.
	const age = now - ranOut.at;
	return age >= 0 && age < ranOutTrustedMs;
}

/**
 * Whether `text` contains the substring or matches the regular expression (validated when the config
 * loaded); `too_slow` when the expression was stopped after `budgetMs`.
 */
export async function matchText(text: string, matcher: TextMatcher, signal: AbortSignal, budgetMs = regexBudgetMs): Promise<TextMatch> {
	if ('substring' in matcher) {
		return text.includes(matcher.substring) ? 'match' : 'no_match';
	}

	const ranOut = ranOutOn.get(matcher);
	if (ranOut !== undefined && trustsRanOut(ranOut, text, Date.now())) {
		ranOut.told++;
		return 'too_slow';
	}

	// A verdict trusted long enough is tried again as any pattern is: on the suspect thread, four patterns retried
	// in the same round would wait 2 s for it and read a timeout instead.
	const pool = ranOut === undefined || ranOut.text === text ? sane : suspect;
	const verdict = await pool.run({regex: matcher.regex, flags: matcher.flags, text, budgetMs}, signal);
	if (verdict === 'too_slow') {
		ranOutOn.set(matcher, {text, at: Date.now(), told: 0});
	} else if (verdict !== 'aborted') {
		// Finished in time: no longer a suspect, on any text.
		ranOutOn.delete(matcher);
	}

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
