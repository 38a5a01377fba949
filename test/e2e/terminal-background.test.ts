import http from 'node:http';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSlowAndUpFleet} from '../helpers/slow-and-up-fleet.js';
import {hasScript, ScriptTerminal} from '../helpers/script-terminal.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, testStateHome, uptopBinary} from '../helpers/tmux.js';

const isTerminalMissing = !hasTmux() || !hasScript();
if (isTerminalMissing && process.env.CI === 'true') {
	throw new Error('tmux and script (util-linux) are required for the end-to-end tests in CI');
}

const query = '\u001B]11;?\u001B\\\u001B[c';
const whiteAnswer = '\u001B]11;rgb:ffff/ffff/ffff\u001B\\';
const deviceAttributesAnswer = '\u001B[?1;2c';
// The light palette's slow (dark amber) and accent (deep cyan) in a 256-colour terminal, and the dark one's.
const lightSlow = '\u001B[38;5;94m';
const lightAccent = '\u001B[38;5;31m';
// eslint-disable-next-line no-control-regex
const yellowOrCyan = /\u001B\[(?:\d+;)*(?:33|36)m/;
/** A line of the help overlay only: the '?' key acted. */
const helpLine = 'cycle sort: severity, name, latency, group';
/** Both checks have a result. */
const isTableUp = (text: string): boolean => /slow\s+search api/.test(text) && /up\s+orders api/.test(text);

it('says in --help that --theme auto asks the terminal', async () => {
	const help = await runCli(['--help']);
	expect(help.stdout).toMatch(/as COLORFGBG says, else as the terminal answers when asked for its\s+background colour, else dark/);
});

describe.skipIf(isTerminalMissing)('--theme auto asks the terminal for its background (OSC 11)', () => {
	let server: http.Server;
	let directory: string;
	const panes: TmuxPane[] = [];
	const terminals: ScriptTerminal[] = [];

	beforeAll(async () => {
		requireBuild();
		({server, directory} = await startSlowAndUpFleet('uptop-background-'));
	});

	afterAll(() => {
		for (const pane of panes) pane.kill();
		for (const terminal of terminals) terminal.kill();
		server?.close();
	});

	describe('in tmux, which answers OSC 11 with a pane background set', () => {
		let runs = 0;

		/**
		 * uptop in a pane whose background is `background` before uptop starts (it waits for a file), with every
		 * byte it writes to the terminal recorded. CI unset: under it Ink draws no colour.
		 */
		async function startInPane(background: string | undefined, args = '', env: Record<string, string> = {}, typeAtStart?: string): Promise<{pane: TmuxPane; bytesFile: string}> {
			runs += 1;
			const go = path.join(directory, `go-${runs}`);
			const bytesFile = path.join(directory, `bytes-${runs}`);
			const script = `while [ ! -e ${shellQuote(go)} ]; do sleep 0.02; done; exec ${nodeBinary} ${uptopBinary} --no-history ${args} checks.yaml`;
			const pane = TmuxPane.start(`sh -c ${shellQuote(script)}`, {cwd: directory, env, unset: ['CI', 'UPTOP_THEME', 'COLORFGBG', 'NO_COLOR']});
			panes.push(pane);
			if (background !== undefined) pane.tmux(['set-option', '-g', 'window-style', `bg=${background}`]);
			pane.pipeTo(bytesFile);
			writeFileSync(go, '');
			if (typeAtStart !== undefined) pane.sendKeys(typeAtStart);
			return {pane, bytesFile};
		}

		async function styledScreen(background: string | undefined, args = '', env: Record<string, string> = {}): Promise<{screen: string; bytes: string}> {
			const {pane, bytesFile} = await startInPane(background, args, env);
			await pane.waitFor(isTableUp);
			const screen = pane.tmux(['capture-pane', '-p', '-e', '-t', '0']);
			pane.sendKeys('q');
			return {screen, bytes: existsSync(bytesFile) ? readFileSync(bytesFile, 'latin1') : ''};
		}

		it('draws the light palette on a white pane', async () => {
			const {screen, bytes} = await styledScreen('#ffffff');
			expect(bytes.startsWith(query)).toBe(true);
			expect(screen).toContain(lightSlow);
			expect(screen).toContain(lightAccent);
			expect(screen).not.toMatch(yellowOrCyan);
		});

		it('keeps the dark palette on a black pane', async () => {
			const {screen, bytes} = await styledScreen('#000000');
			expect(bytes.startsWith(query)).toBe(true);
			expect(screen).toMatch(yellowOrCyan);
			expect(screen).not.toContain(lightSlow);
		});

		it('does not ask when --theme, COLORFGBG or NO_COLOR has decided', async () => {
			const flagged = await styledScreen('#ffffff', '--theme dark');
			expect(flagged.screen).toMatch(yellowOrCyan);
			expect(flagged.bytes).not.toContain('\u001B]11;');
			const colorFgBg = await styledScreen('#ffffff', '', {COLORFGBG: '15;0'});
			expect(colorFgBg.screen).toMatch(yellowOrCyan);
			expect(colorFgBg.bytes).not.toContain('\u001B]11;');
			const noColor = await styledScreen('#ffffff', '', {NO_COLOR: '1'});
			expect(noColor.bytes).not.toContain('\u001B]11;');
		});

		it('acts on a key typed while it starts', async () => {
			const {pane} = await startInPane('#ffffff', '', {}, '?');
			const screen = await pane.waitFor(text => text.includes(helpLine));
			expect(screen).toContain(helpLine);
			pane.sendKeys('q');
		});
	});

	describe('in a terminal that answers when the test says', () => {
		function start(): ScriptTerminal {
			const env: Record<string, string> = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? directory, TERM: 'xterm-256color', LANG: 'C.UTF-8', XDG_STATE_HOME: testStateHome};
			const terminal = ScriptTerminal.start(`${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --no-history checks.yaml`, {cwd: directory, env});
			terminals.push(terminal);
			return terminal;
		}

		it('starts dark within its guard when the terminal answers nothing, and a key typed meanwhile still acts', async () => {
			const terminal = start();
			const askedAt = await terminal.waitFor(output => output.includes(query));
			terminal.type('?');
			const drawnAt = await terminal.waitFor(output => output.includes('orders api'));
			// The guard is 400 ms; the rest is the screen's modules loading on a busy machine.
			expect(drawnAt - askedAt).toBeLessThan(3000);
			await terminal.waitFor(output => output.includes(helpLine));
			terminal.type('q');
			expect(await terminal.exitCode()).toBe(0);
			expect(terminal.output()).not.toContain(lightAccent);
		});

		it('reads an answer that comes with keys typed before it, and hands the keys on', async () => {
			const terminal = start();
			await terminal.waitFor(output => output.includes(query));
			terminal.type(`?${whiteAnswer}${deviceAttributesAnswer}`);
			await terminal.waitFor(output => output.includes(helpLine));
			terminal.type('q');
			expect(await terminal.exitCode()).toBe(0);
			expect(terminal.output()).toContain(lightAccent);
		});

		it.each([
			['raw C1 bytes', '\u009D11;rgb:ffff/ffff/ffff\u009C\u009B?1;2c'],
			['C1 controls in UTF-8', Buffer.from('\u009D11;rgb:ffff/ffff/ffff\u009C\u009B?1;2c', 'utf8').toString('latin1')],
		])('reads an answer in 8-bit form (%s), not as keys', async (_name, answer) => {
			const terminal = start();
			await terminal.waitFor(output => output.includes(query));
			terminal.type(`?${answer}`);
			await terminal.waitFor(output => output.includes(helpLine));
			terminal.type('q');
			expect(await terminal.exitCode()).toBe(0);
			expect(terminal.output()).toContain(lightAccent);
		});

		it('drops an answer that comes after the guard instead of reading it as keys', async () => {
			const terminal = start();
			await terminal.waitFor(output => output.includes(query));
			// The first frame waits for the answer or the guard: from here on an answer is late.
			await terminal.waitFor(output => output.includes('orders api'));
			// The filter prompt takes what is typed: an answer read as keys would show there.
			const pause = async (ms: number): Promise<unknown> => new Promise(resolve => setTimeout(resolve, ms));
			terminal.type('/');
			await pause(300);
			terminal.type(`${whiteAnswer}${deviceAttributesAnswer}`);
			await pause(300);
			// Enter keeps the filter, `?` opens the help: the keys after the answer still act.
			terminal.type('\r');
			await pause(200);
			terminal.type('?');
			await terminal.waitFor(output => output.includes(helpLine));
			const output = terminal.output();
			expect(output).not.toContain('rgb');
			expect(output).not.toContain('ffff');
			expect(output).not.toContain(lightAccent);
			terminal.type('\u0003');
			expect(await terminal.exitCode()).toBe(0);
		});
		it('takes a lone esc pressed after the guard as esc at once, not as the start of a late answer', async () => {
			const pause = async (ms: number): Promise<unknown> => new Promise(resolve => setTimeout(resolve, ms));
			const terminal = start();
			await terminal.waitFor(output => output.includes(query));
			await terminal.waitFor(output => output.includes('orders api'));
			// Well inside the 10 s in which a late answer is still taken out of what is typed.
			terminal.type('?');
			await terminal.waitFor(output => output.includes(helpLine));
			await pause(300);
			const before = terminal.output().length;
			const pressedAt = Date.now();
			terminal.type('\u001B');
			// Esc closes the help: the table is drawn again. Held as an answer's start, it waited for the window's end.
			const closedAt = await terminal.waitFor(output => output.slice(before).includes('orders api'));
			expect(closedAt - pressedAt).toBeLessThan(2000);
			// And an answer that comes late after it is still dropped.
			terminal.type(`${whiteAnswer}${deviceAttributesAnswer}`);
			await pause(300);
			terminal.type('/');
			await pause(200);
			terminal.type('zzz');
			await terminal.waitFor(output => output.includes('no check matches "zzz"'));
			terminal.type('\u0003');
			expect(await terminal.exitCode()).toBe(0);
			expect(terminal.output()).not.toContain('ffff');
			expect(terminal.output()).not.toContain(lightAccent);
		});

		it('drops an answer the guard cut in two, and still hands on the key typed before it', async () => {
			const pause = async (ms: number): Promise<unknown> => new Promise(resolve => setTimeout(resolve, ms));
			const terminal = start();
			await terminal.waitFor(output => output.includes(query));
			// `/` opens the filter prompt before the answer's end comes: read as keys, it would show there.
			terminal.type(`/${whiteAnswer.slice(0, 12)}`);
			await terminal.waitFor(output => output.includes('orders api'));
			await pause(300);
			terminal.type(`${whiteAnswer.slice(12)}${deviceAttributesAnswer}`);
			await pause(300);
			// The prompt took `/` (typed ahead) and takes what follows: the answer's end is not in it.
			terminal.type('zzz');
			await terminal.waitFor(output => output.includes('no check matches "zzz"'));
			terminal.type('\u0003');
			expect(await terminal.exitCode()).toBe(0);
			const output = terminal.output();
			expect(output).not.toContain('ffff');
			expect(output).not.toContain(lightAccent);
		});
	});
});
