/**
 * Words that say something went wrong beyond doubt: a traceback's last line (`ConnectionError: …` counts through its
 * class name, below), rsync's `rsync error: …`, Go's `panic: …`, `FATAL: …`.
 */
const strongWords = /\b(?:errors?|fatal|exception|panic|critical)\b/i;
/** A class name that ends in one: `ConnectionError`, `KeyError`, `IOException`; case matters (not `terror`). */
const errorClass = /[a-z](?:Error|Exception)\b/;
/** Words a failure is often told in, and a warning too (`perl: warning: Setting locale failed.`). */
const weakWords = /\b(?:fail(?:s|ed|ure)?|refused|denied|cannot|can't|could ?n[o']t|unable|not found|no such|timed out|invalid|abort(?:ed|ing)?)\b/i;
const warning = /\bwarn(?:ing)?\b/i;

/** A tally that went well (`0 errors`, `no failures`, `errors: 0`) names the words without anything having failed. */
const tallyOfNone = /\b(?:0|no|zero) (?:errors?|failures?|failed)\b|\b(?:errors?|failures?|failed)\s*[:=]\s*0\b/i;

/** A colour or a cursor move (`\x1b[31mERROR\x1b[0m`): the line's words without them. */
// eslint-disable-next-line no-control-regex
const terminalCodes = /\u001B\[[\d;?]*[A-Za-z]/g;

/** Lines of output, a progress line's overwritten parts (`10%\r50%\rFAILED: disk full`) each a line of its own. */
function lines(text: string): string[] {
	return text.replaceAll(terminalCodes, '').split(/\r\n|\r|\n/).map(line => line.trim()).filter(line => line !== '');
}

/** How surely a line says why a job failed: 3 an error word, 2 a failure word, 1 a warning's, 0 none. */
function weight(line: string): number {
	// `set -x` traces the commands it runs (`+ rm -f /tmp/backup.failed`): their words are file names and arguments.
	if (line.startsWith('+ ') || tallyOfNone.test(line)) return 0;
	if (strongWords.test(line) || errorClass.test(line)) return warning.test(line) ? 1 : 3;
	if (weakWords.test(line)) return warning.test(line) ? 1 : 2;
	return 0;
}

/**
 * The line a failed job's output says why in: the surest (weight), the last of those, stderr's before stdout's. A
 * job prints a banner first and its error last (a Python traceback ends with the exception, `set -e` stops at the
 * failed command), so its first line, which a Nagios plugin's status is, says nothing here. Undefined when no line
 * has the words: the first line is all there is to go on.
 */
export function errorLine(stdout: string, stderr: string): string | undefined {
	let best: {line: string; weight: number} | undefined;
	for (const text of [stdout, stderr]) {
		for (const line of lines(text)) {
			const lineWeight = weight(line);
			// Later lines win a tie, and stderr, read second, wins one with stdout.
			if (lineWeight > 0 && lineWeight >= (best?.weight ?? 0)) best = {line, weight: lineWeight};
		}
	}

	return best?.line;
}
