import {Box} from 'ink';
import {formatKeys, isPromptMode, keymap, scrollKeys, type Mode} from '../keymap.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {paneWindow} from '../view/pane-scroll.js';
import {Line, type Segment} from './Line.js';

const sections: ReadonlyArray<{readonly title: string; readonly mode: Mode}> = [
	{title: 'keys', mode: 'table'},
	{title: 'while typing a filter', mode: 'filter'},
	{title: 'while typing a marker note', mode: 'mark'},
];

function entries(theme: Theme): Array<{readonly keys: string; readonly help: string} | {readonly title: string}> {
	const list: Array<{readonly keys: string; readonly help: string} | {readonly title: string}> = [];
	for (const section of sections) {
		list.push({title: section.title});
		for (const binding of keymap) {
			// Prompt sections list the prompt's own bindings; the keys section lists every binding used outside prompts.
			const isInSection = isPromptMode(section.mode) ? binding.modes.includes(section.mode) : binding.modes.some(mode => !isPromptMode(mode));
			if (isInSection) {
				list.push({keys: formatKeys(binding.keys, theme.isAscii), help: binding.help});
			}
		}
	}

	return list;
}

type LayoutOptions = {readonly width: number; readonly height: number; readonly theme: Theme};

/**
 * Every binding, drawn from the keymap: in two columns when one does not fit the height and two do, else in
 * one column that scrolls.
 */
export function helpLines({width, height, theme}: LayoutOptions): Segment[][] {
	const all = entries(theme);
	const columnCount = all.length > height && all.length <= 2 * height && width >= 56 ? 2 : 1;
	const columnWidth = Math.floor(width / columnCount);
	// Two columns fill the first to the bottom, as before there was scrolling.
	const perColumn = columnCount === 2 ? height : all.length;
	const keyWidth = columnCount === 2 && columnWidth < 40 ? 12 : 14;
	const render = (entry: (typeof all)[number] | undefined): Segment[] => {
		if (entry === undefined) {
			return [{text: ' '.repeat(columnWidth)}];
		}

		if ('title' in entry) {
			return [{text: fit(entry.title, columnWidth, theme.ellipsis), colour: theme.role('accent'), isBold: true}];
		}

		return [
			{text: fit(`  ${entry.keys}`, keyWidth, theme.ellipsis), isBold: true},
			{text: fit(entry.help, Math.max(0, columnWidth - keyWidth), theme.ellipsis)},
		];
	};

	const lines: Segment[][] = [];
	for (let row = 0; row < perColumn; row++) {
		const segments: Segment[] = [];
		for (let column = 0; column < columnCount; column++) {
			const entry = all[column * perColumn + row];
			if (column > 0 && entry === undefined) {
				continue;
			}

			segments.push(...render(entry));
		}

		lines.push(segments);
	}

	return lines;
}

type Props = LayoutOptions & {
	/** From helpLines. */
	readonly lines: readonly Segment[][];
	/** First line drawn (ViewState.helpOffset). */
	readonly offset: number;
};

export function HelpOverlay({lines, offset, width, height, theme}: Props) {
	const window = paneWindow(lines.length, height, offset);
	const shown = lines.slice(window.start, window.end);
	if (window.hasStatus) {
		const below = lines.length - window.end;
		const how = below > 0 ? `${scrollKeys('help', ['down', 'scrollDown'], theme.isAscii)}: ${below} more below` : `${scrollKeys('help', ['up', 'scrollUp'], theme.isAscii)}: back up`;
		const close = scrollKeys('help', ['close'], theme.isAscii);
		shown.push([{text: fit(`lines ${window.start + 1}-${window.end} of ${lines.length} · ${how} · ${close} closes`, width, theme.ellipsis), colour: theme.role('muted')}]);
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			{shown.map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} segments={segments} theme={theme} />
			))}
		</Box>
	);
}
