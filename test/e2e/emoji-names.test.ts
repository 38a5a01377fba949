import http from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

/** Cells the start of a captured line takes in a terminal that draws a code point at a time, as tmux 3.3a does. */
const cellsTo = (line: string, end: number): number => [...line.slice(0, end)].reduce((cells, character) => cells + stringWidth(character), 0);

describe.skipIf(isTmuxMissing)('emoji in names on the live screen in a real terminal', () => {
	let server: http.Server;
	let directory: string;
	let pane: TmuxPane | undefined;

	beforeAll(async () => {
		requireBuild();
		// Every other answer slow: the latency cells change width, so Ink repaints the rows from inside the line.
		let count = 0;
		server = http.createServer((_request, response) => {
			count++;
			setTimeout(() => response.writeHead(200).end('ok'), count % 2 === 0 ? 150 : 0);
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = server.address() as {port: number};
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-e2e-'));
		const names = ['⚠️ legacy api', '❤️ heart', '1️⃣ first', '👍🏽 thumbs api', 'plain'];
		writeFileSync(path.join(directory, 'checks.yaml'), [
			'defaults: {interval: 1s, timeout: 900ms}',
			'checks:',
			...names.flatMap(name => [`  - name: "${name}"`, `    url: http://127.0.0.1:${port}/`, '    owner: "👩‍💻 dev-team 🇯🇵"']),
			'',
		].join('\n'));
	});

	afterAll(() => {
		pane?.kill();
		server?.close();
	});

	it('keeps the header in place and every row\'s columns where they belong while the rows repaint', async () => {
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} checks.yaml`, {cwd: directory, columns: 100, rows: 12});
		await pane.waitFor(text => (text.match(/✓ up/g) ?? []).length === 5);
		for (let round = 0; round < 4; round++) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => setTimeout(resolve, 1200));
			const screen = pane.capture();
			const lines = screen.split('\n');
			expect(lines[0], screen).toMatch(/^uptop · checks\.yaml/);
			const rows = lines.filter(line => /✓ up/.test(line));
			expect(rows, screen).toHaveLength(5);
			// The p95 cell ends in the same terminal column on every row: nothing before it was drawn wider or
			// narrower than it was counted, and no stale digit is left from an earlier value.
			const p95Ends = rows.map(row => {
				const match = /(\d+ms) +(\d+ms)/.exec(row)!;
				return cellsTo(row, match.index + match[0].length);
			});
			expect(new Set(p95Ends).size, screen).toBe(1);
		}

		const screen = pane.capture();
		expect(screen).toContain('⚠ legacy api');
		expect(screen).toContain('👍 thumbs api');
		// A joined emoji in config text is shown as its emoji, not with its joiner spelled out.
		expect(screen).toContain('👩💻 dev-team 🇯🇵');
		expect(screen).not.toContain('<U+200D>');
		pane.sendKeys('q');
	}, 30_000);
});
