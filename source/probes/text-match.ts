/** `expect.body: "ok"` or `"/ok|up/i"` as the config reads it (leaf-types `pattern`). */
export type TextMatcher = {readonly substring: string} | {readonly regex: string; readonly flags: string};

/** Whether `text` contains the substring or matches the regular expression (validated when the config loaded). */
export function matchesText(text: string, matcher: TextMatcher): boolean {
	if ('substring' in matcher) {
		return text.includes(matcher.substring);
	}

	try {
		return new RegExp(matcher.regex, matcher.flags).test(text);
	} catch {
		return false;
	}
}
