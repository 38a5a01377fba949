import {mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireWorkingCommand, titleFor} from '../helpers/require-component.js';
import {nodeBinary, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isReady = requireWorkingCommand(['tmux', '-V'], 'tmux');

const token = 'tok-5e1f09-marker-note';
const env = {UPTOP_TEST_TOKEN: token};

let server: http.Server;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(200).end('ok');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-marker-note-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'checks:',
		'  - name: payments api',
		`    url: http://127.0.0.1:${port}/health`,
		'    headers: {Authorization: "Bearer ${UPTOP_TEST_TOKEN}"}',
		'',
	].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

describe('a marker note that holds a config secret, typed on the live screen', () => {
	it.skipIf(!isReady)(titleFor('is •••• on the status line that confirms it and in the events view', isReady, 'tmux'), async () => {
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history ${configFile}`, {columns: 100, rows: 24, env});
		try {
			await pane.waitFor(screen => /up\s+payments api/.test(screen));
			pane.sendKeys('m');
			await pane.waitFor(screen => screen.includes('marker note'));
			pane.sendKeys('-l', `rollback ${token} pasted`);
			pane.sendKeys('Enter');
			const notice = await pane.waitFor(screen => screen.includes('deploy marker added'));
			expect(notice).toContain('deploy marker added: rollback •••• pasted');
			expect(notice).not.toContain(token);
			pane.sendKeys('e');
			const events = await pane.waitFor(screen => screen.includes('(key)'));
			expect(events).toMatch(/deploy {2}rollback •••• pasted \(key\)/);
			expect(events).not.toContain(token);
		} finally {
			pane.kill();
		}
	}, 30_000);
});
