import type {State} from '../monitor/types.js';
import type {ProbeResult} from '../probes/types.js';
import {clean, truncate} from '../ui/text.js';
import {isSummaryLine} from '../ui/view/summary-line.js';

/** Cells of the one-line excerpt: a log line or a JSON field a person reads at a glance, not the whole body. */
export const excerptLineCells = 120;

/** Between the lines of what came back on the one line: the same mark `sanitize` gives a line break. */
export const excerptLineBreak = ' ⏎ ';

/** A line with at least one letter or digit in any script: one without says nothing on its own. */
const isWorded = (part: string): boolean => /[\p{L}\p{N}]/u.test(part);

/**
 * The lines of what came back (a body's start, a plugin's output) that the result does not already say, as
 * the detail pane shows them: a plugin's first line is its summary and, when it failed, its reason too.
 * A line with no letter or digit is what is left of a message broken over lines (check_pgsql's libpq error
 * ends in a line of `).`; a pretty-printed JSON body in `}`): it is left out, here and in --once's follow-up.
 * Probes sanitized and redacted the excerpt; it is cleaned again because it is about to reach a terminal or a log.
 */
export function excerptParts(result: ProbeResult): string[] {
	if (result.excerpt === undefined) return [];
	const said = [clean(result.summary), clean(result.reason?.message, 600)];
	return clean(result.excerpt, 600).split('⏎')
		.map(part => part.trim())
		.filter(part => isWorded(part) && !said.some(text => isSummaryLine(part, text)));
}

/** States whose answer says what went wrong. A slow check's body is its healthy answer: its latency is the news. */
const toldStates: ReadonlySet<State> = new Set(['failing', 'warn', 'unknown']);

/**
 * What came back, on one line of at most `excerptLineCells` cells, for a result that is failing, warn or unknown:
 * a 503's body often names the cause ("database connection refused") where the reason says only "status 503,
 * expected 200". Undefined for up, slow and pending, and when the body adds nothing.
 */
export function excerptLine(state: State, result: ProbeResult | undefined): string | undefined {
	if (result === undefined || !toldStates.has(state)) return undefined;
	const parts = excerptParts(result);
	return parts.length === 0 ? undefined : truncate(parts.join(excerptLineBreak), excerptLineCells);
}
