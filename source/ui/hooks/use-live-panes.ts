import {useCallback, useMemo, useRef, type RefObject} from 'react';
import type {CheckView, Marker} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import type {Layout} from '../layout.js';
import type {Theme} from '../theme.js';
import {detailBody, detailScroll, type DetailBody} from '../view/detail-body.js';
import {helpLines} from '../view/help-lines.js';
import {selectedIndex, type TableRow} from '../view/select-rows.js';
import type {ViewState} from '../view/view-reducer.js';

export type PaneInputs = {
	readonly view: ViewState;
	/** The check the detail pane is about, as drawn; undefined on a group row or with nothing selected. */
	readonly selectedView?: CheckView;
	readonly pane: Layout['pane'];
	readonly markers: readonly Marker[];
	/** Snapshot time, epoch ms. */
	readonly now: number;
	readonly hyperlinks: boolean;
	readonly isPaused: boolean;
	readonly theme: Theme;
	/** The screen's width, which the help overlay takes. */
	readonly width: number;
	/** Lines between the banner and the footer, which the help overlay takes. */
	readonly body: number;
};

type Sources = {
	readonly liveView: RefObject<ViewState>;
	readonly getRows: () => readonly TableRow[];
	readonly getLiveLayout: () => Layout;
};

export type PaneScroll = Readonly<Record<'detail' | 'help', {readonly lines: number; readonly room: number}>>;

/**
 * The detail pane's and the help overlay's lines as drawn, and `getPanes` for keys: their scroll range as the
 * view so far has them. A chunk's enter (or ?) may have opened a pane not drawn yet, and its j may have picked
 * another check to detail.
 */
export function useLivePanes(inputs: PaneInputs, {liveView, getRows, getLiveLayout}: Sources): {readonly detail: DetailBody; readonly help: Segment[][]; readonly getPanes: () => PaneScroll} {
	const {view, selectedView, pane, markers, now, hyperlinks, isPaused, theme, width, body} = inputs;
	const detail = useMemo(
		(): DetailBody => (pane ? detailBody({view: selectedView, markers, width: pane.width, placement: pane.placement, now, hyperlinks, isPaused, theme}) : {lines: [], titleLines: 0}),
		[pane, selectedView, markers, now, hyperlinks, isPaused, theme],
	);
	// Laid out only while it is open: it is not on the first frame's path, nor on any other frame's.
	const help = useMemo(() => (view.helpOpen ? helpLines({width, height: body, theme}) : []), [view.helpOpen, width, body, theme]);
	const drawn = useRef({inputs, detail, help});
	drawn.current = {inputs, detail, help};
	const getPanes = useCallback((): PaneScroll => {
		const {inputs: drawnInputs, detail: drawnDetail, help: drawnHelp} = drawn.current;
		const live = liveView.current;
		const rows = getRows();
		const liveRow = rows[selectedIndex(rows, live.selectedId)];
		const liveCheck = liveRow?.kind === 'check' ? liveRow.view : undefined;
		const isSameLayout = live.detailOpen === drawnInputs.view.detailOpen;
		const {pane: livePane} = getLiveLayout();
		let detailScrolls = {lines: 0, room: 0};
		if (livePane) {
			const liveDetail = isSameLayout && liveCheck === drawnInputs.selectedView
				? drawnDetail
				: detailBody({view: liveCheck, markers: drawnInputs.markers, width: livePane.width, placement: livePane.placement, now: drawnInputs.now, hyperlinks: drawnInputs.hyperlinks, isPaused: drawnInputs.isPaused, theme: drawnInputs.theme});
			// The lines under the pinned title, as DetailPane scrolls them.
			detailScrolls = detailScroll(liveDetail, livePane.placement, livePane.height);
		}

		let helpCount = drawnHelp.length;
		if (live.helpOpen !== drawnInputs.view.helpOpen) {
			helpCount = live.helpOpen ? helpLines({width: drawnInputs.width, height: drawnInputs.body, theme: drawnInputs.theme}).length : 0;
		}

		return {
			detail: {lines: detailScrolls.lines, room: detailScrolls.room},
			help: {lines: helpCount, room: drawnInputs.body},
		};
	}, [liveView, getRows, getLiveLayout]);
	return {detail, help, getPanes};
}
