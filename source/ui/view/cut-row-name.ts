import type {CheckView} from '../../monitor/types.js';
import {clean, displayWidth, truncate, truncateMiddle} from '../text.js';
import {rowName} from './select-rows.js';

/** Cells of a fanned-out row's check name kept, its ellipsis included, before the series gives way too. */
const minimumCheckPart = 4;
const separator = ' / ';

/**
 * A row's name (rowName) cut to at most `width` cells. A check's name is cut in its middle: names alike often
 * differ only at the end (`… primary`, `… replica`). A fanned-out row's series is what tells its rows apart, and
 * " / " what says it is one: the check's part gives way from its end first (`queue d… / invoices`, not
 * `queue dept…/ invoices`), then the series in its middle; too narrow for both, the whole is cut in its middle.
 */
export function cutRowName(view: CheckView, width: number, ellipsis = '…'): string {
	if (view.seriesLabel === undefined) return truncateMiddle(clean(rowName(view)), width, ellipsis);
	const check = clean(view.check.name);
	const series = clean(view.seriesLabel);
	const whole = `${check}${separator}${series}`;
	if (displayWidth(whole) <= width) return whole;
	const checkRoom = Math.min(displayWidth(check), minimumCheckPart);
	const seriesRoom = width - checkRoom - separator.length;
	if (seriesRoom < minimumCheckPart) return truncateMiddle(whole, width, ellipsis);
	if (displayWidth(series) <= seriesRoom) return `${truncate(check, width - separator.length - displayWidth(series), ellipsis)}${separator}${series}`;
	return `${truncate(check, checkRoom, ellipsis)}${separator}${truncateMiddle(series, seriesRoom, ellipsis)}`;
}
