import {labelBeforeSource} from '../../monitor/settled-label.js';
import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {formatAge, formatClock} from '../format.js';
import {markersOf} from '../sparkline.js';
import {clean, fit} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {markerSourceText} from './marker-source.js';

const markersShown = 3;

/** The `deploy markers` list: the latest few of this check's and the manual ones, newest first. */
export function deployMarkerLines(view: CheckView, options: DetailOptions): Segment[][] {
	const {theme, width, now} = options;
	const deploys = markersOf(view, options.markers ?? []);
	if (deploys.length === 0) return [];
	const lines: Segment[][] = [[{text: fit('deploy markers', width, theme.ellipsis), colour: theme.role('muted'), isBold: true}]];
	for (const marker of deploys.slice(-markersShown).reverse()) {
		const {label, sourceNote} = labelBeforeSource(marker);
		const text = ` ${formatClock(marker.at)} ${formatAge(marker.at, now).padStart(3)} ago  ${theme.spell(clean(label))} (${markerSourceText(marker.source)}${sourceNote})`;
		lines.push([{text: fit(text, width, theme.ellipsis), colour: theme.role('accent')}]);
	}

	return lines;
}
