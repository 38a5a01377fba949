import http from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeAll, afterAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

const long = 'very-long-service-name-for-the-checkout-reconciliation-worker';
// Each identity check shares its longest start with an `svc-0` check and its longest end with an orders check:
// both identity checks read `identity-us-e…very…rimary health` at 80 columns.
const names = [`identity-us-east-1 ${long}-26 primary health`, `identity-us-east-2 ${long}-28 primary health`, 'identity-us-east-1 svc-0', 'identity-us-east-2 svc-0', `orders-web-10 ${long}-36 primary health`, `orders-web-10 ${long}-38 primary health`];

/** The name cell of each check row on a captured screen, read under the `name` title. */
function drawnNames(screen: string): string[] {
	const lines = screen.split('\n');
	const title = lines.findIndex(line => /\bname\b/u.test(line) && line.includes('state'));
	const start = lines[title]!.indexOf('name');
	return lines.slice(title + 1).filter(line => /^[> ] \S+ up /u.test(line)).map(line => [...line].slice(start).join('').split(/ {2,}/u)[0]!.trim());
}

describe.skipIf(isTmuxMissing)('names alike at both ends on the live screen in a real terminal', () => {
	let server: http.Server;
	let directory: string;
	let pane: TmuxPane | undefined;

	beforeAll(async () => {
		requireBuild();
		server = http.createServer((_request, response) => response.writeHead(200).end('ok'));
		await new Promise<void>(resolve => {
			server.listen(19_790, '127.0.0.1', resolve);
		});
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-e2e-'));
		writeFileSync(path.join(directory, 'min.yaml'), [
			'defaults: {interval: 5s, timeout: 2s}',
			'checks:',
			...names.flatMap(name => [`  - name: "${name}"`, '    url: http://127.0.0.1:19790/']),
			'',
		].join('\n'));
	});

	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	afterAll(() => {
		server?.close();
	});

	it('draws each check\'s cut name differently at 80×24', async () => {
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history min.yaml`, {cwd: directory, columns: 80, rows: 24});
		const screen = await pane.waitFor(text => (text.match(/✓ up/g) ?? []).length === names.length);
		const cut = drawnNames(screen);
		expect(cut, screen).toHaveLength(names.length);
		expect(new Set(cut).size, screen).toBe(names.length);
	});

	it('draws each check\'s cut name differently at 120×30 with the detail pane open', async () => {
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history min.yaml`, {cwd: directory, columns: 120, rows: 30});
		await pane.waitFor(text => (text.match(/✓ up/g) ?? []).length === names.length);
		pane.sendKeys('Enter');
		const screen = await pane.waitFor(text => text.includes('owner') || text.includes('runbook') || text.includes('by hand'));
		const cut = drawnNames(screen);
		expect(cut, screen).toHaveLength(names.length);
		expect(new Set(cut).size, screen).toBe(names.length);
	});
});
