import {Box} from 'ink';
import {formatKeys, isPromptMode, keymap, type Mode} from '../keymap.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {Line, type Segment} from './Line.js';

type Props = {readonly width: number; readonly height: number; readonly theme: Theme};

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

/** Every binding, drawn from the keymap; in two columns when one does not fit the height. */
export function HelpOverlay({width, height, theme}: Props) {
	const all = entries(theme);
	const columnCount = all.length > height && width >= 56 ? 2 : 1;
	const columnWidth = Math.floor(width / columnCount);
	const perColumn = Math.max(1, height);
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

		if (all[row] !== undefined || segments.length > 0) {
			lines.push(segments);
		}
	}

	const capacity = perColumn * columnCount;
	if (all.length > capacity && lines.length > 0) {
		lines[lines.length - 1] = [{text: fit(`${theme.ellipsis} ${all.length - capacity + 1} more: enlarge the terminal, or see uptop --help`, width, theme.ellipsis), colour: theme.role('muted')}];
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			{lines.slice(0, height).map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} segments={segments} theme={theme} />
			))}
		</Box>
	);
}
