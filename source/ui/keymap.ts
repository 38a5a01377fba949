import type {Key} from 'ink';

/** What the screen is doing; decides which bindings apply. */
export type Mode = 'table' | 'detail' | 'filter' | 'help' | 'events' | 'mark';

/** Modes with a one-line text prompt: keys the mode does not bind are typed into it. */
export const promptModes: readonly Mode[] = ['filter', 'mark'];

export function isPromptMode(mode: Mode): boolean {
	return promptModes.includes(mode);
}

export type Command =
	| 'down'
	| 'up'
	| 'top'
	| 'bottom'
	| 'pageDown'
	| 'pageUp'
	| 'scrollDown'
	| 'scrollUp'
	| 'open'
	| 'close'
	| 'filter'
	| 'acceptFilter'
	| 'clearFilter'
	| 'sort'
	| 'problems'
	| 'fold'
	| 'pause'
	| 'recheck'
	| 'recheckAll'
	| 'mark'
	| 'markCheck'
	| 'copy'
	| 'copyRunbook'
	| 'acceptMark'
	| 'cancelMark'
	| 'events'
	| 'help'
	| 'suspend'
	| 'quit';

/**
 * Key names: a printable character as typed (`j`, `R`, `?`), or one of the named keys
 * `up down pageup pagedown home end enter escape tab space backspace ctrl+c ctrl+d ctrl+u ctrl+z`.
 */
export type Binding = {
	readonly command: Command;
	readonly keys: readonly string[];
	readonly help: string;
	readonly modes: readonly Mode[];
	/** A short label for the footer; bindings without one are listed only in help. */
	readonly hint?: string;
};

/**
 * `f`'s one name: its hint, the status line's label while it holds, the help and README all say it, where they
 * said "problems", "not up only" and "only checks that are not up" for the same thing.
 */
export const notUpOnly = 'not up only';

const browsing: readonly Mode[] = ['table', 'detail'];
/** Movement keys also scroll the events list and the help overlay. */
const moving: readonly Mode[] = ['table', 'detail', 'events', 'help'];

export const keymap: readonly Binding[] = [
	{command: 'down', keys: ['j', 'down'], help: 'next check (events: older)', modes: moving},
	{command: 'up', keys: ['k', 'up'], help: 'previous check (events: newer)', modes: moving},
	{command: 'top', keys: ['g', 'home'], help: 'first check', modes: moving},
	{command: 'bottom', keys: ['G', 'end'], help: 'last check', modes: moving},
	{command: 'pageDown', keys: ['pagedown'], help: 'page down (details: scroll them a page)', modes: moving},
	{command: 'pageUp', keys: ['pageup'], help: 'page up (details: scroll them a page)', modes: moving},
	// In the events list, which has no pane of its own to scroll, half a list, as they scroll half the help.
	{command: 'scrollDown', keys: ['J', 'ctrl+d'], help: 'scroll details down (events: half a list)', modes: ['detail', 'help', 'events']},
	{command: 'scrollUp', keys: ['K', 'ctrl+u'], help: 'scroll details up (events: half a list)', modes: ['detail', 'help', 'events']},
	// In the events list the footer shows its hint (`go to check`) only on an event of one check (Footer's canGoToCheck).
	{command: 'open', keys: ['enter'], help: 'open details / fold group (events: its check)', modes: ['table', 'events'], hint: 'details'},
	{command: 'close', keys: ['escape'], help: 'close details / help / events, clear filter', modes: ['table', 'detail', 'help', 'events'], hint: 'back'},
	{command: 'filter', keys: ['/'], help: 'filter by name, group, owner', modes: browsing, hint: 'filter'},
	{command: 'acceptFilter', keys: ['enter'], help: 'keep filter, back to the table', modes: ['filter'], hint: 'keep'},
	{command: 'clearFilter', keys: ['escape'], help: 'clear filter', modes: ['filter'], hint: 'clear'},
	{command: 'sort', keys: ['s'], help: 'cycle sort: severity, name, latency, group', modes: browsing, hint: 'sort'},
	{command: 'fold', keys: ['tab', 'space'], help: 'fold / unfold group', modes: ['table']},
	{command: 'pause', keys: ['p'], help: 'pause / resume probing', modes: browsing, hint: 'pause'},
	{command: 'recheck', keys: ['r'], help: 'recheck selected now', modes: browsing, hint: 'recheck'},
	{command: 'recheckAll', keys: ['R'], help: 'recheck all now', modes: browsing},
	{command: 'mark', keys: ['m'], help: 'add a deploy marker, with an optional note', modes: ['table', 'detail', 'events']},
	{command: 'markCheck', keys: ['M'], help: 'marker for this check only', modes: ['table', 'detail']},
	// y: the key lazygit and k9s copy with. Hinted only over the details (status-hints.ts), where the command is shown.
	{command: 'copy', keys: ['y'], help: 'copy the check\'s by hand command (OSC 52)', modes: ['table', 'detail'], hint: 'copy'},
	// u, for the runbook's URL: wrapped over the pane's lines, it can no longer be clicked or copied with the mouse.
	{command: 'copyRunbook', keys: ['u'], help: 'copy the check\'s runbook (OSC 52)', modes: ['table', 'detail']},
	{command: 'events', keys: ['e'], help: 'events: deploy markers and state changes', modes: ['table', 'detail', 'events'], hint: 'events'},
	{command: 'problems', keys: ['f'], help: `${notUpOnly}: the checks not up / every check`, modes: browsing, hint: notUpOnly},
	{command: 'acceptMark', keys: ['enter'], help: 'add the marker with this note', modes: ['mark']},
	{command: 'cancelMark', keys: ['escape'], help: 'cancel the marker', modes: ['mark']},
	{command: 'help', keys: ['?'], help: 'help', modes: ['table', 'detail', 'help', 'events'], hint: 'help'},
	{command: 'suspend', keys: ['ctrl+z'], help: 'suspend to the shell (fg brings uptop back)', modes: ['table', 'detail', 'help', 'events', 'filter', 'mark']},
	{command: 'quit', keys: ['q', 'ctrl+c'], help: 'quit', modes: ['table', 'detail', 'help', 'events'], hint: 'quit'},
	{command: 'quit', keys: ['ctrl+c'], help: 'quit', modes: ['filter', 'mark']},
];

