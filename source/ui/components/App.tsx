import {Box, useWindowSize} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import type {Marker, MonitorHandle} from '../../monitor/types.js';
import type {CommitPacer} from '../commit-pacer.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useNotice} from '../hooks/use-notice.js';
import {computeLayout} from '../layout.js';
import {createTheme, type Background} from '../theme.js';
import {listsSameRows, scrollStart, selectedIndex, selectRows} from '../view/select-rows.js';
import {tablePosition} from '../view/table-position.js';
import {initialViewState, modeOf, viewReducer, type Intent, type ViewState} from '../view/view-reducer.js';
import {Banner, bannerLines} from './Banner.js';
import {DetailPane, detailBody, detailRoom} from './DetailPane.js';
import {EventsView, eventsRoom} from './EventsView.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {countOverdue} from '../view/overdue.js';
import {eventsCursorLine} from '../view/events-cursor.js';
import {canGoToCheck} from '../view/go-to-check.js';
import {contentWidths} from '../view/content-widths.js';
import {rowNamesOf} from '../view/row-names.js';
import {HelpOverlay, helpLines} from './HelpOverlay.js';
import {Table} from './Table.js';
import {TooSmall} from './TooSmall.js';
import {hasNoticeLine} from '../view/status-hints.js';
import {displayWidth, truncateMiddle} from '../text.js';

export type AppOptions = {
	readonly color: boolean;
	readonly ascii: boolean;
	/** The palette's background (theme-choice.ts). Default dark. */
	readonly background?: Background;
	/** The terminal draws 16 colours only (theme.ts). Default false. */
	readonly hasOnly16Colours?: boolean;
	/** Draw the runbook as an OSC 8 hyperlink. Default false (plain URL). */
	readonly hyperlinks?: boolean;
};

export type AppProps = {
	readonly monitor: MonitorHandle;
	/** Shown in the header (the file name, not a secret). */
	readonly configName: string;
	readonly options: AppOptions;
	/** Terminal size; read from the window when absent (tests pass it: their stdout has no height). */
	readonly columns?: number;
	readonly rows?: number;
	/** A reload error or other notice from the entry point. */
	readonly banner?: string;
	/** Good news for a moment, from the entry point (a reload applied). */
	readonly info?: string;
	readonly onQuit: () => void;
	/** `y`: put a check's `by hand` command on the clipboard, through the terminal (render-app.tsx). */
	readonly onCopy?: (text: string) => void;
	/** ctrl-z: hand the terminal back to the shell until `fg` (render-app.tsx). */
	readonly onSuspend?: () => Promise<string | undefined>;
	/** Start from this view (tests). */
	readonly initialView?: ViewState;
	/** Paces the commits of what keys change (render-app.tsx); without one, each is drawn at once (tests). */
	readonly pacer?: CommitPacer;
};

/** Same markers, same array: memoized rows redraw only when the markers really change. */
function useStableMarkers(markers: readonly Marker[]): readonly Marker[] {
	const kept = useRef(markers);
	const previous = kept.current;
	const isSame = previous.length === markers.length && previous.every((marker, index) => {
		const other = markers[index]!;
		return marker.at === other.at && marker.label === other.label && marker.checkId === other.checkId && marker.source === other.source;
	});
	if (!isSame) {
		kept.current = markers;
	}

	return kept.current;
}

/**
 * What an empty table says: why nothing is listed, and the key that lists it again. A long filter gives way in
 * its middle, so "(esc clears)" still shows at 60 columns.
 */
function emptyTableText(view: ViewState, checks: number, width: number, ellipsis: string): string {
	if (checks === 0) {
		return 'no checks';
	}

	if (view.filter !== '') {
		const head = `no check${view.problemsOnly ? ' that is not up' : ''} matches "`;
		const tail = '" (esc clears)';
		return head + truncateMiddle(view.filter, Math.max(1, width - displayWidth(head) - displayWidth(tail)), ellipsis) + tail;
	}

	return view.problemsOnly ? 'every check is up (f lists them all)' : 'no checks';
}

/**
 * Text typed into a prompt: echoed at once, not paced like a held key. Typing comes at a typist's pace, and
 * paced it showed each character up to 125 ms late (median 79 ms at a key every 60 ms).
 */
function isTyping(intent: Intent): boolean {
	return intent.type === 'typeFilter' || intent.type === 'eraseFilter' || intent.type === 'typeMark' || intent.type === 'eraseMark';
}

