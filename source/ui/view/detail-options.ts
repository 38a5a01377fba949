import type {Marker} from '../../monitor/types.js';
import type {Theme} from '../theme.js';

/** What the detail pane's lines are drawn for: every section of detailLines takes these. */
export type DetailOptions = {
	readonly width: number;
	/** Snapshot time, epoch ms: every age is measured from it. */
	readonly now: number;
	readonly theme: Theme;
	/** Draw the runbook as an OSC 8 hyperlink (only where the terminal supports it). */
	readonly hyperlinks: boolean;
	/** Deploy markers; those of this check and the manual ones (no checkId) are listed. */
	readonly markers?: readonly Marker[];
	/** Probing is paused (`p`): nothing is scheduled. */
	readonly isPaused?: boolean;
};
