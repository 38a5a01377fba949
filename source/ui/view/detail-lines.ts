import {checkTarget} from '../../config/check-target.js';
import {redactionMark} from '../../probes/redact.js';
import {formatDays, formatDuration} from '../../config/duration.js';
import type {CheckView, Marker} from '../../monitor/types.js';
import type {Phases} from '../../probes/types.js';
import type {Segment} from '../components/Line.js';
import {sparklineSegments} from '../components/Sparkline.js';
import {formatAge, formatClock, formatLatency, formatPercent} from '../format.js';
import {formatHeldFor} from '../../config/held-for.js';
import {markerGaps, markersOf, sparkMarks, sparkScale} from '../sparkline.js';
import type {Theme} from '../theme.js';
import {clean, cleanLines, displayWidth, fit, toAscii, truncate, wrapText} from '../text.js';
import {flapOf} from './flap-run.js';
import {isOverdue} from './overdue.js';
import {releaseLines} from './release-lines.js';
import {rowName} from './select-rows.js';
import {isSummaryLine} from './summary-line.js';

export type DetailOptions = {
	readonly width: number;
	/** Snapshot time, epoch ms: every age is measured from it. */
	readonly now: number;
	readonly theme: Theme;
	/** Draw the runbook as an OSC 8 hyperlink (only where the terminal supports it). */
	readonly hyperlinks: boolean;
	/** Deploy markers; those of this check and the manual ones (no checkId) are listed. */
	readonly markers?: readonly Marker[];
	/** Probing is paused (`p`): nothing is scheduled. */
	readonly isPaused?: boolean;
};

const labelWidth = 10;
const historyShown = 8;
const transitionsShown = 5;
const markersShown = 3;
const excerptLines = 3;

function labelled(label: string, value: string, options: DetailOptions, valueSegment: Partial<Segment> = {}): Segment[] {
	const {theme, width} = options;
	const room = Math.max(0, width - labelWidth);
	return [
		{text: fit(label, labelWidth, theme.ellipsis), colour: theme.role('muted')},
		{...valueSegment, text: fit(value, room, theme.ellipsis)},
	];
}

/**
 * A labelled value on up to `maxLines` lines, for what the person on call must read whole (the rollback note,
 * what came back and why): cut at the pane's edge, "replay fr…" says nothing. The pane scrolls (J/K).
 */
function labelledLines(label: string, value: string, options: DetailOptions, maxLines: number, valueSegment: Partial<Segment> = {}, separator = ' '): Segment[][] {
	const room = Math.max(0, options.width - labelWidth);
	const parts = wrapText(value, room, maxLines, options.theme.ellipsis, separator);
	if (parts.length <= 1) return [labelled(label, value, options, valueSegment)];
	return parts.map((part, index) => labelled(index === 0 ? label : '', part, options, valueSegment));
}

/**
 * A note from the config (rollback, runbook, description), each of its own lines wrapped: one written as a
 * block scalar keeps its steps on lines of their own. At most `maxLines` lines, or one per step if more.
 */
function noteLines(label: string, text: string | undefined, options: DetailOptions, maxLines: number, valueSegment: Partial<Segment> = {}): Segment[][] {
	const steps = cleanLines(options.theme.isAscii && text !== undefined ? toAscii(text) : text);
	if (steps.length === 0) return [labelled(label, options.theme.dash, options)];
	const room = Math.max(0, options.width - labelWidth);
	const limit = Math.min(8, Math.max(maxLines, steps.length));
	const parts: string[] = [];
	for (const [index, step] of steps.entries()) {
		const left = limit - parts.length;
		if (left <= 0) break;
		const wrapped = wrapText(step, room, left, options.theme.ellipsis);
		const isCut = left === wrapped.length && index < steps.length - 1 && !wrapped.at(-1)!.endsWith(options.theme.ellipsis);
		parts.push(...(isCut ? [...wrapped.slice(0, -1), truncate(`${wrapped.at(-1)!}${options.theme.ellipsis}`, room, options.theme.ellipsis)] : wrapped));
	}

	return parts.map((part, index) => labelled(index === 0 ? label : '', part, options, valueSegment));
}

