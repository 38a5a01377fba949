import {checkTarget} from '../config/check-target.js';
import type {CheckView, State} from '../monitor/types.js';
import {clean, cleanLines, noteCharacters, truncate, wrapText} from '../ui/text.js';
import {describeResult, padEnd, rowName} from './format.js';
import {excerptParts} from './result-excerpt.js';

const followUpOrder: readonly State[] = ['failing', 'unknown', 'warn', 'slow'];

/** Lines of a body excerpt that the follow-up shows, each cut to the table's width. */
const bodyLines = 3;

/** Lines a note of the probe's may wrap to: a redirect's Location can be long, and why it was not followed ends it. */
const noteLinesShown = 3;

/** Cells a labelled value is never cut below, whatever the width: a terminal narrower than 40 columns wraps. */
const leastValueCells = 16;

const facts = ['owner', 'runbook', 'rollback'] as const;

/**
 * What came back beyond the summary and the reason, as the detail pane shows it: a 503's body often names the
 * cause ("database connection refused") where the table only says "status 503, expected 200".
 */
/**
 * What the probe noted beside its reason ("redirect not followed: Location … is no http or https URL", "body is
 * gzip-encoded and was not decoded", where a redirect led): the reason alone, "status 302, expected 2xx", leaves
 * the person on call to guess. Sanitized here too: a note is text of the target's, whichever probe wrote it.
 */
function noteSteps(row: CheckView, valueCells: number): string[] {
	return (row.last?.notes ?? []).flatMap(note => wrapText(clean(note, 600), valueCells, noteLinesShown));
}

function bodyExcerpt(row: CheckView, valueCells: number): string[] {
	if (row.last === undefined) return [];
	return excerptParts(row.last).slice(0, bodyLines).map(part => truncate(part, valueCells));
}

/**
 * Cells a value has after `indent` and its label (9 cells and a space) in a line of `columns`: the table's width
 * (the terminal's, 120 in a file or pipe), so the follow-up's lines end where its rows do.
 */
function valueCellsIn(columns: number, indent: string): number {
	return Math.max(leastValueCells, columns - indent.length - 10);
}

/** `  label     value`, a note's further steps under its first, all `indent` in. */
function labelled(indent: string, label: string, steps: readonly string[]): string[] {
	const [first = '', ...more] = steps;
	return [`${indent}${padEnd(label, 9)} ${first}`, ...more.map(line => `${indent}${' '.repeat(10)}${line}`)];
}

function factLines(row: CheckView, indent: string): string[] {
	// Sanitized as the screen's notes are: a zero-width space or a bidi override, which the config allows in a
	// rollback or runbook (prose), shows as `<U+200B>` rather than ride along, unseen, in a pasted command.
	// Not wrapped here, unlike the reason: a step is often a command, and a line break written into it would run
	// half of it when pasted; a terminal's own wrap is copied as one line.
	return facts.flatMap(label => (row.check[label] === undefined ? [] : labelled(indent, label, cleanLines(row.check[label], noteCharacters))));
}

/**
 * What is a check's own: the whole reason when the table had to cut it, what came back and what it probes (the
 * display copy of the check: secrets as ••••).
 */
function ownLines(row: CheckView, indent: string, cut: CutRows): string[] {
	const valueCells = valueCellsIn(cut.columns, indent);
	const body = bodyExcerpt(row, valueCells);
	// Wrapped under its label, as a rollback's steps are: a terminal would wrap it to its first column.
	const reason = cut.ids.has(row.id) ? wrapText(clean(describeResult(row), 600), valueCells, 8) : [];
	const notes = noteSteps(row, valueCells);
	return [
		...(reason.length === 0 ? [] : labelled(indent, 'reason', reason)),
		...(notes.length === 0 ? [] : labelled(indent, 'notes', notes)),
		...(body.length === 0 ? [] : labelled(indent, 'body', body)),
		...labelled(indent, 'target', [clean(checkTarget(row.check), 600)]),
	];
}

/** "owner", "owner and runbook", "owner, runbook and rollback": the facts a check has. */
function factNames(row: CheckView): string {
	const names = facts.filter(label => row.check[label] !== undefined);
	return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * After the table, for each check that is not up and has someone or something to turn to, who owns it, the
 * runbook, the rollback note, what came back (the body) and what it probes: what the live screen's detail pane
 * tells the person on call, in a CI log or a cron mail too. Worst first; nothing when every check is up. A check
 * whose reason the table cut to its width (`cut`) is here too, with the whole reason, and so is one whose probe
 * noted something beside its reason (why a redirect was not followed), with its notes.
 *
 * When a shared dependency goes down, most checks fail at once and often share their owner, runbook and
 * rollback (from `defaults:` or their group): those are said once, above each check's own lines, instead of
 * once per check. Blocks keep the order of their worst check, and checks within a block stay worst first.
 */
/** The rows whose reason the table cut to fit `columns`, by id: the follow-up gives them whole, wrapped to `columns`. */
export type CutRows = {readonly ids: ReadonlySet<string>; readonly columns: number};

export function followUp(rows: readonly CheckView[], cut: CutRows = {ids: new Set(), columns: 80}): string[] {
	const blocks = new Map<string, CheckView[]>();
	for (const state of followUpOrder) {
		for (const row of rows) {
			const hasFacts = facts.some(label => row.check[label] !== undefined);
			// A check with none of the facts is here only for the reason its row cut or its probe's notes: a block of its own.
			if (row.state !== state || (!hasFacts && !cut.ids.has(row.id) && (row.last?.notes ?? []).length === 0)) continue;
			const key = hasFacts ? JSON.stringify(facts.map(label => row.check[label] ?? null)) : `row ${row.id}`;
			blocks.set(key, [...(blocks.get(key) ?? []), row]);
		}
	}

	const lines: string[] = [];
	for (const members of blocks.values()) {
		const [first] = members as [CheckView, ...CheckView[]];
		if (members.length === 1) {
			lines.push('', `${padEnd(first.state, 8)} ${rowName(first)}`, ...factLines(first, '  '), ...ownLines(first, '  ', cut));
			continue;
		}

		lines.push('', `${members.length} checks share this ${factNames(first)}:`, ...factLines(first, '  '));
		for (const row of members) {
			lines.push(`  ${padEnd(row.state, 8)} ${rowName(row)}`, ...ownLines(row, '    ', cut));
		}
	}

	return lines;
}
