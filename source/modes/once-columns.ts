/** Cells of the --once table's columns that do not depend on the rows: STATE (8), LATENCY (9) and four gaps (one before GROUP). */
const fixedCells = 8 + 1 + 1 + 1 + 9 + 1;

/** Cells the DETAIL column is given before anything else gives way, so a reason is not cut to a word or two. */
const wantedDetailWidth = 24;

/** The live table's narrowest name column before its required columns run out of room (ui/layout.ts specs). */
const shortNameWidth = 12;

/** As in the live table: a name never narrower than this, however narrow the terminal. */
const leastNameWidth = 4;

/** The title "GROUP" whole. */
const leastGroupWidth = 5;

/**
 * The DETAIL column's floor: with the name and group at their least, a row is then 40 cells, the narrowest
 * terminal the live screen draws in (ui/layout.ts minimumColumns). Narrower, the rows run over.
 */
const leastDetailWidth = 10;

export type OnceColumnWidths = {readonly name: number; readonly group: number; readonly detail: number};

/**
 * Widths of the --once table's NAME, GROUP and DETAIL columns in a line of `columns` cells, given the widths
 * the names and groups want. When the row does not fit with 24 cells of detail, the name gives way first (to 12
 * cells, as the live table's does), then the group (to its title), then the name again (to 4 cells), then the
 * detail (to 10): a reason cut here is given whole after the table, and a name is what tells the rows apart.
 */
export function fitOnceColumns(columns: number, wanted: {readonly name: number; readonly group: number}): OnceColumnWidths {
	if (wanted.group === 0) {
		// No group at all: no GROUP column, as on the live screen; the cells it and its gap would take at their
		// least go to the name, not to the detail, which has what it would have had beside a group.
		const beside = fitOnceColumns(columns, {name: wanted.name, group: leastGroupWidth});
		const name = Math.min(wanted.name, beside.name + leastGroupWidth + 1);
		return {name, group: 0, detail: Math.max(leastDetailWidth, columns - (fixedCells - 1 + name))};
	}

	let name = wanted.name;
	let group = wanted.group;
	const over = () => fixedCells + name + group + wantedDetailWidth - columns;
	name -= Math.max(0, Math.min(over(), name - shortNameWidth));
	group -= Math.max(0, Math.min(over(), group - leastGroupWidth));
	name -= Math.max(0, Math.min(over(), name - leastNameWidth));
	return {name, group, detail: Math.max(leastDetailWidth, columns - (fixedCells + name + group))};
}