/**
 * A URL is one line, a link where the terminal supports them (OSC 8: the whole target clicks, however much
 * of it fits) and otherwise broken over up to three lines so all of it can be read; a note wraps like text.
 */
function runbookLines(runbook: string | undefined, options: DetailOptions): Segment[][] {
	const {theme} = options;
	if (!runbook) return [labelled('runbook', theme.dash, options)];
	const target = theme.isAscii ? toAscii(clean(runbook, 2000)) : clean(runbook, 2000);
	if (!options.hyperlinks || !/^[a-z][\w+.-]*:\/\/\S+$/i.test(target)) {
		return runbook.trimEnd().includes('\n') ? noteLines('runbook', runbook, options, 3, {colour: theme.role('accent')}) : labelledLines('runbook', target, options, 3, {colour: theme.role('accent')});
	}

	const room = Math.max(0, options.width - labelWidth);
	const visible = truncate(target, room, theme.ellipsis);
	// OSC 8: ESC ] 8 ; ; URL ST text ESC ] 8 ; ; ST. `clean` already turned any ESC in the URL into `^[`.
	const padding = ' '.repeat(Math.max(0, room - displayWidth(visible)));
	return [[
		{text: fit('runbook', labelWidth, theme.ellipsis), colour: theme.role('muted')},
		{text: `\u001B]8;;${target}\u001B\\${visible}\u001B]8;;\u001B\\${padding}`, isRaw: true},
	]];
}

/**
 * The shell command that does what the probe does (hand-command.ts), to paste in another pane: `y` copies it whole.
 * A variable's value shows as `"${NAME}"`; a secret written in the file as `••••`, which the command needs filled in.
 */
function byHandLines(command: string | undefined, options: DetailOptions): Segment[][] {
	if (command === undefined) return [];
	const lines = labelledLines('by hand', clean(command, 2000), options, 4, {colour: options.theme.role('accent')});
	if (command.includes(redactionMark)) {
		lines.push(...labelledLines('', `${redactionMark} is a secret written in the config: fill it in to run this`, options, 2, {colour: options.theme.role('muted')}));
	}

	return lines;
}

/**
 * How often the check runs and when it runs next, as a clock time: a countdown would need a frame every second
 * on an idle screen. A check long past its time is waiting for one of the engine's slots (`concurrency:`).
 */
function scheduleLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {check} = view;
	const retries = check.retries > 0 ? `, ${check.retries} ${check.retries === 1 ? 'retry' : 'retries'}` : '';
	const every = `every ${formatDuration(check.intervalMs)}, timeout ${formatDuration(check.timeoutMs)}${retries}`;
	const dot = options.theme.dot;
	if (view.isRunning) return labelledLines('schedule', `${every} ${dot} probing now`, options, 2);
	if (view.nextAt === undefined) return labelledLines('schedule', options.isPaused ? `${every} ${dot} paused` : every, options, 2);
	if (isOverdue(view, options.now)) {
		return labelledLines('schedule', `${every} ${dot} due ${formatClock(view.nextAt)}, waiting for a free slot`, options, 2, {colour: options.theme.state('warn').colour});
	}

	return labelledLines('schedule', `${every} ${dot} next ${formatClock(Math.max(view.nextAt, options.now))}`, options, 2);
}

function phasesText(phases: Phases): string {
	const parts: string[] = [];
	const add = (name: string, value: number | undefined) => {
		if (value !== undefined) {
			parts.push(`${name} ${formatLatency(value)}`);
		}
	};

	add('dns', phases.dnsMs);
	add('connect', phases.connectMs);
	add('tls', phases.tlsMs);
	add('ttfb', phases.ttfbMs);
	add('transfer', phases.transferMs);
	add('total', phases.totalMs);
	return parts.join(', ');
}

/**
 * Everything the detail pane can show about one check, most useful first: the pane draws as many lines
 * as fit, so who to call and what to do come before the history.
 */