/** Turns Ink's parsed key into a key name of the table (undefined for keys the table cannot name). */
export function keyName(input: string, key: Key): string | undefined {
	if (key.ctrl && (input === 'c' || input === 'd' || input === 'u' || input === 'z')) {
		return `ctrl+${input}`;
	}

	if (key.upArrow) {
		return 'up';
	}

	if (key.downArrow) {
		return 'down';
	}

	if (key.pageUp) {
		return 'pageup';
	}

	if (key.pageDown) {
		return 'pagedown';
	}

	if (key.home) {
		return 'home';
	}

	if (key.end) {
		return 'end';
	}

	if (key.return) {
		return 'enter';
	}

	if (key.escape) {
		return 'escape';
	}

	if (key.tab) {
		return 'tab';
	}

	if (key.backspace || key.delete) {
		return 'backspace';
	}

	if (key.ctrl || key.meta) {
		return undefined;
	}

	if (input === ' ') {
		return 'space';
	}

	return input.length === 1 ? input : undefined;
}

/**
 * Characters of a multi-key chunk that name a key. Ink reports a lone ctrl-d as `d` with `ctrl`, but keys that
 * arrive together (typed fast, or over a slow SSH link) as their raw characters: `jJ\u0004`, `\u0004\u0004`.
 */
const chunkKeys: Readonly<Record<string, string>> = {
	'\r': 'enter',
	'\n': 'enter',
	'\t': 'tab',
	' ': 'space',
	'\u007F': 'backspace',
	'\b': 'backspace',
	'\u0003': 'ctrl+c',
	'\u0004': 'ctrl+d',
	'\u0015': 'ctrl+u',
	'\u001A': 'ctrl+z',
};

/**
 * Key names for one chunk of input. Keys typed faster than the terminal is read (or sent by a script)
 * arrive as one string such as `j\r`; Ink hands that over whole, so split it into single keys.
 */
export function keyNames(input: string, key: Key, isTyping = false): string[] {
	// Alt given in the sequence's parameters, as xterm, VTE, kitty, iTerm2 and tmux send alt-down ("\u001B[1;3B"),
	// is a real alt-key: no terminal sends esc and a key that way (Ink marks the keys it read from such parameters
	// with an eventType). uptop binds no alt-key, so an alt-arrow, PgUp, PgDn, Home or End does what the key does,
	// as ctrl-down already did, rather than close the details first. The other form, esc before the key
	// ("\u001B\u001B[B"), stays esc and the key: it is also what a real esc and an arrow pressed together look like
	// (tmux passes them on so within its escape-time), and only a few terminals send alt-keys that way.
	if (key.meta && key.eventType !== undefined) {
		const plain = keyName(input, {...key, meta: false});
		return plain !== undefined && input === '' ? [plain] : [];
	}

	// Esc and a key typed at once arrive as one alt-key ("\u001Bq" is alt-q): a terminal cannot tell them apart,
	// and uptop binds no alt-key, so it is read as the two keys a person pressed. That goes for esc twice
	// ("\u001B\u001B": tmux passes two presses within its escape-time on as one) and for esc and a named key, an
	// arrow, tab or backspace, which Ink reports with no input text. Not while text is typed into a prompt:
	// there alt-f and alt-b are a shell's word moves, and esc would drop the text typed so far.
	// A control key too: esc then ctrl-d ("\u001B\u0004") scrolled the details it should have closed. And esc with a
	// key uptop has no name for (left, F1) is still esc.
	if (key.meta && !isTyping) {
		if (key.escape) return ['escape', 'escape'];
		if (key.return) return ['escape', 'enter'];
		const rest = input.length <= 1 ? keyName(input, {...key, meta: false}) : undefined;
		return rest === undefined ? ['escape'] : ['escape', rest];
	}

	const single = keyName(input, key);
	if (single !== undefined || input.length <= 1 || key.ctrl || key.meta) {
		return single === undefined ? [] : [single];
	}

	return [...input].map(character => chunkKeys[character] ?? character);
}

