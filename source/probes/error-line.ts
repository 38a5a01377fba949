/**
 * Words a line that says what went wrong has: a traceback's last line (`ConnectionError: …`), a shell's
 * `line 5: foo: command not found`, rsync's `rsync error: …`, Go's `panic: …`, `FATAL: …`.
 */
const saysWhatWentWrong = /\b(?:errors?|fatal|fail(?:s|ed|ure)?|exception|panic|critical|refused|denied|cannot|can't|could ?n[o']t|unable|not found|no such|timed out|invalid|abort(?:ed|ing)?)\b/i;

/** A tally that went well (`0 errors`, `no failures`) names the words without anything having failed. */
const tallyOfNone = /\b(?:0|no|zero) (?:errors?|failures?|failed)\b/i;

/** Lines of output, a progress line's overwritten parts (`10%\r50%\rFAILED: disk full`) each a line of its own. */
function lines(text: string): string[] {
	return text.split(/\r\n|\r|\n/).map(line => line.trim()).filter(line => line !== '');
}

/**
 * The line a failed job's output says why in: the last on stderr with one of the words, else the last on stdout.
 * A job prints a banner first and its error last (a Python traceback ends with the exception, `set -e` stops at
 * the failed command), so its first line, which a Nagios plugin's status is, says nothing here. Undefined when
 * no line has the words: the first line is all there is to go on.
 */
export function errorLine(stdout: string, stderr: string): string | undefined {
	for (const text of [stderr, stdout]) {
		const found = lines(text).findLast(line => saysWhatWentWrong.test(line) && !tallyOfNone.test(line));
		if (found !== undefined) return found;
	}

	return undefined;
}
