import type {CheckView} from '../../monitor/types.js';
import {clean, displayWidth} from '../text.js';
import {rowName} from './select-rows.js';

/**
 * Cells the widest entry of each config-given column takes, as the table draws it (0 when no row has one). The
 * version column's entries come from results; it is 0 only when no check reads a version and no row has one.
 */
export type ContentWidths = {readonly name: number; readonly group: number; readonly owner: number; readonly version: number};

/** Written after the name of an http check that does not verify TLS (Row): part of what its name cell needs. */
export const insecureTag = ' insecure';

type CheckWidths = {readonly name: number; readonly group: number; readonly owner: number};

// A check's text comes from the config and its object lives until a reload: measured once, not per snapshot.
const measured = new WeakMap<CheckView['check'], CheckWidths>();

const cells = (text: string | undefined): number => (text === undefined ? 0 : displayWidth(clean(text)));

const tagCells = (check: CheckView['check']): number => (check.kind === 'http' && check.insecure ? insecureTag.length : 0);

function widthsOf(view: CheckView): CheckWidths {
	let widths = measured.get(view.check);
	if (widths === undefined) {
		widths = {name: cells(view.check.name) + tagCells(view.check), group: cells(view.check.group), owner: cells(view.check.owner)};
		measured.set(view.check, widths);
	}

	// A fanned-out row's series label comes from results, not the config.
	return view.seriesLabel === undefined ? widths : {...widths, name: cells(rowName(view)) + tagCells(view.check)};
}

/** An http check with `version:` reads one; at least a cell, so its column stays while no answer has come yet. */
const readsVersion = (check: CheckView['check']): boolean => check.kind === 'http' && check.version !== undefined;

/** Over every row, not the filtered ones, so the columns stay put while a filter is typed. */
export function contentWidths(rows: readonly CheckView[]): ContentWidths {
	let name = 0;
	let group = 0;
	let owner = 0;
	let version = 0;
	for (const row of rows) {
		const widths = widthsOf(row);
		name = Math.max(name, widths.name);
		group = Math.max(group, widths.group);
		owner = Math.max(owner, widths.owner);
		// As Row draws it: the version the row keeps, else its last result's.
		version = Math.max(version, cells(row.version ?? row.last?.version), readsVersion(row.check) ? 1 : 0);
	}

	return {name, group, owner, version};
}