export function App({monitor, configName, options, columns, rows, banner, info, onQuit, onCopy, onSuspend, initialView, pacer}: AppProps) {
	const windowSize = useWindowSize();
	const width = columns ?? windowSize.columns;
	const height = rows ?? windowSize.rows;
	const subscribe = useCallback((onChange: () => void) => monitor.subscribe(() => onChange()), [monitor]);
	const snapshot = useSyncExternalStore(subscribe, monitor.getSnapshot);
	const [view, setView] = useState<ViewState>(initialView ?? initialViewState);
	// Keys are handled before React renders again (and the pacer may hold a commit back): they read the view as
	// the intents so far made it, and a commit draws the latest.
	const liveView = useRef(view);
	const getView = useCallback(() => liveView.current, []);
	const commitView = useCallback(() => {
		setView(liveView.current);
	}, []);
	const dispatch = useCallback((intent: Intent) => {
		liveView.current = viewReducer(liveView.current, intent);
		if (pacer === undefined) {
			commitView();
		} else if (isTyping(intent)) {
			pacer.requestNow(commitView);
		} else {
			pacer.request(commitView);
		}
	}, [pacer, commitView]);
	useEffect(() => () => pacer?.cancel(), [pacer]);
	// A notice speaks of what the keys so far did ("rechecking search"): drawn with the view they left, not one
	// the pacer still holds back.
	const [notice, showNotice] = useNotice(snapshot.at, commitView);
	const theme = useMemo(() => createTheme({color: options.color, ascii: options.ascii, background: options.background, hasOnly16Colours: options.hasOnly16Colours}), [options.color, options.ascii, options.background, options.hasOnly16Colours]);
	const tableRows = useMemo(() => selectRows(snapshot, view), [snapshot, view]);
	// Keys read the rows as the view so far lists them: the drawn ones, unless a filter, sort or fold since changed them.
	const drawn = useRef({snapshot, view, rows: tableRows});
	drawn.current = {snapshot, view, rows: tableRows};
	const getRows = useCallback(() => {
		const {snapshot: drawnSnapshot, view: drawnView, rows} = drawn.current;
		return listsSameRows(drawnView, liveView.current) ? rows : selectRows(drawnSnapshot, liveView.current);
	}, []);
	const overdue = useMemo(() => countOverdue(snapshot.rows, snapshot.at), [snapshot.rows, snapshot.at]);
	const extraLines = bannerLines(snapshot.isPaused, banner, info, width);
	const mode = modeOf(view);
	const index = selectedIndex(tableRows, view.selectedId);
	const selected = tableRows[index];
	// Enter on a group's row folds or unfolds it: the status line says which, not "details".
	const groupRow = mode === 'table' && selected?.kind === 'group' ? (selected.isFolded ? 'folded' : 'unfolded') : undefined;
	const footerLines = hasNoticeLine({mode, groupRow, filter: view.filter, sort: view.sort, problemsOnly: view.problemsOnly, isPaused: snapshot.isPaused, notice, width, isAscii: theme.isAscii}) ? 2 : 1;
	const markers = useStableMarkers(snapshot.markers);
	// The verdict column appears once some row has a before/after comparison (there is a marker).
	const deployColumn = snapshot.rows.some(row => row.release !== undefined);
	const {name: nameWidth, group: groupWidth, owner: ownerWidth} = useMemo(() => contentWidths(snapshot.rows), [snapshot.rows]);
	// Over every row too: a row's cut name must not change as a filter or a scroll changes which rows are drawn.
	const names = useMemo(() => rowNamesOf(snapshot.rows), [snapshot.rows]);
	// Same inputs, same object: memoized rows compare their columns by identity.
	const layout = useMemo(
		() => computeLayout({columns: width, rows: height, detailOpen: view.detailOpen, bannerLines: extraLines, deployColumn, groupWidth, nameWidth, ownerWidth, footerLines}),
		[width, height, view.detailOpen, extraLines, deployColumn, groupWidth, nameWidth, ownerWidth, footerLines],
	);
	// Keys read the page size for the view so far: a chunk's esc may have closed the details (or enter opened them).
	const drawnLayout = useRef({layout, input: {columns: width, rows: height, bannerLines: extraLines, deployColumn, footerLines}, detailOpen: view.detailOpen});
	drawnLayout.current = {layout, input: {columns: width, rows: height, bannerLines: extraLines, deployColumn, footerLines}, detailOpen: view.detailOpen};
	/** The layout as the view so far has it: the drawn one, unless the details opened or closed since. */
	const getLiveLayout = useCallback(() => {
		const {layout: drawnTable, input, detailOpen} = drawnLayout.current;
		const {detailOpen: isOpen} = liveView.current;
		return isOpen === detailOpen ? drawnTable : computeLayout({...input, detailOpen: isOpen});
	}, []);
	const getPageSize = useCallback(() => Math.max(1, getLiveLayout().tableRows), [getLiveLayout]);
	// The details fill the screen: nothing shows the table, so the keys that only change its listing say so.
	const isTableHidden = layout.pane?.placement === 'full';
	const getIsTableHidden = useCallback(() => getLiveLayout().pane?.placement === 'full', [getLiveLayout]);
	const body = height - 1 - footerLines - extraLines;
	const selectedView = selected?.kind === 'check' ? selected.view : undefined;
	const hyperlinks = options.hyperlinks ?? false;
	const detail = useMemo(
		() => (layout.pane ? detailBody({view: selectedView, markers, width: layout.pane.width, placement: layout.pane.placement, now: snapshot.at, hyperlinks, isPaused: snapshot.isPaused, theme}) : []),
		[layout.pane, selectedView, markers, snapshot.at, hyperlinks, snapshot.isPaused, theme],
	);
	// Laid out only while it is open: it is not on the first frame's path, nor on any other frame's.
	const help = useMemo(() => (view.helpOpen ? helpLines({width, height: body, theme}) : []), [view.helpOpen, width, body, theme]);
	// Keys read the panes' scroll range for the view so far: a chunk's enter (or ?) may have opened a pane not
	// drawn yet, and its j may have picked another check to detail.
	const drawnPanes = useRef({view, selectedView, detail, help});
	drawnPanes.current = {view, selectedView, detail, help};
	const paneInputs = useRef({markers, now: snapshot.at, hyperlinks, isPaused: snapshot.isPaused, theme, width, body});
	paneInputs.current = {markers, now: snapshot.at, hyperlinks, isPaused: snapshot.isPaused, theme, width, body};
	const getPanes = useCallback(() => {
		const drawnNow = drawnPanes.current;
		const inputs = paneInputs.current;
		const live = liveView.current;
		const rows = getRows();
		const liveRow = rows[selectedIndex(rows, live.selectedId)];
		const liveCheck = liveRow?.kind === 'check' ? liveRow.view : undefined;
		const isSameLayout = live.detailOpen === drawnNow.view.detailOpen;
		const {pane} = getLiveLayout();
		let detailLines = 0;
		if (pane) {
			detailLines = isSameLayout && liveCheck === drawnNow.selectedView
				? drawnNow.detail.length
				: detailBody({view: liveCheck, markers: inputs.markers, width: pane.width, placement: pane.placement, now: inputs.now, hyperlinks: inputs.hyperlinks, isPaused: inputs.isPaused, theme: inputs.theme}).length;
		}

		let helpCount = drawnNow.help.length;
		if (live.helpOpen !== drawnNow.view.helpOpen) {
			helpCount = live.helpOpen ? helpLines({width: inputs.width, height: inputs.body, theme: inputs.theme}).length : 0;
		}

		return {
			detail: {lines: detailLines, room: pane ? detailRoom(pane.placement, pane.height) : 0},
			help: {lines: helpCount, room: inputs.body},
		};
	}, [getRows, getLiveLayout]);
	useKeymap({
		mode, getView, snapshot, getRows, selected, getPageSize, getIsTableHidden, isTooSmall: layout.isTooSmall, eventsRoom: eventsRoom(body), dispatch, send: monitor.send, onQuit, onCopy, onSuspend, setNotice: showNotice, getPanes, ellipsis: theme.ellipsis,
	});

	if (layout.isTooSmall) {
		return <TooSmall counts={snapshot.counts} width={width} height={height} theme={theme} />;
	}

	const start = scrollStart(view.scrollOffset, index, layout.tableRows, tableRows.length);
	const position = !view.helpOpen && !view.eventsOpen && tableRows.length > layout.tableRows && layout.tableRows > 0 ? tablePosition(tableRows, index) : undefined;
	const emptyText = emptyTableText(view, snapshot.rows.length, layout.tableWidth, theme.ellipsis);
	const table = layout.tableRows > 0 ? (
		<Table
			rows={tableRows}
			columns={layout.columns}
			start={start}
			height={layout.tableRows}
			selectedIndex={index}
			width={layout.tableWidth}
			emptyText={emptyText}
			theme={theme}
			markers={markers}
			names={names}
		/>
	) : null;
	const pane = layout.pane ? (
		<DetailPane
			lines={detail}
			offset={view.detailOffset}
			width={layout.pane.width}
			height={layout.pane.height}
			placement={layout.pane.placement}
			theme={theme}
		/>
	) : null;

	let main;
	if (view.helpOpen) {
		main = <HelpOverlay lines={help} offset={view.helpOffset} width={width} height={body} theme={theme} />;
	} else if (view.eventsOpen) {
		main = <EventsView snapshot={snapshot} width={width} height={body} offset={view.eventsOffset} cursor={eventsCursorLine(snapshot, view)} theme={theme} />;
	} else if (layout.pane?.placement === 'side') {
		main = (
			<Box flexDirection="row" width={width} height={body}>
				{table}
				<Box width={1} />
				{pane}
			</Box>
		);
	} else {
		main = (
			<Box flexDirection="column" width={width} height={body}>
				{table}
				{pane}
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Header configName={configName} counts={snapshot.counts} isPaused={snapshot.isPaused} overdue={overdue} at={snapshot.at} width={width} theme={theme} />
			<Banner isPaused={snapshot.isPaused} message={banner} info={info} width={width} theme={theme} mode={mode} />
			{main}
			<Footer mode={mode} canGoToCheck={mode === 'events' && canGoToCheck(snapshot, view)} groupRow={groupRow} filter={view.filter} markNote={view.markNote} markFor={view.markCheck?.name} names={names} sort={view.sort} problemsOnly={view.problemsOnly} isPaused={snapshot.isPaused} isTableHidden={isTableHidden} position={position} notice={notice} width={width} theme={theme} />
		</Box>
	);
}
