import {formatHeldFor} from '../../config/held-for.js';
import type {CheckView} from '../../monitor/types.js';
import {formatPercent} from '../format.js';

const hourMs = 3_600_000;

/**
 * `1h 98.0%, 24h 99.5%`, each window said with the span the samples kept cover when they do not reach back across
 * it (a run younger than the window, or a ring that has dropped its oldest): the ring holds 8,640 samples, 2h 24m
 * at a 1 s interval, and "24h 99.5%" of those told the person on call of a day that was not counted. A window past one already short is left out: it would be the same samples again.
 * Within an interval of the window's start counts as across it (the sample before would fall outside).
 */
export function uptimeWindowsText(view: Pick<CheckView, 'uptime1h' | 'uptime24h' | 'keptFrom' | 'check'>, now: number): string {
	const windows = [['1h', hourMs, view.uptime1h], ['24h', 24 * hourMs, view.uptime24h]] as const;
	const parts: string[] = [];
	for (const [label, windowMs, uptime] of windows) {
		const keptMs = view.keptFrom === undefined ? windowMs : now - view.keptFrom;
		const isShort = keptMs + view.check.intervalMs < windowMs;
		parts.push(`${label} ${formatPercent(uptime)}${isShort ? ` (over the last ${formatHeldFor(keptMs)})` : ''}`);
		if (isShort) break;
	}

	return parts.join(', ');
}
