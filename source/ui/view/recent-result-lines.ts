import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatClock, formatLatency} from '../format.js';
import {clean, fit} from '../text.js';
import type {DetailOptions} from './detail-options.js';

const historyShown = 8;

/** The `recent results` list: the latest few results, newest first, with when, state, latency and what was said. */
export function recentResultLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {theme, width, now} = options;
	if (view.history.length === 0) return [];
	const lines: Segment[][] = [[{text: fit('recent results', width, theme.ellipsis), colour: theme.role('muted'), isBold: true}]];
	for (const entry of view.history.slice(0, historyShown)) {
		const entryStyle = theme.state(entry.state);
		// When the result started, as --json's `at` says it: `at` is when its answer came in, its latency earlier (a
		// 3 s answer that came in at 12:00:00 is the probe of 11:59:57). The time of day as the clock read it then, the
		// age on the monotonic clock (ageFrom): a wall-clock step since must not make a result of 5 s ago "20000d ago".
		const tookMs = Number.isFinite(entry.latencyMs) ? Math.max(0, entry.latencyMs) : 0;
		const when = `${formatClock(entry.at - tookMs)} ${formatAge((entry.ageFrom ?? entry.at) - tookMs, now).padStart(3)} ago`;
		// Why a result did not pass, as --once and the log lines say it: a JSON mismatch came with "200 OK".
		// A pass read back from the history file has no summary (the file keeps none): say where it came from
		// rather than leave the line looking cut off.
		const said = entry.reason?.message ?? (entry.summary === '' && entry.isFromEarlierRun ? (entry.isRecordedByAnother ? 'recorded by another uptop' : 'before the restart') : entry.summary);
		// Before what was said, which may be cut at the pane's edge: an up that took three tries is not the same up.
		const tries = entry.attempts === undefined ? '' : `after ${entry.attempts} tries ${theme.dot} `;
		const text = `${when}  ${entryStyle.glyph} ${entry.state.padEnd(7)} ${formatLatency(entry.latencyMs).padStart(6)}  ${tries}${theme.spell(clean(said))}`;
		lines.push([{text: fit(` ${text}`, width, theme.ellipsis), colour: entryStyle.colour}]);
	}

	return lines;
}
