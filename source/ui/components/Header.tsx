import type {State, StateCounts} from '../../monitor/types.js';
import {formatClock} from '../format.js';
import {statesBySeverity, type Theme} from '../theme.js';
import {displayWidth, fit, truncate} from '../text.js';
import {Line, type Segment} from './Line.js';

type Props = {
	readonly configName: string;
	readonly counts: StateCounts;
	readonly isPaused: boolean;
	/** Checks past their time waiting for a free slot (view/overdue.ts): the data on screen is older than it looks. */
	readonly overdue?: number;
	/** Snapshot time, epoch ms: the clock shown is the data's time, not the wall clock. */
	readonly at: number;
	readonly width: number;
	readonly theme: Theme;
};

/** `✗2 failing`: glyph, count and word (never colour alone), muted when zero. */
export function countSegment(state: State, count: number, theme: Theme): Segment {
	const style = theme.state(state);
	return {text: `${style.glyph}${count} ${style.word}`, colour: count > 0 ? style.colour : theme.role('muted')};
}

/** Config name, counts worst first (glyph + word, never colour alone), overdue checks, a paused marker, and the time. */
export function Header({configName, counts, isPaused, overdue = 0, at, width, theme}: Props) {
	const clock = formatClock(at);
	const paused: Segment[] = isPaused ? [{text: ' PAUSED ', colour: theme.role('paused'), isInverse: true}, {text: ' '}] : [];
	// Kept when room is short, before any count: it says the counts themselves are late.
	const late: Segment[] = overdue > 0 ? [{text: '  '}, {text: `${overdue} overdue`, colour: theme.state('warn').colour, isBold: true}] : [];
	const markersWidth = (isPaused ? 9 : 0) + late.reduce((sum, segment) => sum + displayWidth(segment.text), 0);
	// Unknown is rare (a plugin that cannot tell): counted only when some check is.
	const states = statesBySeverity.filter(state => state !== 'unknown' || counts.unknown > 0);
	let shown = states.map(state => countSegment(state, counts[state], theme));
	const countsWidth = (segments: readonly Segment[]) => segments.reduce((sum, segment) => sum + displayWidth(segment.text) + 2, 0);
	// What fits is judged as if every count had as many digits as the total: a count going from 9 to 10 must
	// not drop the zero counts or the program's name, and bring them back when it goes to 9 again.
	const digits = String(statesBySeverity.reduce((sum, state) => sum + counts[state], 0)).length;
	const widestWidth = (segments: readonly Segment[]) => segments.reduce((sum, segment) => sum + displayWidth(segment.text.replace(/\d+/, '0'.repeat(digits))) + 2, 0);
	const fixed = clock.length + markersWidth + 1;
	const titleMinimum = 8;
	if (fixed + titleMinimum + widestWidth(shown) > width) {
		// Narrow: zero counts go first, they say the least.
		shown = states.filter(state => counts[state] > 0).map(state => countSegment(state, counts[state], theme));
	}

	while (shown.length > 0 && fixed + titleMinimum + widestWidth(shown) > width) {
		shown = shown.slice(0, -1);
	}

	const titleWidth = Math.max(0, width - fixed - countsWidth(shown));
	const fullTitle = `uptop ${theme.dot} ${configName}`;
	// The file name matters more than the program's own name when room is short.
	const isFull = displayWidth(fullTitle) <= width - fixed - widestWidth(shown);
	const title = fit(isFull ? fullTitle : truncate(configName, titleWidth, theme.ellipsis), titleWidth, theme.ellipsis);
	const segments: Segment[] = [{text: title, colour: theme.role('title'), isBold: true}];
	for (const segment of shown) {
		segments.push({text: '  '}, segment);
	}

	segments.push(...late, {text: ' '}, ...paused, {text: clock, colour: theme.role('muted')});
	return <Line segments={segments} theme={theme} />;
}
