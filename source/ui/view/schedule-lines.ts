import {formatDuration} from '../../config/duration.js';
import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatClock} from '../format.js';
import type {DetailOptions} from './detail-options.js';
import {labelledLines} from './labelled-lines.js';
import {isOverdue} from './overdue.js';

/** A narrow pane's schedule line that waits takes a third line rather than cut how overdue the check is. */
const waitingLinesShown = 3;

/**
 * How often the check runs and when it runs next, as a clock time: a countdown would need a frame every second
 * on an idle screen. A check past its time is waiting for one of the engine's slots (`concurrency:`): said as soon as
 * the engine queues it, with how overdue it is (the engine publishes each second while one waits).
 */
export function scheduleLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {check} = view;
	const retries = check.retries > 0 ? `, ${check.retries} ${check.retries === 1 ? 'retry' : 'retries'}` : '';
	const every = `every ${formatDuration(check.intervalMs)}, timeout ${formatDuration(check.timeoutMs)}${retries}`;
	const dot = options.theme.dot;
	if (view.isRunning) return labelledLines('schedule', `${every} ${dot} probing now`, options, 2);
	// A recheck asked while every slot is busy has no time it was planned for: it waits since it was asked.
	if (view.nextAt === undefined && view.waitingSince !== undefined) {
		return labelledLines('schedule', `${every} ${dot} ${waitingText(view.waitingSince, options.now)}`, options, waitingLinesShown, {colour: options.theme.state('warn').colour});
	}

	if (view.nextAt === undefined) return labelledLines('schedule', options.isPaused ? `${every} ${dot} paused` : every, options, 2);
	// Queued is said at once, before the header counts it overdue.
	if (view.waitingSince !== undefined || isOverdue(view, options.now)) {
		return labelledLines('schedule', `${every} ${dot} ${waitingText(view.waitingSince ?? view.nextAt, options.now)}`, options, waitingLinesShown, {colour: options.theme.state('warn').colour});
	}

	return labelledLines('schedule', `${every} ${dot} next ${formatClock(Math.max(view.nextAt, options.now))}`, options, 2);
}

/** `due 12:00:05, waiting for a free slot, 3s overdue`; the overdue part from a whole second on. */
function waitingText(dueAt: number, now: number): string {
	const overdue = now - dueAt >= 1000 ? `, ${formatAge(dueAt, now)} overdue` : '';
	return `due ${formatClock(dueAt)}, waiting for a free slot${overdue}`;
}
