import {describe, expect, it} from 'vitest';
import {commandFor, formatKeys, keymap, keymapHelpLines, keysFor, paneScrollKeys, scrollKeys, type Command, type Mode} from '../../source/ui/keymap.js';

const modes: Mode[] = ['table', 'detail', 'filter', 'help', 'events', 'mark'];
const commands: Command[] = [
	'down', 'up', 'top', 'bottom', 'pageDown', 'pageUp', 'scrollDown', 'scrollUp', 'open', 'close', 'filter', 'acceptFilter', 'clearFilter',
	'sort', 'problems', 'fold', 'pause', 'recheck', 'recheckAll', 'mark', 'markCheck', 'copy', 'copyRunbook', 'acceptMark', 'cancelMark', 'events', 'help', 'suspend', 'quit',
];

describe('keymap', () => {
	it('gives every binding help text', () => {
		for (const binding of keymap) {
			expect(binding.help.trim(), binding.command).not.toBe('');
		}
	});

	it('binds every command', () => {
		expect(new Set(keymap.map(binding => binding.command))).toEqual(new Set(commands));
	});

	it.each(modes)('binds no key twice in %s mode', mode => {
		const seen = new Map<string, string>();
		for (const binding of keymap.filter(candidate => candidate.modes.includes(mode))) {
			for (const key of binding.keys) {
				expect(seen.get(key), `${key} in ${mode}`).toBeUndefined();
				seen.set(key, binding.command);
			}
		}
	});

	it.each([
		['table', 'j', 'down'], ['table', 'down', 'down'], ['table', 'k', 'up'], ['table', 'up', 'up'],
		['table', 'g', 'top'], ['table', 'G', 'bottom'], ['table', 'pagedown', 'pageDown'], ['table', 'pageup', 'pageUp'],
		['table', 'enter', 'open'], ['detail', 'escape', 'close'], ['table', '/', 'filter'], ['table', 's', 'sort'], ['table', 'f', 'problems'], ['detail', 'f', 'problems'],
		['table', 'tab', 'fold'], ['table', 'space', 'fold'], ['table', 'p', 'pause'], ['detail', 'r', 'recheck'],
		['table', 'R', 'recheckAll'], ['table', 'm', 'mark'], ['table', '?', 'help'], ['help', '?', 'help'],
		['table', 'q', 'quit'], ['table', 'ctrl+c', 'quit'], ['filter', 'ctrl+c', 'quit'], ['filter', 'enter', 'acceptFilter'],
		['filter', 'escape', 'clearFilter'], ['table', 'e', 'events'], ['detail', 'e', 'events'], ['events', 'e', 'events'],
		['events', 'escape', 'close'], ['events', '?', 'help'], ['events', 'q', 'quit'], ['events', 'm', 'mark'],
		['mark', 'enter', 'acceptMark'], ['mark', 'escape', 'cancelMark'], ['mark', 'ctrl+c', 'quit'],
		['detail', 'J', 'scrollDown'], ['detail', 'ctrl+d', 'scrollDown'], ['detail', 'K', 'scrollUp'], ['detail', 'ctrl+u', 'scrollUp'],
		['table', 'M', 'markCheck'], ['detail', 'M', 'markCheck'], ['table', 'y', 'copy'], ['table', 'u', 'copyRunbook'], ['detail', 'u', 'copyRunbook'],
		['help', 'J', 'scrollDown'], ['help', 'j', 'down'], ['help', 'pagedown', 'pageDown'], ['help', 'g', 'top'],
		['table', 'ctrl+z', 'suspend'], ['detail', 'ctrl+z', 'suspend'], ['filter', 'ctrl+z', 'suspend'], ['mark', 'ctrl+z', 'suspend'],
	] as Array<[Mode, string, Command]>)('in %s mode, %s means %s', (mode, key, command) => {
		expect(commandFor(mode, key)).toBe(command);
	});

	it('leaves letters to the filter text while filtering', () => {
		for (const key of ['q', 'j', 'k', 's', 'p', 'r', '/', '?', 'space']) {
			expect(commandFor('filter', key)).toBeUndefined();
		}
	});

	it('leaves letters to the marker note while typing one', () => {
		for (const key of ['q', 'j', 'k', 's', 'p', 'r', 'm', 'e', '/', '?', 'space']) {
			expect(commandFor('mark', key)).toBeUndefined();
		}
	});

	it('lists the marker prompt keys under their own title in the --help lines', () => {
		const lines = keymapHelpLines();
		const start = lines.indexOf('While typing a marker note');
		expect(start).toBeGreaterThan(0);
		expect(lines.slice(start + 1).join('\n')).toContain('add the marker with this note');
		expect(lines.join('\n')).toMatch(/ {2}e +events: deploy markers and state changes/);
	});

	it('lists under each prompt in the --help lines every key the ? overlay lists there: ctrl-z and ctrl-c too', () => {
		const lines = keymapHelpLines();
		const section = (title: string) => {
			const start = lines.indexOf(title);
			const end = lines.findIndex((line, index) => index > start && !line.startsWith(' '));
			return lines.slice(start + 1, end === -1 ? undefined : end);
		};

		for (const [title, mode] of [['While filtering', 'filter'], ['While typing a marker note', 'mark']] as const) {
			const listed = section(title).map(line => line.trim().split(/ {2,}/));
			const bound = keymap.filter(binding => binding.modes.includes(mode)).map(binding => [formatKeys(binding.keys, true), binding.help]);
			expect(listed, title).toEqual(bound);
			expect(listed.map(([keys]) => keys), title).toEqual(expect.arrayContaining(['ctrl-c', 'ctrl-z']));
		}
	});

	it('lists every binding in the --help lines, in plain ASCII', () => {
		const lines = keymapHelpLines();
		const text = lines.join('\n');
		for (const binding of keymap) {
			expect(text).toContain(binding.help);
		}

		expect(text).toMatch(/^[\u0020-\u007E\n]+$/);
		expect(text).toContain('q/ctrl-c');
	});

	it('names the scroll keys of a pane from the bindings, so a status line follows the keymap', () => {
		expect(keysFor('scrollDown', 'detail')).toEqual(['J', 'ctrl+d']);
		expect(keysFor('scrollDown', 'table')).toEqual([]);
		expect(scrollKeys('help', ['down', 'scrollDown'])).toBe('j/J');
		expect(scrollKeys('help', ['close'])).toBe('esc');
		// A pane's status line: its scroll keys and PgDn/PgUp, which page it, or without them where they do not fit.
		expect(paneScrollKeys('detail', 'down')).toEqual(['J/ctrl-d/PgDn', 'J/ctrl-d']);
		expect(paneScrollKeys('detail', 'up')).toEqual(['K/ctrl-u/PgUp', 'K/ctrl-u']);
		expect(paneScrollKeys('help', 'down')).toEqual(['j/J/PgDn', 'j/J']);
		for (const [command, mode] of [['scrollDown', 'detail'], ['scrollUp', 'detail'], ['down', 'help'], ['close', 'help']] as const) {
			for (const key of keysFor(command, mode)) expect(commandFor(mode, key)).toBe(command);
		}
	});
});
