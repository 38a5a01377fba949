import {heldForText} from '../../config/held-for.js';
import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatClock} from '../format.js';
import {clean, displayWidth, fit} from '../text.js';
import type {DetailOptions} from './detail-options.js';

const transitionsShown = 5;

/** The `state changes` list: the latest few, newest first, each with how long the state it left had held. */
export function stateChangeLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {theme, width} = options;
	if (view.transitions.length === 0) return [];
	const lines: Segment[][] = [[{text: fit('state changes', width, theme.ellipsis), colour: theme.role('muted'), isBold: true}]];
	for (const transition of view.transitions.slice(0, transitionsShown)) {
		const reason = transition.reason ? `  ${theme.spell(clean(transition.reason.message))}` : '';
		const change = ` ${formatClock(transition.at)}  ${transition.from} ${theme.arrow} ${transition.to}`;
		// How long the state it left had held, in the events view's words ("failing → up after 1m 34s"). Only
		// where the whole line fits: in a narrow pane the reason says more, and a cut "after 1m…" says nothing.
		const heldFor = heldForText(transition);
		const text = displayWidth(`${change}${heldFor}${reason}`) <= width ? `${change}${heldFor}${reason}` : `${change}${reason}`;
		lines.push([{text: fit(text, width, theme.ellipsis), colour: theme.state(transition.to).colour}]);
	}

	return lines;
}
