import {execFileSync} from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import type {TcpCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/tcp.js';
import {writeFiles} from './temp-files.js';

// A value with what printf and a shell would read as their own: %, \, a quote, a space, a line break.
const env = {REDIS_PASSWORD: 'pa%s s\\n\'rd\nx'};

let server: net.Server;
let port: number;
const received: Buffer[] = [];

beforeAll(async () => {
	// Keeps what each connection sent, and answers +PONG to it, as a Redis behind AUTH would.
	server = net.createServer(socket => {
		const chunks: Buffer[] = [];
		socket.on('data', chunk => {
			chunks.push(chunk);
			socket.write('+PONG\r\n');
		});
		socket.on('close', () => received.push(Buffer.concat(chunks)));
		socket.on('error', () => undefined);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	port = (server.address() as net.AddressInfo).port;
});

afterAll(() => {
	server.close();
});

function loadCheck(): TcpCheck {
	const directory = writeFiles({'checks.yaml': `
checks:
  - name: redis auth
    kind: tcp
    host: 127.0.0.1:${port}
    send: "AUTH \${REDIS_PASSWORD}\\r\\nPING\\r\\n"
    expect: "+PONG"
`});
	return loadConfig(path.join(directory, 'checks.yaml'), {env}).checks[0] as TcpCheck;
}

/** Waits until the server has seen `count` connections close. */
async function closedConnections(count: number): Promise<void> {
	while (received.length < count) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}

describe('handCommand for a tcp check that sends a value from the environment', () => {
	it('is one line to paste, with no raw CR LF in its quotes', () => {
		const command = handCommand(loadCheck());
		expect(command).not.toMatch(/[\r\n]/);
		expect(command).toBe(String.raw`printf 'AUTH %s\r\nPING\r\n' "${'$'}{REDIS_PASSWORD}" | nc -v -w 5 127.0.0.1 ${port}`);
	});

	it('sends the bytes the probe sends, pasted in bash where the variable is set', async () => {
		const check = loadCheck();
		const result = await probe(check, AbortSignal.timeout(5000));
		expect(result.outcome).toBe('up');
		await closedConnections(1);

		const sender = handCommand(check).split(' | ')[0]!;
		const sent = execFileSync('bash', ['-c', sender], {env: {...env, PATH: process.env.PATH}});
		expect(sent.toString('latin1')).toBe(received[0]!.toString('latin1'));
		expect(sent.toString('utf8')).toBe(`AUTH ${env.REDIS_PASSWORD}\r\nPING\r\n`);
	});
});
