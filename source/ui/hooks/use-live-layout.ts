import {useCallback, useMemo, useRef, type RefObject} from 'react';
import {computeLayout, type Layout, type LayoutInput} from '../layout.js';
import type {ViewState} from '../view/view-reducer.js';

export type LiveLayout = {
	/** The layout drawn. */
	readonly layout: Layout;
	/** The layout as the view so far has it: the drawn one, unless the details opened or closed since. */
	readonly getLiveLayout: () => Layout;
	/** Table rows that fit as the view so far lays them out: the step of PgUp/PgDn. */
	readonly getPageSize: () => number;
	/** The details fill the screen as the view so far lays them out: nothing shows the table. */
	readonly getIsTableHidden: () => boolean;
};

/**
 * The screen's layout, and the same for keys as the view so far has it: a chunk's esc may have closed the
 * details (or enter opened them) before React draws again.
 */
export function useLiveLayout(input: LayoutInput, liveView: RefObject<ViewState>): LiveLayout {
	const {columns, rows, detailOpen, bannerLines, deployColumn, groupWidth, nameWidth, ownerWidth, versionWidth, footerLines} = input;
	// Same inputs, same object: memoized rows compare their columns by identity.
	const layout = useMemo(
		() => computeLayout({columns, rows, detailOpen, bannerLines, deployColumn, groupWidth, nameWidth, ownerWidth, versionWidth, footerLines}),
		[columns, rows, detailOpen, bannerLines, deployColumn, groupWidth, nameWidth, ownerWidth, versionWidth, footerLines],
	);
	const drawn = useRef({layout, input});
	drawn.current = {layout, input};
	const getLiveLayout = useCallback(() => {
		const {layout: drawnLayout, input: drawnInput} = drawn.current;
		const {detailOpen: isOpen} = liveView.current;
		return isOpen === drawnInput.detailOpen ? drawnLayout : computeLayout({...drawnInput, detailOpen: isOpen});
	}, [liveView]);
	const getPageSize = useCallback(() => Math.max(1, getLiveLayout().tableRows), [getLiveLayout]);
	const getIsTableHidden = useCallback(() => getLiveLayout().pane?.placement === 'full', [getLiveLayout]);
	return {layout, getLiveLayout, getPageSize, getIsTableHidden};
}
