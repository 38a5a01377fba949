import type {CheckView} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import {sparklineSegments} from '../components/Sparkline.js';
import {formatLatency} from '../format.js';
import {markerGaps, sparkMarks, sparkScale} from '../sparkline.js';
import {displayWidth, fit} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {labelWidth} from './labelled-lines.js';

/** The recent latencies as a sparkline with their range, deploy markers among them; none before a sample. */
export function trendLine(view: CheckView, options: DetailOptions): Segment[] | undefined {
	const {theme, width} = options;
	const scale = sparkScale(view.recentLatencyMs, view.recentStates);
	if (!scale) return undefined;
	const range = ` min ${formatLatency(scale.minMs)} max ${formatLatency(scale.maxMs)}`;
	const marks = sparkMarks(view, options.markers ?? []);
	const cells = view.recentLatencyMs.length + markerGaps(marks, view.recentLatencyMs.length).size;
	const sparkWidth = Math.min(cells, Math.max(0, width - labelWidth - displayWidth(range)));
	return [
		{text: fit('trend', labelWidth, theme.ellipsis), colour: theme.role('muted')},
		...sparklineSegments({values: view.recentLatencyMs, states: view.recentStates, width: sparkWidth, theme, marks}),
		{text: range, colour: theme.role('muted')},
	];
}
