import type {Segment} from '../components/Line.js';
import {formatKeys, isPromptMode, keymap, type Mode} from '../keymap.js';
import type {Theme} from '../theme.js';
import {displayWidth, fit, wrapText} from '../text.js';

const sections: ReadonlyArray<{readonly title: string; readonly mode: Mode}> = [
	{title: 'keys', mode: 'table'},
	{title: 'while typing a filter', mode: 'filter'},
	{title: 'while typing a marker note', mode: 'mark'},
];

export type HelpLayoutOptions = {readonly width: number; readonly height: number; readonly theme: Theme};

type Entry = {readonly keys: string; readonly help: string};
type Section = {readonly title: string; readonly entries: readonly Entry[]};

function helpSections(theme: Theme): Section[] {
	return sections.map(section => ({
		title: section.title,
		// Prompt sections list the prompt's own bindings; the keys section lists every binding used outside prompts.
		entries: keymap
			.filter(binding => (isPromptMode(section.mode) ? binding.modes.includes(section.mode) : binding.modes.some(mode => !isPromptMode(mode))))
			.map(binding => ({keys: formatKeys(binding.keys, theme.isAscii), help: binding.help})),
	}));
}

/** Blank cells before a key, and between the keys and their description or between two columns. */
const indent = 2;
const gap = 2;

const lineCount = (list: readonly Section[]) => list.reduce((sum, section) => sum + 1 + section.entries.length, 0);

/** The cells a column needs to show its every description whole on one line. */
function widthFor(list: readonly Section[], keyWidth: number): number {
	return Math.max(0, ...list.flatMap(section => [displayWidth(section.title), ...section.entries.map(entry => keyWidth + displayWidth(entry.help))]));
}

/** A section's heading and bindings in a column `width` wide; a description too long for it wraps under itself. */
function sectionLines(section: Section, width: number, keyWidth: number, theme: Theme): Segment[][] {
	const lines: Segment[][] = [[{text: fit(section.title, width, theme.ellipsis), colour: theme.role('accent'), isBold: true}]];
	const room = Math.max(1, width - keyWidth);
	for (const entry of section.entries) {
		const parts = wrapText(entry.help, room, displayWidth(entry.help), theme.ellipsis);
		for (const [index, part] of parts.entries()) {
			lines.push([
				{text: fit(index === 0 ? `${' '.repeat(indent)}${entry.keys}` : '', keyWidth, theme.ellipsis), isBold: true},
				{text: fit(part, Math.max(0, width - keyWidth), theme.ellipsis)},
			]);
		}
	}

	return lines;
}

/**
 * Where the sections split into two columns that both fit the height, with every description whole and the
 * columns apart: the split with the shorter taller column. Sections stay whole, each under its own heading.
 */
function splitInTwo(list: readonly Section[], width: number, height: number, keyWidth: number): [Section[], Section[]] | undefined {
	let best: [Section[], Section[]] | undefined;
	for (let at = 1; at < list.length; at++) {
		const split: [Section[], Section[]] = [list.slice(0, at), list.slice(at)];
		const tallest = Math.max(lineCount(split[0]), lineCount(split[1]));
		const fits = tallest <= height && widthFor(split[0], keyWidth) + gap + widthFor(split[1], keyWidth) <= width;
		if (fits && (best === undefined || tallest < Math.max(lineCount(best[0]), lineCount(best[1])))) best = split;
	}

	return best;
}

function besideEachOther(left: readonly Section[], right: readonly Section[], width: number, keyWidth: number, theme: Theme): Segment[][] {
	const leftWidth = widthFor(left, keyWidth);
	const rightWidth = width - leftWidth - gap;
	const leftLines = left.flatMap(section => sectionLines(section, leftWidth, keyWidth, theme));
	const rightLines = right.flatMap(section => sectionLines(section, rightWidth, keyWidth, theme));
	return Array.from({length: Math.max(leftLines.length, rightLines.length)}, (_, row) => [
		...(leftLines[row] ?? [{text: ' '.repeat(leftWidth)}]),
		{text: ' '.repeat(gap)},
		...(rightLines[row] ?? [{text: ' '.repeat(rightWidth)}]),
	]);
}

/**
 * Every binding, drawn from the keymap: in two columns when one does not fit the height and two fit with every
 * description whole, else in one column that scrolls, descriptions wrapped where the width is short.
 */
export function helpLines({width, height, theme}: HelpLayoutOptions): Segment[][] {
	const list = helpSections(theme);
	const keyWidth = indent + Math.max(...list.flatMap(section => section.entries.map(entry => displayWidth(entry.keys)))) + gap;
	const split = lineCount(list) > height ? splitInTwo(list, width, height, keyWidth) : undefined;
	return split === undefined
		? list.flatMap(section => sectionLines(section, width, keyWidth, theme))
		: besideEachOther(split[0], split[1], width, keyWidth, theme);
}
