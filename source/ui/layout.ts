export type ColumnId = 'cursor' | 'state' | 'name' | 'group' | 'latency' | 'p95' | 'spark' | 'uptime' | 'owner' | 'version' | 'deploy';

export type Column = {
	readonly id: ColumnId;
	readonly title: string;
	readonly width: number;
	readonly align: 'left' | 'right';
};

export type PanePlacement = 'side' | 'below' | 'full';

export type Layout = {
	/** Below 40×10 nothing but a notice is drawn. */
	readonly isTooSmall: boolean;
	readonly width: number;
	readonly height: number;
	/** Table columns left to right, each with its width; the cursor column has no gap after it. */
	readonly columns: readonly Column[];
	readonly tableWidth: number;
	/** Check rows that fit under the table's title line; 0 when the pane fills the body. */
	readonly tableRows: number;
	readonly pane?: {readonly width: number; readonly height: number; readonly placement: PanePlacement};
};

export type LayoutInput = {
	readonly columns: number;
	readonly rows: number;
	readonly detailOpen: boolean;
	/** Lines taken by a banner (paused, reload error) under the header. Default 0. */
	readonly bannerLines?: number;
	/** Show the deploy verdict column (some row has a before/after comparison). Default false. */
	readonly deployColumn?: boolean;
	/** Cells the widest group name takes (see FitOptions.groupWidth). Default: no limit. */
	readonly groupWidth?: number;
	/** Cells the widest row name takes (see FitOptions.nameWidth). Default: no limit. */
	readonly nameWidth?: number;
	/** Cells the widest owner takes (see FitOptions.ownerWidth). Default: no limit. */
	readonly ownerWidth?: number;
	/** Cells the widest version takes (see FitOptions.versionWidth). Default: no limit. */
	readonly versionWidth?: number;
	/** Lines of the footer: the status line, and a notice too long to share it. Default 1. */
	readonly footerLines?: number;
};

export type FitOptions = {
	/** Include the deploy verdict column. Default true. */
	readonly deploy?: boolean;
	/**
	 * Cells the widest group name takes. The group column is made no wider than that (nor than its title), so
	 * the cells a fleet of short group names (`db`, `api`) leaves blank go to the check names instead, which
	 * are cut first; with no group at all (0) there is no group column. Default: no limit.
	 */
	readonly groupWidth?: number;
	/** Cells the widest row name takes: the name column grows no wider, and its cells go to the owner. Default: no limit. */
	readonly nameWidth?: number;
	/**
	 * Cells the widest owner takes: the owner column is no wider (nor than its title), so it fits beside short
	 * names (`@sre`) where its usual width would not, grows to hold `@payments-oncall` whole when there is room,
	 * and is left out when no check has an owner (0). Default: no limit.
	 */
	readonly ownerWidth?: number;
	/**
	 * Cells the widest deployed version takes: the version column is no wider (nor than its title), and is left out
	 * when no check reads a version (0), its cells going to cut names and owners. Default: no limit.
	 */
	readonly versionWidth?: number;
};

export const minimumColumns = 40;
export const minimumRows = 10;

type Spec = {readonly id: ColumnId; readonly title: string; readonly min: number; readonly align: 'left' | 'right'};

/** Left-to-right order on screen. */
const specs: readonly Spec[] = [
	{id: 'cursor', title: '', min: 2, align: 'left'},
	{id: 'state', title: 'state', min: 9, align: 'left'},
	// A name narrower than this is too short to tell checks apart: optional columns give way first.
	{id: 'name', title: 'name', min: 16, align: 'left'},
	{id: 'group', title: 'group', min: 12, align: 'left'},
	{id: 'latency', title: 'last', min: 7, align: 'right'},
	{id: 'p95', title: 'p95', min: 7, align: 'right'},
	{id: 'spark', title: 'latency', min: 8, align: 'left'},
	{id: 'uptime', title: 'uptime', min: 7, align: 'right'},
	// "= no change" and "… too early" are the widest verdicts.
	{id: 'deploy', title: 'deploy', min: 11, align: 'left'},
	{id: 'owner', title: 'owner', min: 14, align: 'left'},
	{id: 'version', title: 'version', min: 10, align: 'left'},
];

/**
 * Which optional column goes first as the width shrinks; the sparkline is the last to go. The deploy verdict
 * outlives owner, version and uptime (during a release it is the question on screen; at 80 columns it stays,
 * in its own words) but gives way before group and p95. Without a marker there is no deploy column at all.
 */
export const dropOrder: readonly ColumnId[] = ['owner', 'version', 'uptime', 'deploy', 'group', 'p95', 'spark'];

/** No name column grows past this: a wider one would only hold blank cells. */
const nameCap = 60;
/** An owner wider than this is cut even on a wide terminal: a handle, not a sentence. */
const ownerCap = 40;
/** A group wider than this is cut even on a wide terminal (the telling way, so siblings still read apart). */
const groupCap = 40;
/** The samples a row's view carries (monitor/check-row.ts recentSize): a wider sparkline would be padding. */
const sparkCap = 60;

/**
 * Where spare width goes, in turn: each step grows one column up to a cap (and, when the column's entries are
 * known, to no more than they need). An owner cut to `@payments-onc…` is worse than a few samples less of
 * sparkline, so it grows first.
 */
