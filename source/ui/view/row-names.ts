import type {CheckView} from '../../monitor/types.js';
import {clean} from '../text.js';
import {nameRivals, type NameRivals} from './name-rivals.js';
import {rowName} from './select-rows.js';

/**
 * The names rows are told apart among (cleaned, as drawn): whole row names, check names, the names of the checks
 * that fan out, series labels, and the checks' groups (`payments-prod-us-east-1` beside `…-2`).
 */
export type RowNames = {readonly rows: NameRivals; readonly checks: NameRivals; readonly fannedChecks: NameRivals; readonly series: NameRivals; readonly groups: NameRivals};

/**
 * The rivals made on first use: where every name fits its column, none are (2,000 names take ~5 ms). Only the
 * names are kept, not the rows, which hold their results.
 */
function lazyRowNames(views: readonly CheckView[]): RowNames {
	const rowTexts = views.map(view => clean(rowName(view)));
	// Without a fanned-out row a row's name is its check's: the work is not done twice.
	const checkTexts = views.some(view => view.seriesLabel !== undefined) ? views.map(view => clean(view.check.name)) : undefined;
	const seriesTexts = views.flatMap(view => (view.seriesLabel === undefined ? [] : [clean(view.seriesLabel)]));
	// A fanned-out row's check name is drawn beside " / " and a series, so a check that does not fan out (`procs`
	// beside `prometheus up / job`) never reads like it: only the other fanned-out checks are its rivals.
	const groupTexts = views.flatMap(view => (view.check.group === undefined ? [] : [clean(view.check.group)]));
	const fannedCheckTexts = views.flatMap(view => (view.seriesLabel === undefined ? [] : [clean(view.check.name)]));
	let rows: NameRivals | undefined;
	let checks: NameRivals | undefined;
	let fannedChecks: NameRivals | undefined;
	let series: NameRivals | undefined;
	let groups: NameRivals | undefined;
	return {
		get rows() {
			rows ??= nameRivals(rowTexts);
			return rows;
		},
		get checks() {
			checks ??= checkTexts === undefined ? this.rows : nameRivals(checkTexts);
			return checks;
		},
		get fannedChecks() {
			fannedChecks ??= nameRivals(fannedCheckTexts);
			return fannedChecks;
		},
		get series() {
			series ??= nameRivals(seriesTexts);
			return series;
		},
		get groups() {
			groups ??= nameRivals(groupTexts);
			return groups;
		},
	};
}

let last: {readonly views: readonly CheckView[]; readonly names: RowNames} | undefined;

function isSameNames(previous: readonly CheckView[], next: readonly CheckView[]): boolean {
	return previous.length === next.length
		&& previous.every((view, index) => view.check.name === next[index]!.check.name && view.seriesLabel === next[index]!.seriesLabel
		&& view.check.group === next[index]!.check.group);
}

/**
 * The rivals of every row's name, over all rows (not the filtered or visible ones), so a row's cut name stays put
 * as others scroll past. The same object while the names stay the same: snapshots come with every result, and
 * memoized rows compare it by identity.
 */
export function rowNamesOf(views: readonly CheckView[]): RowNames {
	if (last !== undefined && (last.views === views || isSameNames(last.views, views))) {
		last = {views, names: last.names};
		return last.names;
	}

	const names = lazyRowNames(views);
	last = {views, names};
	return names;
}
