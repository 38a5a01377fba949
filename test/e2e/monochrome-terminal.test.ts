import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

/** A select graphic rendition with a colour in it: 30–37, 39, 90–97 (foreground), 40–49, 100–107, 38;… and 48;…. */
// eslint-disable-next-line no-control-regex
const colourSgr = /\u001B\[(?:[\d;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[\d;]*)?m/;
/** Both checks have a result. */
const isTableUp = (text: string): boolean => /failing\s+broken job/.test(text) && /up\s+fine job/.test(text);

describe.skipIf(!hasTmux())('a terminal without colours (TERM=xterm-mono, vt220)', () => {
	let directory: string;
	const panes: TmuxPane[] = [];
	let runs = 0;

	beforeAll(() => {
		requireBuild();
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-mono-'));
		writeFileSync(path.join(directory, 'checks.yaml'), 'defaults: {interval: 1s, timeout: 900ms}\nchecks:\n  - {name: fine job, kind: command, run: ["true"]}\n  - {name: broken job, kind: command, run: [sh, -c, "exit 2"]}\n');
	});

	afterAll(() => {
		for (const pane of panes) pane.kill();
		rmSync(directory, {recursive: true, force: true});
	});

	/** Every byte uptop wrote to a pane whose TERM is `term`, once both rows have a result. CI unset: under it Ink draws no colour. */
	async function bytesWith(env: Record<string, string>): Promise<{screen: string; bytes: string}> {
		runs++;
		const go = path.join(directory, `go-${runs}`);
		const bytesFile = path.join(directory, `bytes-${runs}`);
		const script = `while [ ! -e ${shellQuote(go)} ]; do sleep 0.02; done; exec ${nodeBinary} ${uptopBinary} --no-history --theme dark checks.yaml`;
		const pane = TmuxPane.start(`sh -c ${shellQuote(script)}`, {cwd: directory, env, unset: ['CI', 'NO_COLOR', 'FORCE_COLOR', 'UPTOP_THEME', 'COLORFGBG']});
		panes.push(pane);
		pane.pipeTo(bytesFile);
		writeFileSync(go, '');
		const screen = await pane.waitFor(isTableUp, 15_000);
		pane.sendKeys('q');
		await pane.waitFor(text => !isTableUp(text));
		return {screen, bytes: existsSync(bytesFile) ? readFileSync(bytesFile, 'latin1') : ''};
	}

	it('draws colours where TERM has them (the control)', async () => {
		const {bytes} = await bytesWith({TERM: 'xterm'});
		expect(bytes).toMatch(colourSgr);
	}, 30_000);

	it.each(['xterm-mono', 'vt220'])('TERM=%s: no colour escapes, the states told by their words and signs', async term => {
		const {screen, bytes} = await bytesWith({TERM: term});
		expect(bytes).not.toMatch(colourSgr);
		expect(screen).toMatch(/✗ failing\s+broken job/);
		expect(screen).toMatch(/> ✗ failing|> ✓ up/);
	}, 30_000);

	it('FORCE_COLOR=1 draws colours on a monochrome TERM all the same: the user said so', async () => {
		const {bytes} = await bytesWith({TERM: 'xterm-mono', FORCE_COLOR: '1'});
		expect(bytes).toMatch(colourSgr);
	}, 30_000);
});
