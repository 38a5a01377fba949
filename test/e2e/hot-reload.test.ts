import http from 'node:http';
import {mkdtempSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {holdAnswers} from '../helpers/http-servers.js';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

describe.skipIf(isTmuxMissing)('hot reload of checks.yaml in the live screen', () => {
	let server: http.Server;
	let directory: string;
	let pane: TmuxPane | undefined;
	let base: string;
	const held = holdAnswers(200);

	beforeAll(async () => {
		requireBuild();

		server = http.createServer((request, response) => {
			if (!request.url?.startsWith('/held/')) {
				response.writeHead(200).end('ok');
				return;
			}

			held.respond(response);
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-reload-'));
	});

	afterAll(() => {
		pane?.kill();
		server?.close();
	});

	// Saved the way vim and sed -i save: a new file renamed over the old one.
	function save(lines: readonly string[]): void {
		const temporary = path.join(directory, '.checks.yaml.swp');
		writeFileSync(temporary, `${lines.join('\n')}\n`);
		renameSync(temporary, path.join(directory, 'checks.yaml'));
	}

	it('adds and removes checks on save, keeps the last good config on an invalid edit and says where the error is', async () => {
		const orders = `  - {name: orders api, url: ${base}/orders}`;
		const stock = `  - {name: stock api, url: ${base}/stock}`;
		save(['defaults: {interval: 1s, timeout: 500ms}', 'checks:', orders]);
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} checks.yaml`, {cwd: directory});
		await pane.waitFor(text => /up\s+orders api/.test(text));

		save(['defaults: {interval: 1s, timeout: 500ms}', 'checks:', orders, stock]);
		const startedAt = Date.now();
		await pane.waitFor(text => text.includes('stock api'), 5000);
		expect(Date.now() - startedAt).toBeLessThan(2000);
		// The banner says the save was taken, for a few seconds.
		await pane.waitFor(text => text.includes('checks.yaml reloaded: 2 checks'), 2000);
		await pane.waitFor(text => !text.includes('reloaded:'), 8000);

		save(['defaults: {interval: fast, timeout: 500ms}', 'checks:', orders, stock]);
		const banner = await pane.waitFor(text => text.includes('config not reloaded'), 5000);
		expect(banner).toMatch(/checks\.yaml:1:\d+/);
		expect(banner).toContain('orders api');
		expect(banner).toContain('stock api');

		save(['defaults: {interval: 1s, timeout: 500ms}', 'checks:', stock]);
		await pane.waitFor(text => !text.includes('config not reloaded') && !text.includes('orders api') && /up\s+stock api/.test(text), 5000);
	}, 30_000);

	it('applies a changed `concurrency:` on save, also when nothing else changed: a recheck of all then runs that many probes at once', async () => {
		pane?.kill();
		const heldChecks = Array.from({length: 6}, (_, index) => `  - {name: held ${index}, url: ${base}/held/${index}}`);
		const settings = 'defaults: {interval: 30s, timeout: 2s}';
		// The cap goes below the checks, so that changing it moves no check to another line.
		save([settings, 'checks:', ...heldChecks, 'concurrency: 1']);
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} checks.yaml`, {cwd: directory});
		await pane.waitFor(text => (text.match(/up\s+held \d/g) ?? []).length === 6, 10_000);
		const recheckAll = async (): Promise<number> => {
			held.reset();
			pane!.sendKeys('R');
			await pane!.waitFor(() => held.count() === 6 && held.now() === 0, 5000);
			return held.max();
		};

		expect(await recheckAll()).toBe(1);

		// Only the cap changes: the table shows nothing new, the banner says the save was taken.
		save([settings, 'checks:', ...heldChecks, 'concurrency: 6']);
		await pane.waitFor(text => text.includes('checks.yaml reloaded: 6 checks'), 5000);
		expect(await recheckAll()).toBe(6);
	}, 40_000);

	it('says when checks wait for a free slot, in the detail pane and in the header, so a cap set too low shows', async () => {
		pane?.kill();
		// 30 checks at 1 s holding their answers 200 ms need 5 slots; with one, each runs every 6 s, ~5 s past its time.
		const heldChecks = Array.from({length: 30}, (_, index) => `  - {name: held ${String(index).padStart(2, '0')}, url: ${base}/held/${index}}`);
		save(['concurrency: 1', 'defaults: {interval: 1s, timeout: 900ms}', 'checks:', ...heldChecks]);
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} checks.yaml`, {cwd: directory});
		await pane.waitFor(text => /up\s+held 00/.test(text), 10_000);
		pane.sendKeys('Enter');
		// The pane beside the table is narrow, so the line may wrap: read the pane's column, right of its border.
		const schedule = (text: string): string => {
			const pane = text.split('\n').map(line => line.slice(line.indexOf('│') + 2).trimEnd());
			const at = pane.findIndex(line => line.startsWith('schedule'));
			if (at === -1) return '';
			let line = pane[at]!;
			for (let next = at + 1; pane[next]?.startsWith(' '.repeat(10)) === true; next++) line += ` ${pane[next]!.trim()}`;
			return line;
		};

		const detail = await pane.waitFor(text => schedule(text).includes('waiting'), 10_000);
		expect(schedule(detail)).toMatch(/^schedule +every 1s, timeout 900ms · due \d\d:\d\d:\d\d, waiting for a free slot(, \d+s overdue)?$/);
		// And the header says how many checks are that late: the table's data is older than it looks. The count
		// grows as the queue does (a first frame may say 3), so wait for it to pass 5 rather than read the first.
		const overdue = (text: string): number => Number(/ (\d+) overdue /.exec(text.split('\n')[0]!)?.[1] ?? 0);
		expect(overdue(await pane.waitFor(text => overdue(text) > 5, 10_000))).toBeGreaterThan(5);
	}, 30_000);
});
