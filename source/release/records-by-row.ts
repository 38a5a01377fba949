import type {Check} from '../config/types.js';
import {rowOwner} from '../monitor/row-owner.js';
import type {HistoryResult, HistoryTransition} from './history-load.js';

/** One row's results and state changes, each in the history's order (oldest first). */
export type RowRecords = {readonly results: readonly HistoryResult[]; readonly transitions: readonly HistoryTransition[]};

export const noRecords: RowRecords = {results: [], transitions: []};

/**
 * The records of each row id, found in one pass over each list: a report of 2,000 checks that scanned every record
 * for each of them took minutes over a 10 MB history (and held `--report`'s exit as long).
 */
export function recordsByRow(results: readonly HistoryResult[], transitions: readonly HistoryTransition[]): Map<string, RowRecords> {
	const byRow = new Map<string, {results: HistoryResult[]; transitions: HistoryTransition[]}>();
	const of = (id: string) => {
		let records = byRow.get(id);
		if (records === undefined) {
			records = {results: [], transitions: []};
			byRow.set(id, records);
		}

		return records;
	};

	for (const result of results) of(result.id).results.push(result);
	for (const transition of transitions) of(transition.id).transitions.push(transition);
	return byRow;
}

/**
 * By check id, the row ids of `rowIds` that are its rows (monitor/row-owner.ts): its own id, or one per series of
 * a fanned-out check. Each id's owner is looked up once.
 */
export function rowIdsByCheck(rowIds: Iterable<string>, checksById: ReadonlyMap<string, Check>): Map<string, string[]> {
	const byCheck = new Map<string, string[]>();
	for (const id of rowIds) {
		const owner = rowOwner(id, checksById)?.check.id;
		if (owner === undefined) continue;
		const ids = byCheck.get(owner);
		if (ids === undefined) byCheck.set(owner, [id]);
		else ids.push(id);
	}

	return byCheck;
}
