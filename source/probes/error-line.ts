import {withoutEscapes} from './visible-start.js';

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

/**
 * A tally that went well (`0 errors`, `no failures`, `Failures: 0,`) names the words without anything having failed:
 * taken out before the line is weighed, so `Failures: 0, Errors: 2` still says errors. Not `Error: 0 bytes written`
 * (a 0 that goes on), nor Ansible's `unreachable=0 failed=1` (a 0 after `=` counts the word before it).
 */
const tallyOfNone = /(?<![\w=])(?:0|no|zero) (?:errors?|failures?|failed)\b|\b(?:errors?|failures?|failed)\s*[:=]\s*0(?=\s*(?:[,;|)]|$))/gi;
/**
 * A log line of a level that is no failure: `INFO retrying on error`, `2026-12-02 10:00:00 DEBUG …`, `[info] …`,
 * logrus's `level=info`, zap's and bunyan's `"level":"info"`; the level where it stands, not the word anywhere
 * (`Table 'app.INFO' doesn't exist`, `msg="NOTICE: slot missing"` under `level=error`).
 */
const quietLevels = String.raw`(?:info|debug|trace|notice)`;
const quietLevel = new RegExp(String.raw`^(?:\S+\s+){0,2}\[?${quietLevels}\]?(?::|\s|$)|(?:^|\s)level=${quietLevels}\b|"level"\s*:\s*"${quietLevels}"`, 'i');
/**
 * The line a tool closes with after the error it already printed: make's `make: *** [main.o] Error 1`, yarn's
 * `error Command failed with exit code 1.`, a CI runner's `Job failed: exit code 1`, tsc's `Found 1 error in …`,
 * rsync's `(see previous errors)`. It says that, not why: it weighs as a warning does, the cause above it more.
 */
const closingLine = /^make(?:\[\d+\])?: \*\*\*|\bexit(?:ed)? (?:code|status)\s*\d+|^Found \d+ errors?\b|\bsee previous errors?\b/i;

/** Lines of output, a progress line's overwritten parts (`10%\r50%\rFAILED: disk full`) each a line of its own. */
function lines(text: string): string[] {
	// A colour or a cursor move (`\x1b[31mERROR\x1b[0m`): the line's words without them.
	return withoutEscapes(text).split(/\r\n|\r|\n/).map(line => line.trim()).filter(line => line !== '');
}

/** How surely a line says why a job failed: 3 an error word, 2 a failure word, 1 a warning's, 0 none. */
function weight(line: string): number {
	// `set -x` traces the commands it runs (`+ rm -f /tmp/backup.failed`, `++ grep -c ERROR`): their words are
	// file names and arguments.
	if (/^\++ /.test(line) || quietLevel.test(line)) return 0;
	const said = line.replaceAll(tallyOfNone, '');
	const isAnError = strongWords.test(said) || errorClass.test(said);
	if (!isAnError && !weakWords.test(said)) return 0;
	if (warning.test(said) || closingLine.test(said)) return 1;
	return isAnError ? 3 : 2;
}

/** The last of the surest lines of `text` (weight), and how sure. */
function surest(text: string): {line: string; weight: number} | undefined {
	let best: {line: string; weight: number} | undefined;
	for (const line of lines(text)) {
		const lineWeight = weight(line);
		if (lineWeight > 0 && lineWeight >= (best?.weight ?? 0)) best = {line, weight: lineWeight};
	}

	return best;
}

/**
 * The line a failed job's output says why in. A job prints a banner first and its error last (a Python traceback
 * ends with the exception, `set -e` stops at the failed command), so its first line, which a Nagios plugin's status
 * is, says nothing here. Stderr's surest line, unless it is only a warning and stdout has an error word (`FATAL:`
 * on stdout beside perl's locale warning): the last of the surest lines. Undefined when no line has the words: the
 * first line is all there is to go on.
 */
export function errorLine(stdout: string, stderr: string): string | undefined {
	const fromStderr = surest(stderr);
	const fromStdout = surest(stdout);
	if (fromStderr !== undefined && (fromStderr.weight >= 2 || (fromStdout?.weight ?? 0) < 3)) return fromStderr.line;
	return fromStdout?.line;
}
