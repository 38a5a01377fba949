import type {CheckView} from '../../monitor/types.js';
import {clean, displayWidth, truncate, truncateMiddle} from '../text.js';
import {cutTelling} from './cut-telling.js';
import type {RowNames} from './row-names.js';
import {rowName} from './select-rows.js';

/** Cells of a fanned-out row's check name kept, its ellipsis included, before the series gives way too. */
const minimumCheckPart = 4;
const separator = ' / ';

/**
 * A row's name (rowName) cut to at most `width` cells. A check's name is cut in its middle: names alike often
 * differ only at the end (`… primary`, `… replica`). A fanned-out row's series is what tells its rows apart, and
 * " / " what says it is one: the check's part gives way from its end first (`queue d… / invoices`, not
 * `queue dept…/ invoices`), then the series in its middle; too narrow for both, the whole is cut in its middle.
 * Where such a cut would hide what tells a name from another row's (`names`, from every row), the part that
 * differs stays and the rest gives way around it (cutTelling): `paymen…eu-west-1…health`; the check's part of a
 * fanned-out row is told apart from the other fanned-out checks' names only.
 */
export function cutRowName(view: CheckView, width: number, names: RowNames, ellipsis = '…'): string {
	const whole = clean(rowName(view));
	// Before the rivals are asked for: they are made on first use (rowNamesOf), which a name that fits never needs.
	if (displayWidth(whole) <= width) return whole;
	if (view.seriesLabel === undefined) return cutTelling(whole, width, ellipsis, names.rows, 'middle');
	const check = clean(view.check.name);
	const series = clean(view.seriesLabel);
	const checkRoom = Math.min(displayWidth(check), minimumCheckPart);
	const seriesRoom = width - checkRoom - separator.length;
	if (seriesRoom < minimumCheckPart) return truncateMiddle(whole, width, ellipsis);
	if (displayWidth(series) <= seriesRoom) return `${cutTelling(check, width - separator.length - displayWidth(series), ellipsis, names.fannedChecks, 'end')}${separator}${series}`;
	return `${truncate(check, checkRoom, ellipsis)}${separator}${cutTelling(series, seriesRoom, ellipsis, names.series, 'middle')}`;
}