export function detailLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {theme, width, now} = options;
	const {check, last} = view;
	const style = theme.state(view.state);
	const lines: Segment[][] = [];
	const since = view.since === undefined ? '' : ` for ${formatAge(view.since, now)}`;
	const title = `${style.glyph} ${style.word}${since}  ${clean(rowName(view))}`;
	lines.push([{text: fit(title, width, theme.ellipsis), colour: style.colour, isBold: true}]);
	// A flapping check's state has held for seconds only, which reads as a fresh failure: the line under the
	// title says it has been changing, in the events view's words. On a line of its own, as the title has no room
	// for it beside the name in a pane of 120 columns.
	const flap = flapOf(view, now);
	if (flap !== undefined) {
		// Up now and failing a second ago: the worst it was in the flap is what the table sorts it as.
		const worst = flap.worst === view.state ? '' : `, at worst ${flap.worst}`;
		lines.push(labelled('flapping', `${flap.count} changes in ${formatAge(flap.firstAt, flap.latestAt)}${worst}`, options, {colour: theme.state(flap.worst).colour}));
	}
	lines.push(...labelledLines('owner', clean(check.owner) || theme.dash, options, 2));
	lines.push(...runbookLines(check.runbook, options));
	lines.push(...noteLines('rollback', check.rollback, options, 4));
	if (check.description) lines.push(...noteLines('about', check.description, options, 3));
	if (check.group) {
		const about = check.groupDescription ? ` ${theme.dot} ${clean(check.groupDescription, 600)}` : '';
		lines.push(...labelledLines('group', `${clean(check.group)}${about}`, options, 2));
	}

	lines.push(...labelledLines('expected', clean(check.expectSummary, 600) || theme.dash, options, 3));
	if (last === undefined) {
		lines.push(labelled('actual', view.isRunning ? 'probing…' : 'no result yet', options));
		if (view.release !== undefined) {
			lines.push(...releaseLines(view.release, {width, now, theme, labelWidth}));
		}
	} else {
		// Only an http check's status is what it checks; a Prometheus or job-status API's 200 is not news ("200 value 1").
		const status = last.status === undefined || check.kind !== 'http' ? '' : `${last.status} `;
		const summary = clean(last.summary);
		lines.push(...labelledLines('actual', summary.startsWith(String(last.status ?? '')) ? summary : `${status}${summary}`, options, 2, {colour: style.colour}));
		if (last.reason) {
			// A plugin's first line is both what came back and why it failed: once is enough, the code adds the rest.
			const message = clean(last.reason.message, 600);
			lines.push(...labelledLines('reason', message === summary ? last.reason.code : `${last.reason.code}: ${message}`, options, 3, {colour: theme.state('failing').colour}));
		}

		// During a release the verdict is the question: it comes before the body excerpt and the figures.
		if (view.release !== undefined) {
			lines.push(...releaseLines(view.release, {width, now, theme, labelWidth}));
		}

		if (last.excerpt) {
			// Its first line, when it is the summary shown as `actual` (a plugin's output, then its perfdata), is
			// not repeated.
			const parts = clean(last.excerpt, 600).split('⏎').filter(part => part.trim() !== '');
			const excerpt = (isSummaryLine(parts[0] ?? '', summary) ? parts.slice(1) : parts).slice(0, excerptLines);
			for (const [index, part] of excerpt.entries()) {
				lines.push(labelled(index === 0 ? 'body' : '', part, options, {colour: theme.role('muted')}));
			}
		}
	}

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

	const scale = sparkScale(view.recentLatencyMs, view.recentStates);
	if (scale) {
		const range = ` min ${formatLatency(scale.minMs)} max ${formatLatency(scale.maxMs)}`;
		const marks = sparkMarks(view, options.markers ?? []);
		const cells = view.recentLatencyMs.length + markerGaps(marks, view.recentLatencyMs.length).size;
		const sparkWidth = Math.min(cells, Math.max(0, width - labelWidth - displayWidth(range)));
		lines.push([
			{text: fit('trend', labelWidth, theme.ellipsis), colour: theme.role('muted')},
			...sparklineSegments({values: view.recentLatencyMs, states: view.recentStates, width: sparkWidth, theme, marks}),
			{text: range, colour: theme.role('muted')},
		]);
	}

	const uptime = `${formatPercent(view.uptime)} (${view.samples} ${view.samples === 1 ? 'sample' : 'samples'}), 1h ${formatPercent(view.uptime1h)}, 24h ${formatPercent(view.uptime24h)}`;
	lines.push(labelled('uptime', uptime, options));
	const version = view.version ?? last?.version;
	if (version !== undefined) {
		lines.push(labelled('version', clean(version), options));
	}

	if (last?.certificate) {
		const {daysLeft, subject} = last.certificate;
		lines.push(labelled('cert', `${formatDays(daysLeft)} left${subject ? ` (${clean(subject)})` : ''}`, options));
	}

	if (view.seriesLabel !== undefined) {
		lines.push(labelled('series', clean(view.seriesLabel), options));
	}

	if (last?.perfdata && last.perfdata.length > 0) {
		// The thresholds the plugin judged by, when it gave them: `time=0.52s (warn 1, crit 2)`.
		const limits = (item: NonNullable<typeof last.perfdata>[number]) => {
			const parts = [item.warn ? `warn ${clean(item.warn)}` : '', item.crit ? `crit ${clean(item.crit)}` : ''].filter(Boolean);
			return parts.length > 0 ? ` (${parts.join(', ')})` : '';
		};

		const perfdata = last.perfdata.map(item => `${clean(item.label)}=${item.value}${clean(item.unit)}${limits(item)}`).join(' ');
		lines.push(...labelledLines('perfdata', perfdata, options, 3));
	}

	for (const [index, note] of (last?.notes ?? []).entries()) {
		lines.push(...labelledLines(index === 0 ? 'notes' : '', clean(note), options, 2));
	}

	if (view.history.length > 0) {
		lines.push([{text: fit('recent results', width, theme.ellipsis), colour: theme.role('muted'), isBold: true}]);
		for (const entry of view.history.slice(0, historyShown)) {
			const entryStyle = theme.state(entry.state);
			const when = `${formatClock(entry.at)} ${formatAge(entry.at, now).padStart(3)} ago`;
			// Why a result did not pass, as --once and the log lines say it: a JSON mismatch came with "200 OK".
			// A pass read back from the history file has no summary (the file keeps none): say where it came from
			// rather than leave the line looking cut off.
			const said = entry.reason?.message ?? (entry.summary === '' && entry.isFromEarlierRun ? 'before the restart' : entry.summary);
			const text = `${when}  ${entryStyle.glyph} ${entry.state.padEnd(7)} ${formatLatency(entry.latencyMs).padStart(6)}  ${clean(said)}`;
			lines.push([{text: fit(` ${text}`, width, theme.ellipsis), colour: entryStyle.colour}]);
		}
	}

	if (view.transitions.length > 0) {
		lines.push([{text: fit('state changes', width, theme.ellipsis), colour: theme.role('muted'), isBold: true}]);
		for (const transition of view.transitions.slice(0, transitionsShown)) {
			const reason = transition.reason ? `  ${clean(transition.reason.message)}` : '';
			const change = ` ${formatClock(transition.at)}  ${transition.from} ${theme.arrow} ${transition.to}`;
			// How long the state it left had held, in the events view's words ("failing → up after 1m 34s"). Only
			// where the whole line fits: in a narrow pane the reason says more, and a cut "after 1m…" says nothing.
			const heldFor = transition.fromSince === undefined ? '' : ` after ${formatHeldFor(transition.at - transition.fromSince)}`;
			const text = displayWidth(`${change}${heldFor}${reason}`) <= width ? `${change}${heldFor}${reason}` : `${change}${reason}`;
			lines.push([{text: fit(text, width, theme.ellipsis), colour: theme.state(transition.to).colour}]);
		}
	}

	const deploys = markersOf(view, options.markers ?? []);
	if (deploys.length > 0) {
		lines.push([{text: fit('deploy markers', width, theme.ellipsis), colour: theme.role('muted'), isBold: true}]);
		for (const marker of deploys.slice(-markersShown).reverse()) {
			const text = ` ${formatClock(marker.at)} ${formatAge(marker.at, now).padStart(3)} ago  ${clean(marker.label)} (${marker.source})`;
			lines.push([{text: fit(text, width, theme.ellipsis), colour: theme.role('accent')}]);
		}
	}

	return lines;
}