const growth: ReadonlyArray<readonly [ColumnId, number, 'when its entries are known'?]> = [
	['name', 32],
	['owner', 24],
	['spark', 30],
	['group', 16],
	['version', 14],
	// Then a long owner whole (`@data-eng-with-a-long-handle`): the handle to page, before more of a long name.
	// Not blank cells for owners that are not known to be that long.
	['owner', ownerCap, 'when its entries are known'],
	['name', nameCap],
	// Then more history: the engine sends a row's newest 60 samples (recentSize); a 200-column terminal drew 30
	// and left the rest of the line blank.
	['spark', sparkCap],
	// Last, a long group whole (`payments-prod-us-east-1`): a 200-column terminal cut it at 16 cells and left
	// 50 blank. Only as wide as the groups are known to need.
	['group', groupCap, 'when its entries are known'],
];

const headerLines = 1;
const footerLines = 1;
const tableTitleLines = 1;

function totalWidth(columns: ReadonlyArray<{readonly id: ColumnId; readonly width: number}>): number {
	// One space between columns, except after the cursor column which carries its own space.
	const gaps = columns.filter(column => column.id !== 'cursor').length - 1;
	return columns.reduce((sum, column) => sum + column.width, 0) + Math.max(0, gaps);
}

/**
 * The cells a column's entries need (its widest, never less than its title), for the columns whose entries come
 * from the config; undefined when not known or for other columns.
 */
function neededCells(spec: Spec, options: FitOptions): number | undefined {
	const widest = spec.id === 'name' ? options.nameWidth : spec.id === 'group' ? options.groupWidth : spec.id === 'owner' ? options.ownerWidth : undefined;
	return widest === undefined ? undefined : Math.max(spec.title.length, Math.ceil(widest));
}

/**
 * Fits the table's columns into `width`: drops optional ones in `dropOrder`, then spreads spare room. A column
 * whose entries are known (FitOptions) is no wider than they need, and is left out when it has none at all:
 * the cells short group names or owners would leave blank go to the columns that are cut.
 */
export function fitColumns(width: number, options: FitOptions = {}): readonly Column[] {
	const isEmpty = (spec: Spec) => (spec.id === 'group' && options.groupWidth === 0) || (spec.id === 'owner' && options.ownerWidth === 0) || (spec.id === 'version' && options.versionWidth === 0);
	const wanted = specs.filter(spec => !(spec.id === 'deploy' && options.deploy === false) && !isEmpty(spec));
	const needed = new Map(wanted.map(spec => [spec.id, neededCells(spec, options)]));
	let kept = wanted.map(spec => ({id: spec.id, title: spec.title, width: Math.min(spec.min, needed.get(spec.id) ?? spec.min), align: spec.align}));
	for (const id of dropOrder) {
		if (totalWidth(kept) <= width) {
			break;
		}

		kept = kept.filter(column => column.id !== id);
	}

	// Versions come from results and change with each deploy: the column is kept or dropped at its usual width, so a
	// release does not move the other columns in and out, and then gives the cells its versions leave blank.
	if (options.versionWidth !== undefined) {
		const versionNeeds = Math.max('version'.length, Math.ceil(options.versionWidth));
		needed.set('version', versionNeeds);
		const version = kept.find(column => column.id === 'version');
		if (version !== undefined) version.width = Math.min(version.width, versionNeeds);
	}

	let spare = width - totalWidth(kept);
	if (spare < 0) {
		// Even the required columns do not fit: the name gives way (never below 4 cells).
		const name = kept.find(column => column.id === 'name')!;
		name.width = Math.max(4, name.width + spare);
		spare = 0;
	}

	for (const [id, cap, condition] of growth) {
		const column = kept.find(candidate => candidate.id === id);
		if (column === undefined || spare <= 0 || (condition !== undefined && needed.get(id) === undefined)) {
			continue;
		}

		const add = Math.min(spare, Math.max(0, Math.min(cap, needed.get(id) ?? cap) - column.width));
		column.width += add;
		spare -= add;
	}

	return kept;
}

export function computeLayout(input: LayoutInput): Layout {
	const width = Math.max(0, Math.floor(input.columns));
	const height = Math.max(0, Math.floor(input.rows));
	const isTooSmall = width < minimumColumns || height < minimumRows;
	const body = Math.max(0, height - headerLines - (input.footerLines ?? footerLines) - (input.bannerLines ?? 0));
	const fit: FitOptions = {deploy: input.deployColumn ?? false, groupWidth: input.groupWidth, nameWidth: input.nameWidth, ownerWidth: input.ownerWidth, versionWidth: input.versionWidth};
	if (isTooSmall) {
		return {isTooSmall, width, height, columns: [], tableWidth: 0, tableRows: 0};
	}

	if (!input.detailOpen) {
		return {isTooSmall, width, height, columns: fitColumns(width, fit), tableWidth: width, tableRows: Math.max(0, body - tableTitleLines)};
	}

	if (width >= 120) {
		const paneWidth = Math.min(90, Math.max(50, Math.floor(width * 0.42)));
		const tableWidth = width - paneWidth - 1;
		return {
			isTooSmall,
			width,
			height,
			columns: fitColumns(tableWidth, fit),
			tableWidth,
			tableRows: Math.max(0, body - tableTitleLines),
			pane: {width: paneWidth, height: body, placement: 'side'},
		};
	}

	if (body >= 24) {
		const tableRows = Math.max(3, Math.floor(body * 0.3));
		return {
			isTooSmall,
			width,
			height,
			columns: fitColumns(width, fit),
			tableWidth: width,
			tableRows,
			pane: {width, height: body - tableTitleLines - tableRows, placement: 'below'},
		};
	}

	return {isTooSmall, width, height, columns: [], tableWidth: 0, tableRows: 0, pane: {width, height: body, placement: 'full'}};
}
