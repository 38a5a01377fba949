import {useCallback, useMemo, useRef, type RefObject} from 'react';
import type {Snapshot} from '../../monitor/types.js';
import {listsSameRows, selectRows, type TableRow} from '../view/select-rows.js';
import type {ViewState} from '../view/view-reducer.js';

/**
 * The table's rows as drawn, and `getRows` for keys: the rows as the view so far lists them, which are the drawn
 * ones unless a filter, sort or fold since changed them.
 */
export function useLiveRows(snapshot: Snapshot, view: ViewState, liveView: RefObject<ViewState>): {readonly tableRows: readonly TableRow[]; readonly getRows: () => readonly TableRow[]} {
	const tableRows = useMemo(() => selectRows(snapshot, view), [snapshot, view]);
	const drawn = useRef({snapshot, view, rows: tableRows});
	drawn.current = {snapshot, view, rows: tableRows};
	const getRows = useCallback(() => {
		const {snapshot: drawnSnapshot, view: drawnView, rows} = drawn.current;
		return listsSameRows(drawnView, liveView.current) ? rows : selectRows(drawnSnapshot, liveView.current);
	}, [liveView]);
	return {tableRows, getRows};
}
