import {checkTarget} from '../../config/check-target.js';
import {formatDaysLeft} from '../../config/duration.js';
import {formatHeldFor} from '../../config/held-for.js';
import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatLatency, formatPercent} from '../format.js';
import {uptimeWindowsText} from './uptime-windows.js';
import {clean, fit, wrapText} from '../text.js';
import {byHandLines} from './by-hand-lines.js';
import type {DetailOptions} from './detail-options.js';
import {deployMarkerLines} from './deploy-marker-lines.js';
import {flapOf} from './flap-run.js';
import {labelled, labelledLines} from './labelled-lines.js';
import {describeIgnoredVersion} from '../../monitor/version-noise.js';
import {noteLines, stepsLinesShown} from './note-lines.js';
import {perfdataText} from './perfdata-text.js';
import {phasesText} from './phases-text.js';
import {recentResultLines} from './recent-result-lines.js';
import {resultLines} from './result-lines.js';
import {runbookLines} from './runbook-lines.js';
import {scheduleLines} from './schedule-lines.js';
import {rowName} from './select-rows.js';
import {stateChangeLines} from './state-change-lines.js';
import {trendLine} from './trend-line.js';

export type {DetailOptions} from './detail-options.js';

const titleLinesShown = 3;

/**
 * The pane's title: state, how long, and the check's name. The whole name, over more lines where the pane is
 * narrow: cut at its end, `payments-api eu-west-1 r…` could be either of two checks, and the details are where
 * the table's cut name is read whole. The first lines of detailLines, which the pane keeps in view as it scrolls.
 */
export function detailTitleLines(view: CheckView, {theme, width, now}: DetailOptions): Segment[][] {
	const style = theme.state(view.state);
	const since = view.since === undefined ? '' : ` for ${formatAge(view.since, now)}`;
	const title = `${style.glyph} ${style.word}${since}  ${clean(rowName(view))}`;
	return wrapText(title, width, titleLinesShown, theme.ellipsis).map(part => [{text: fit(part, width, theme.ellipsis), colour: style.colour, isBold: true}]);
}

/**
 * Everything the detail pane can show about one check, most useful first: the pane draws as many lines
 * as fit, so who to call and what to do come before the history.
 */
export function detailLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {theme, now} = options;
	const {check, last} = view;
	const lines: Segment[][] = detailTitleLines(view, options);
	// A flapping check's state has held for seconds only, which reads as a fresh failure: the line under the
	// title says it has been changing, in the events view's words. On a line of its own, as the title has no room
	// for it beside the name in a pane of 120 columns.
	const flap = flapOf(view, now);
	if (flap !== undefined) {
		// Up now and failing a second ago: the worst it was in the flap is what the table sorts it as. The span in two
		// units, as a state's hold is given: `2m` for 2m 54s reads as a flap half as fast.
		const worst = flap.worst === view.state ? '' : `, at worst ${flap.worst}`;
		lines.push(labelled('flapping', `${flap.count} changes in ${formatHeldFor(flap.latestAt - flap.firstAt)}${worst}`, options, {colour: theme.state(flap.worst).colour}));
	}
	lines.push(...labelledLines('owner', clean(check.owner) || theme.dash, options, 2));
	lines.push(...runbookLines(check.runbook, options));
	lines.push(...noteLines('rollback', check.rollback, options, stepsLinesShown));
	if (check.description) lines.push(...noteLines('about', check.description, options, 8));
	if (check.group) {
		const about = check.groupDescription ? ` ${theme.dot} ${clean(check.groupDescription, 600)}` : '';
		lines.push(...labelledLines('group', `${clean(check.group)}${about}`, options, 2));
	}

	lines.push(...labelledLines('expected', clean(check.expectSummary, 600) || theme.dash, options, 3));
	lines.push(...resultLines(view, options));
	// What is probed, so the person on call can try it by hand (the check is the display copy: no secrets). After
	// what came back: on a small screen the pane keeps who to call, what to do and the failure.
	lines.push(...labelledLines('target', clean(checkTarget(check), 600), options, 2));
	lines.push(...byHandLines(check.byHand, options));
	const latency = `last ${formatLatency(last?.latencyMs)}, p50 ${formatLatency(view.p50Ms)}, p95 ${formatLatency(view.p95Ms)}`;
	lines.push(labelled('latency', latency, options));
	lines.push(...scheduleLines(view, options));
	if (last?.phases) {
		lines.push(...labelledLines('phases', phasesText(last.phases), options, 2, {}, ', '));
	}

	const trend = trendLine(view, options);
	if (trend) lines.push(trend);
	const uptime = `${formatPercent(view.uptime)} (${view.samples} ${view.samples === 1 ? 'sample' : 'samples'}), ${uptimeWindowsText(view, options.now)}`;
	// On two lines in a narrow pane rather than cut: the span kept is what makes the 24 h figure true.
	lines.push(...labelledLines('uptime', uptime, options, 2, {}, ', '));
	// Retries keep a flaky target up, as they should; this says what the 100 % above cost.
	if (view.retried !== undefined && view.retried > 0) {
		lines.push(labelled('retried', `${view.retried} of ${view.samples} ${view.samples === 1 ? 'result' : 'results'} needed a retry`, options));
	}

	const version = view.version ?? last?.version;
	if (version !== undefined) {
		lines.push(labelled('version', clean(version), options));
	}

	// Under the version it is about: why the check's version changes make no markers.
	if (view.versionIgnored !== undefined) {
		lines.push(...labelledLines(version === undefined ? 'version' : '', clean(describeIgnoredVersion(view.versionIgnored), 600), options, 6));
	}

	if (last?.certificate) {
		const {daysLeft, subject} = last.certificate;
		lines.push(labelled('cert', `${formatDaysLeft(daysLeft)}${subject ? ` (${clean(subject)})` : ''}`, options));
	}

	if (view.seriesLabel !== undefined) {
		lines.push(labelled('series', clean(view.seriesLabel), options));
	}

	if (last?.perfdata && last.perfdata.length > 0) {
		lines.push(...labelledLines('perfdata', perfdataText(last.perfdata), options, 3));
	}

	for (const [index, note] of (last?.notes ?? []).entries()) {
		lines.push(...labelledLines(index === 0 ? 'notes' : '', clean(note), options, 2));
	}

	lines.push(...recentResultLines(view, options));
	lines.push(...stateChangeLines(view, options));
	lines.push(...deployMarkerLines(view, options));
	return lines;
}
