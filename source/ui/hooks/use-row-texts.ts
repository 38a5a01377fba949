import {useMemo} from 'react';
import type {CheckView} from '../../monitor/types.js';
import {contentWidths, type ContentWidths} from '../view/content-widths.js';
import {rowNamesOf, type RowNames} from '../view/row-names.js';

/**
 * What the config-given texts of every row need: the cells of the widest name, group and owner (the layout sizes
 * its columns to them), and the names each row is told apart among. Over every row, not the drawn ones: a row's
 * cut name must not change as a filter or a scroll changes which rows are drawn.
 */
export function useRowTexts(rows: readonly CheckView[]): {readonly widths: ContentWidths; readonly names: RowNames} {
	const widths = useMemo(() => contentWidths(rows), [rows]);
	const names = useMemo(() => rowNamesOf(rows), [rows]);
	return {widths, names};
}