export function commandFor(mode: Mode, name: string | undefined): Command | undefined {
	if (name === undefined) {
		return undefined;
	}

	return keymap.find(binding => binding.modes.includes(mode) && binding.keys.includes(name))?.command;
}

/** The keys bound to `command` in `mode`, in keymap order (empty when the mode does not bind it). */
export function keysFor(command: Command, mode: Mode): readonly string[] {
	return keymap.filter(binding => binding.command === command && binding.modes.includes(mode)).flatMap(binding => binding.keys);
}

/** How to scroll, for a pane's status line: the first key of each command, as the help lists them ("j/J"). */
export function scrollKeys(mode: Mode, commands: readonly Command[], isAscii = false): string {
	return formatKeys(commands.map(command => keysFor(command, mode)[0]).filter(key => key !== undefined), isAscii);
}

/**
 * The keys a pane's status line names to scroll it `way`, longest form first: the detail pane's J/ctrl-d (its
 * keys, as it has no other use for j/k), the help's j/J; then PgDn, which pages either. The caller shows the
 * first form that fits its line, so a narrow pane says the keys it had before.
 */
export function paneScrollKeys(mode: 'detail' | 'help', way: 'down' | 'up', isAscii = false): readonly [string, string] {
	const [line, half, page] = way === 'down' ? ['down', 'scrollDown', 'pageDown'] as const : ['up', 'scrollUp', 'pageUp'] as const;
	const keys = mode === 'detail' ? keysFor(half, mode) : [line, half].map(command => keysFor(command, mode)[0]).filter(key => key !== undefined);
	return [formatKeys([...keys, ...keysFor(page, mode).slice(0, 1)], isAscii), formatKeys(keys, isAscii)];
}

const keyLabels: Readonly<Record<string, string>> = {
	up: '↑',
	down: '↓',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	enter: 'enter',
	escape: 'esc',
	tab: 'tab',
	space: 'space',
	'ctrl+c': 'ctrl-c',
	'ctrl+d': 'ctrl-d',
	'ctrl+u': 'ctrl-u',
	'ctrl+z': 'ctrl-z',
};

const asciiKeyLabels: Readonly<Record<string, string>> = {up: 'up', down: 'down'};

export function formatKeys(keys: readonly string[], isAscii = false): string {
	return keys.map(key => (isAscii ? asciiKeyLabels[key] : undefined) ?? keyLabels[key] ?? key).join('/');
}

const modeTitles: Readonly<Record<Mode, string>> = {
	table: 'Table',
	detail: 'Detail pane',
	filter: 'While filtering',
	help: 'Help',
	events: 'Events list',
	mark: 'While typing a marker note',
};

/**
 * The keys section of `--help`: one line per binding, in the sections the `?` overlay has (the keys outside a
 * prompt, then each prompt's own, ctrl-z and ctrl-c in each), with plain ASCII key names so it reads the same in
 * any terminal. Grouped by a binding's first mode, the marker prompt lost ctrl-c and both prompts ctrl-z, which
 * the overlay lists under them.
 */
export function keymapHelpLines(isAscii = true): string[] {
	const lines: string[] = [];
	for (const mode of ['table', 'filter', 'mark'] as const) {
		const bindings = keymap.filter(binding => (isPromptMode(mode) ? binding.modes.includes(mode) : binding.modes.some(bound => !isPromptMode(bound))));
		if (bindings.length === 0) {
			continue;
		}

		lines.push(mode === 'table' ? 'Keys' : modeTitles[mode]);
		for (const binding of bindings) {
			lines.push(`  ${formatKeys(binding.keys, isAscii).padEnd(16)} ${binding.help}`);
		}
	}

	return lines;
}
