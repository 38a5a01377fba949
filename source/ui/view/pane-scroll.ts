/**
 * Scrolling a pane of text lines (the detail pane, the help overlay). When the lines do not fit, the last row
 * of the pane is a status line ("lines 5–20 of 31"), so `room - 1` lines of text show at a time.
 */
export type PaneWindow = {
	/** First line drawn. */
	readonly start: number;
	/** One past the last line drawn. */
	readonly end: number;
	/** Whether the status line is drawn (the lines do not all fit). */
	readonly hasStatus: boolean;
};

/** The largest useful offset: the one that shows the last line at the bottom. */
export function lastPaneOffset(total: number, room: number): number {
	return total <= room ? 0 : Math.max(0, total - Math.max(1, room - 1));
}

/**
 * The offset of a pane scrolled to its end: drawn at the last offset whatever the lines number, so lines added
 * below (a check's new results and state changes) come into view, as `less +F` follows a file.
 */
export const paneEnd = Number.MAX_SAFE_INTEGER;

export function clampPaneOffset(offset: number, total: number, room: number): number {
	return Math.min(lastPaneOffset(total, room), Math.max(0, offset));
}

/** Which lines show for `offset` (clamped: the lines may have changed since the offset was set). */
export function paneWindow(total: number, room: number, offset: number): PaneWindow {
	if (total <= room) {
		return {start: 0, end: total, hasStatus: false};
	}

	const start = clampPaneOffset(offset, total, room);
	return {start, end: Math.min(total, start + Math.max(0, room - 1)), hasStatus: true};
}

/**
 * How many of a pane's first `pinned` lines stay in view while the rest scrolls (the detail pane's title, as a
 * pager keeps its header): none while every line fits, and never so many that no room is left below them for a
 * line of text and the status line.
 */
export function pinnedCount(pinned: number, total: number, room: number): number {
	return total <= room ? 0 : Math.max(0, Math.min(pinned, room - 2));
}
