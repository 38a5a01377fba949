import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {clean} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {labelled, labelledLines, labelWidth} from './labelled-lines.js';
import {releaseLines} from './release-lines.js';
import {isSummaryLine} from './summary-line.js';

const excerptLines = 3;

/** What the last probe got back (`actual`), why it failed, the release verdict and the body's first lines. */
export function resultLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {theme, width, now} = options;
	const {check, last} = view;
	const lines: Segment[][] = [];
	if (last === undefined) {
		lines.push(labelled('actual', view.isRunning ? 'probing…' : 'no result yet', options));
		if (view.release !== undefined) {
			lines.push(...releaseLines(view.release, {width, now, theme, labelWidth}));
		}

		return lines;
	}

	// Only an http check's status is what it checks; a Prometheus or job-status API's 200 is not news ("200 value 1").
	const status = last.status === undefined || check.kind !== 'http' ? '' : `${last.status} `;
	const summary = clean(last.summary);
	lines.push(...labelledLines('actual', summary.startsWith(String(last.status ?? '')) ? summary : `${status}${summary}`, options, 2, {colour: theme.state(view.state).colour}));
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

	return lines;
}
