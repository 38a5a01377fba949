import vm from 'node:vm';

/** `expect.body: "ok"` or `"/ok|up/i"` as the config reads it (leaf-types `pattern`). */
export type TextMatcher = {readonly substring: string} | {readonly regex: string; readonly flags: string};

/**
 * How long one regular expression may run against one text. A sane pattern reads a MiB in milliseconds;
 * one that backtracks (`/(a+)+$/` against `aaaa…!`) runs for hours, and a running expression cannot be
 * interrupted by the probe's deadline: it would hold the probe thread, every other check and the quit.
 */
export const regexBudgetMs = 500;

export type TextMatch = 'match' | 'no_match' | 'too_slow';

// One context and script for every match, made at the first regular expression (most configs have none): a
// context costs milliseconds and a run in it a tenth of one.
let context: vm.Context | undefined;
let test: vm.Script | undefined;

function testWithin(pattern: RegExp, text: string, budgetMs: number): boolean | 'too_slow' {
	context ??= vm.createContext(Object.create(null) as object);
	test ??= new vm.Script('pattern.test(text)');
	context['pattern'] = pattern;
	context['text'] = text;
	try {
		return test.runInContext(context, {timeout: budgetMs}) === true;
	} catch (error) {
		if ((error as {code?: unknown}).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'too_slow';
		throw error;
	} finally {
		context['pattern'] = undefined;
		context['text'] = undefined;
	}
}

/**
 * Whether `text` contains the substring or matches the regular expression (validated when the config
 * loaded); `too_slow` when the expression was stopped after `budgetMs`.
 */
export function matchText(text: string, matcher: TextMatcher, budgetMs = regexBudgetMs): TextMatch {
	if ('substring' in matcher) {
		return text.includes(matcher.substring) ? 'match' : 'no_match';
	}

	let pattern: RegExp;
	try {
		pattern = new RegExp(matcher.regex, matcher.flags);
	} catch {
		return 'no_match';
	}

	const verdict = testWithin(pattern, text, budgetMs);
	return verdict === 'too_slow' ? verdict : (verdict ? 'match' : 'no_match');
}

/** Why a match was given up, after `output: `, `body: ` or `header X: `. */
export function tooSlowMessage(matcher: TextMatcher, budgetMs = regexBudgetMs): string {
	const pattern = 'regex' in matcher ? `/${matcher.regex}/${matcher.flags}` : 'the expression';
	return `${pattern} stopped after ${budgetMs} ms, unfinished (it backtracks on this text: avoid nested repeats such as (a+)+)`;
}
