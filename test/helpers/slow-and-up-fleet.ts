import http from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export type SlowAndUpFleet = {readonly server: http.Server; readonly directory: string};

/**
 * Two checks whose rows show both palettes' telling colours within a second: `orders api` up, and `search api`
 * slow (answers after 150 ms, slow from 100 ms), in a checks.yaml in a new directory named after `prefix`.
 */
export async function startSlowAndUpFleet(prefix: string): Promise<SlowAndUpFleet> {
	const server = http.createServer((request, response) => {
		setTimeout(() => response.writeHead(200).end('ok'), request.url === '/slow' ? 150 : 0);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	const directory = mkdtempSync(path.join(tmpdir(), prefix));
	writeFileSync(path.join(directory, 'checks.yaml'), [
		'defaults: {interval: 1s, timeout: 900ms}',
		'checks:',
		'  - name: orders api',
		`    url: http://127.0.0.1:${port}/ok`,
		'  - name: search api',
		`    url: http://127.0.0.1:${port}/slow`,
		'    slow: 100ms',
		'',
	].join('\n'));
	return {server, directory};
}
