import {Box, useWindowSize} from 'ink';
import {useMemo} from 'react';
import type {MonitorHandle} from '../../monitor/types.js';
import type {CommitPacer} from '../commit-pacer.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useLiveLayout} from '../hooks/use-live-layout.js';
import {useLivePanes} from '../hooks/use-live-panes.js';
import {useLiveRows} from '../hooks/use-live-rows.js';
import {useLiveView} from '../hooks/use-live-view.js';
import {useNotice} from '../hooks/use-notice.js';
import {useRowTexts} from '../hooks/use-row-texts.js';
import {useSnapshot} from '../hooks/use-snapshot.js';
import {useStableMarkers} from '../hooks/use-stable-markers.js';
import {useTheme} from '../hooks/use-theme.js';
import type {Background} from '../theme.js';
import {emptyTableText} from '../view/empty-table-text.js';
import {eventsCursorLine} from '../view/events-cursor.js';
import {canGoToCheck} from '../view/go-to-check.js';
import {groupRowOf} from '../view/group-row.js';
import {countOverdue} from '../view/overdue.js';
import {scrollStart, selectedIndex} from '../view/select-rows.js';
import {hasNoticeLine} from '../view/status-hints.js';
import {tablePosition} from '../view/table-position.js';
import {modeOf, type ViewState} from '../view/view-reducer.js';
import {Banner, bannerLines} from './Banner.js';
import {DetailPane} from './DetailPane.js';
import {EventsView, eventsRoom} from './EventsView.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {Table} from './Table.js';
import {TooSmall} from './TooSmall.js';

export type AppOptions = {
	readonly color: boolean;
	readonly ascii: boolean;
	/** The palette's background (theme-choice.ts). Default dark. */
	readonly background?: Background;
	/** The terminal draws 16 colours only (theme.ts). Default false. */
	readonly hasOnly16Colours?: boolean;
	/** Draw the runbook as an OSC 8 hyperlink. Default false (plain URL). */
	readonly hyperlinks?: boolean;
	/** uptop runs inside tmux, which passes a copy (`y`, OSC 52) on only with `set-clipboard on`. Default false. */
	readonly isInTmux?: boolean;
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

export function App({monitor, configName, options, columns, rows, banner: bannerText, info, onQuit, onCopy, onSuspend, initialView, pacer}: AppProps) {
	const windowSize = useWindowSize();
	const width = columns ?? windowSize.columns;
	const height = rows ?? windowSize.rows;
	const snapshot = useSnapshot(monitor);
	const {view, liveView, getView, commitView, dispatch} = useLiveView(initialView, pacer);
	// A notice speaks of what the keys so far did ("rechecking search"): drawn with the view they left, not one
	// the pacer still holds back.
	const [notice, showNotice] = useNotice(snapshot.at, commitView);
	const theme = useTheme(options);
	// A config error as this terminal writes it (`≤` as `<=` in ASCII), before the layout counts its lines.
	const banner = bannerText === undefined ? undefined : theme.spell(bannerText);
	const {tableRows, getRows} = useLiveRows(snapshot, view, liveView);
	const overdue = useMemo(() => countOverdue(snapshot.rows, snapshot.at), [snapshot.rows, snapshot.at]);
	const extraLines = bannerLines(snapshot.isPaused, banner, info, width);
	const mode = modeOf(view);
	const index = selectedIndex(tableRows, view.selectedId);
	const selected = tableRows[index];
	const groupRow = groupRowOf(mode, selected);
	const footerLines = hasNoticeLine({mode, groupRow, hasRow: selected !== undefined, filter: view.filter, sort: view.sort, problemsOnly: view.problemsOnly, isPaused: snapshot.isPaused, notice, width, isAscii: theme.isAscii}) ? 2 : 1;
	const markers = useStableMarkers(snapshot.markers);
	// The verdict column appears once some row has a before/after comparison (there is a marker).
	const deployColumn = snapshot.rows.some(row => row.release !== undefined);
	const {widths, names} = useRowTexts(snapshot.rows);
	const {layout, getLiveLayout, getPageSize, getIsTableHidden} = useLiveLayout(
		{columns: width, rows: height, detailOpen: view.detailOpen, bannerLines: extraLines, deployColumn, groupWidth: widths.group, nameWidth: widths.name, ownerWidth: widths.owner, versionWidth: widths.version, footerLines},
		liveView,
	);
	// The details fill the screen: nothing shows the table, so the keys that only change its listing say so.
	const isTableHidden = layout.pane?.placement === 'full';
	const body = height - 1 - footerLines - extraLines;
	const selectedView = selected?.kind === 'check' ? selected.view : undefined;
	const {detail, help, getPanes} = useLivePanes(
		{view, selectedView, pane: layout.pane, markers, now: snapshot.at, hyperlinks: options.hyperlinks ?? false, isPaused: snapshot.isPaused, theme, width, body},
		{liveView, getRows, getLiveLayout},
	);
	useKeymap({
		mode, getView, snapshot, getRows, selected, getPageSize, getIsTableHidden, isTooSmall: layout.isTooSmall, eventsRoom: eventsRoom(body), dispatch, send: monitor.send, shownLabel: monitor.shownLabel, onQuit, onCopy, onSuspend, setNotice: showNotice, getPanes, ellipsis: theme.ellipsis, isInTmux: options.isInTmux ?? false, width,
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
			lines={detail.lines}
			pinnedLines={detail.titleLines}
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
			<Footer mode={mode} canGoToCheck={mode === 'events' && canGoToCheck(snapshot, view)} groupRow={groupRow} hasRow={selected !== undefined} filter={view.filter} markNote={view.markNote} markFor={view.markCheck?.name} names={names} sort={view.sort} problemsOnly={view.problemsOnly} isPaused={snapshot.isPaused} isTableHidden={isTableHidden} position={position} notice={notice} width={width} theme={theme} />
		</Box>
	);
}
