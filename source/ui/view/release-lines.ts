import type {ReleaseView} from '../../monitor/types.js';
import type {LatencyDelta} from '../../release/compare.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatLatency} from '../format.js';
import type {Theme} from '../theme.js';
import {clean, displayWidth, fit, wrapText} from '../text.js';
import {labelled} from './labelled-lines.js';

export type ReleaseLineOptions = {
	readonly width: number;
	/** Snapshot time, epoch ms. */
	readonly now: number;
	readonly theme: Theme;
	/** Width of the label column, as in the rest of the detail pane. */
	readonly labelWidth: number;
};

function signed(value: number, digits: number): string {
	const text = value.toFixed(digits);
	return value > 0 ? `+${text}` : text;
}

/** Under 10 ms with a decimal, as the release report gives it: "2ms → 2ms (-16%)" reads as a contradiction. */
function comparedLatency(latencyMs: number | undefined, theme: Theme): string {
	return latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs < 9.95 ? `${latencyMs.toFixed(1)}ms` : formatLatency(latencyMs, theme.dash);
}

/** `40ms → 52ms (+30%)`, `1.9ms → 1.6ms (-16%)`; a side without samples shows a dash. */
export function formatLatencyDelta(delta: LatencyDelta, theme: Theme): string {
	const change = delta.deltaPct === undefined ? '' : ` (${signed(delta.deltaPct * 100, 0)}%)`;
	return `${comparedLatency(delta.before, theme)} ${theme.arrow} ${comparedLatency(delta.after, theme)}${change}`;
}

function rate(value: number | undefined, theme: Theme): string {
	return value === undefined ? theme.dash : `${(value * 100).toFixed(1)}%`;
}

/** `0.0% → 5.0% (+5.0 pts)`. */
export function formatErrorRateDelta(errorRate: ReleaseView['errorRate'], theme: Theme): string {
	const change = errorRate.delta === undefined ? '' : ` (${signed(errorRate.delta * 100, 1)} pts)`;
	return `${rate(errorRate.before, theme)} ${theme.arrow} ${rate(errorRate.after, theme)}${change}`;
}

/** A p-value as read by a person: `<0.001`, `0.042`, or "not tested". */
export function formatPValue(p: number | undefined): string {
	if (p === undefined || !Number.isFinite(p)) {
		return 'not tested';
	}

	return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/**
 * The section's title on as many lines as it needs (at most three): the verdict after the marker's label is
 * the word the reader came for, so it is never cut, and starts a line of its own when it does not fit after it.
 */
function titleLines(head: string, verdict: string, width: number, ellipsis: string): string[] {
	const whole = `${head} ${verdict}`;
	if (displayWidth(whole) <= width) return [whole];
	const lines = wrapText(head, width, 2, ellipsis);
	const last = `${lines.at(-1) ?? ''} ${verdict}`;
	return displayWidth(last) <= width ? [...lines.slice(0, -1), last] : [...lines, verdict];
}

/**
 * The "since <marker>" section of the detail pane: before → after for p50, p95 and error rate, samples on
 * each side, p-values, the verdict (glyph and word, never colour alone) and what drove it.
 */
export function releaseLines(release: ReleaseView, options: ReleaseLineOptions): Segment[][] {
	const {theme, width, now, labelWidth} = options;
	const room = Math.max(0, width - labelWidth);
	const style = theme.verdict(release.verdict);
	const verdict = `${style.glyph} ${release.verdict}`;
	const head = `since ${theme.spell(clean(release.markerLabel))} (${formatAge(release.markerAt, now)} ago):`;
	const lines: Segment[][] = titleLines(head, verdict, width, theme.ellipsis).map(title => [{text: fit(title, width, theme.ellipsis), colour: style.colour, isBold: true}]);
	const samples = `${release.samples.before} before, ${release.samples.after} after`;
	if (release.verdict === 'too early') {
		// Which side is short: after the marker waiting helps, before it (cut by an earlier marker) it never will.
		const why = theme.spell(release.reasons.map(reason => clean(reason)).join('; '));
		// Up to four lines: each short side says why, and whether waiting helps.
		for (const part of wrapText(why === '' ? 'not enough data yet' : why, room, 4, theme.ellipsis)) {
			lines.push(labelled('', part, options, {colour: theme.role('muted')}));
		}

		lines.push(labelled('samples', samples, options));
		return lines;
	}

	lines.push(labelled('p50', formatLatencyDelta(release.p50, theme), options));
	lines.push(labelled('p95', formatLatencyDelta(release.p95, theme), options));
	lines.push(labelled('errors', formatErrorRateDelta(release.errorRate, theme), options));
	lines.push(labelled('samples', samples, options));
	// Holm-adjusted across every check compared: say so, or 1.000 beside "p50 −49 %" reads as a bug.
	const across = Math.max(release.adjustedAcross?.latency ?? 0, release.adjustedAcross?.errors ?? 0);
	const adjusted = across > 1 ? ` (adjusted for ${across} checks)` : '';
	lines.push(labelled('p-value', `latency ${formatPValue(release.pLatency)}, errors ${formatPValue(release.pErrors)}${adjusted}`, options));
	// Wrapped, not cut: the last reason is often the caveat ("with <marker> just before it, too close to tell apart", "counted as one deploy with <marker> 2m before it").
	const reasons = theme.spell(release.reasons.map(reason => clean(reason)).join('; '));
	for (const [index, part] of wrapText(reasons === '' ? 'no significant change' : reasons, room, 3, theme.ellipsis).entries()) {
		lines.push(labelled(index === 0 ? 'why' : '', part, options, {colour: style.colour}));
	}

	return lines;
}
