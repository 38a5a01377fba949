import net from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {TcpCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/tcp.js';
import {python, startBlackhole} from '../helpers/blackhole.js';
import {common, deadline, shutdownAfter} from '../helpers/probe-checks.js';
import {pollUntil, spawnService} from '../helpers/spawn-service.js';
import {requireComponent} from '../helpers/require-component.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => {});
		socket.on('close', () => sockets.delete(socket));
		onConnection(socket);
	});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

const tcp = (port: number, extra: Partial<TcpCheck> = {}): TcpCheck => ({...common('tcp'), kind: 'tcp', host: '127.0.0.1', port, ...extra});

let bannerPort = 0;
let echoPort = 0;
let silentPort = 0;
let wrongPort = 0;
let hostilePort = 0;
let floodPort = 0;
let resetPort = 0;
let redisPort = 0;

beforeAll(async () => {
	bannerPort = await listen(socket => socket.write('SSH-2.0-OpenSSH_9.2\r\n'));
	echoPort = await listen(socket => socket.on('data', data => socket.write(`you said ${data.toString()}`)));
	silentPort = await listen(() => {});
	wrongPort = await listen(socket => socket.end('220 smtp.example ESMTP\r\n'));
	hostilePort = await listen(socket => socket.end('\u001B]2;pwned\u0007\u001B[2Jhello\r\n'));
	floodPort = await listen(socket => socket.write(Buffer.alloc(256 * 1024, 'x')));
	resetPort = await listen(socket => socket.resetAndDestroy());
	// A greeting first, then the answer to what was sent: the answer is what matched.
	redisPort = await listen(socket => {
		socket.write('SSH-2.0-OpenSSH_9.2\r\n');
		socket.on('data', () => socket.write('+PONG\r\nstray\rCR\r\n'));
	});
});

afterAll(async () => {
	for (const socket of sockets) {
		socket.destroy();
	}

	await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
});

/** Whether this machine has the IPv6 loopback (a container may not): the test of it skips, saying so, outside CI. */
const hasIPv6Loopback = await new Promise<boolean>(resolve => {
	const server = net.createServer().once('error', () => resolve(false)).listen(0, '::1', () => server.close(() => resolve(true)));
});
const runsIPv6 = hasIPv6Loopback || process.env.CI === 'true';

describe('tcp probe', () => {
	it.skipIf(!runsIPv6)(`writes an IPv6 address in brackets, as checks.yaml takes it${runsIPv6 ? '' : ' (skipped: no ::1 on this machine)'}`, async () => {
		// `connected to ::1:5432` reads as the address ::1:5432; `fe80::1:8080` cannot be read at all.
		const server = net.createServer(socket => socket.destroy());
		await new Promise<void>(resolve => server.listen(0, '::1', resolve));
		const {port} = server.address() as net.AddressInfo;
		try {
			const up = await probe(tcp(port, {host: '::1'}), deadline(2000));
			expect(up.summary).toBe(`connected to [::1]:${port}`);
		} finally {
			await new Promise(resolve => server.close(resolve));
		}

		const refused = await probe(tcp(port, {host: '::1'}), deadline(2000));
		expect(refused.reason?.message).toBe(`connection refused ([::1]:${port})`);
	});

	it('is up when the port accepts a connection', async () => {
		const result = await probe(tcp(silentPort), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe(`connected to 127.0.0.1:${silentPort}`);
		expect(result.phases?.connectMs).toBeGreaterThanOrEqual(0);
		expect(result.latencyMs).toBeLessThan(1000);
	});

	it('checks the banner, shown without its line ending', async () => {
		const result = await probe(tcp(bannerPort, {expectText: 'SSH-2.0'}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('SSH-2.0-OpenSSH_9.2');
	});

	it('with send, shows the reply line that matched, not the banner before it', async () => {
		const result = await probe(tcp(redisPort, {send: 'PING\r\n', expectText: '+PONG'}), deadline(2000));
		expect(result).toMatchObject({outcome: 'up', summary: '+PONG'});
		const wholeLine = await probe(tcp(redisPort, {send: 'PING\r\n', expectText: '+PONG\r\n'}), deadline(2000));
		expect(wholeLine.summary).toBe('+PONG');
	});

	it('keeps a CR that does not end a line visible', async () => {
		const result = await probe(tcp(redisPort, {send: 'PING\r\n', expectText: 'stray'}), deadline(2000));
		expect(result.summary).toBe('stray^MCR');
	});

	it('sends text and matches the reply', async () => {
		const result = await probe(tcp(echoPort, {send: 'PING\n', expectText: 'you said PING'}), deadline(2000));
		expect(result.outcome).toBe('up');
	});

	it('says what banner it got when it differs', async () => {
		const result = await probe(tcp(wrongPort, {expectText: 'SSH-2.0'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('expect:banner');
		expect(result.reason?.message).toBe('banner: expected \'SSH-2.0\', got \'220 smtp.example ESMTP\'');
	});

	it('reports a refused connection quickly', async () => {
		const port = await closedPort();
		const result = await probe(tcp(port), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'refused', message: `connection refused (127.0.0.1:${port})`});
		expect(result.latencyMs).toBeLessThan(1000);
	});

	it('reports refused for localhost even when both address families fail', async () => {
		const port = await closedPort();
		const result = await probe(tcp(port, {host: 'localhost'}), deadline(2000));
		expect(result.reason?.code).toBe('refused');
		// Which addresses the name was tried at: 127.0.0.1, and ::1 where localhost has both.
		expect(result.reason?.message).toMatch(new RegExp(`^connection refused \\(localhost:${port} at (127\\.0\\.0\\.1|::1)(, (127\\.0\\.0\\.1|::1))?\\)$`));
	});

	it('times out waiting for a banner that never comes, at the deadline', async () => {
		const started = performance.now();
		const result = await probe(tcp(silentPort, {expectText: 'SSH', timeoutMs: 500}), deadline(500));
		expect(performance.now() - started).toBeLessThan(1500);
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('timeout:total');
		expect(result.reason?.message).toBe('timeout after 0.5s (waiting for \'SSH\')');
	});

	it('says what came back, not only "timeout", when the reply at the deadline lacks the expected text', async () => {
		// Redis with requirepass answers PING with -NOAUTH at once and keeps the connection open: it is not slow.
		const port = await listen(socket => socket.on('data', () => socket.write('-NOAUTH Authentication required.\r\n')));
		const result = await probe(tcp(port, {send: 'PING\r\n', expectText: '+PONG', timeoutMs: 500}), deadline(500));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'expect:banner', message: 'banner: expected \'+PONG\', got \'-NOAUTH Authentication required.\' (nothing more within 0.5s)'});
		expect(result.excerpt).toBe('-NOAUTH Authentication required.');
		expect(result.latencyMs).toBeGreaterThanOrEqual(500);
	});

	it('says a reply still coming in at the deadline was still coming, not that nothing more came', async () => {
		const port = await listen(socket => {
			const timer = setInterval(() => socket.write('-'), 50);
			socket.on('close', () => clearInterval(timer));
		});
		const result = await probe(tcp(port, {expectText: 'PONG', timeoutMs: 600}), deadline(600));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.message).toMatch(/^banner: expected 'PONG', got '-+' \(still sending at the 0\.6s timeout\)$/);
	});

	it.skipIf(!requireComponent(python, 'python3'))('times out a connect that never completes as timeout:connect', async () => {
		const blackhole = await startBlackhole();
		try {
			const started = performance.now();
			const result = await probe(tcp(blackhole.port, {timeoutMs: 500}), deadline(500));
			expect(performance.now() - started).toBeLessThan(1500);
			expect(result.reason).toEqual({code: 'timeout:connect', message: `timeout after 0.5s (connect to 127.0.0.1:${blackhole.port})`});
		} finally {
			await blackhole.close();
		}
	});

	it('is cancelled, not failing, on shutdown', async () => {
		const result = await probe(tcp(silentPort, {expectText: 'SSH'}), shutdownAfter(100));
		expect(result.outcome).toBe('cancelled');
		expect(result.reason?.code).toBe('cancelled');
	});

	it('reports an unresolvable name as dns', async () => {
		const result = await probe(tcp(1, {host: 'no-such-host.invalid'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(['dns', 'dns:unavailable']).toContain(result.reason?.code);
	});

	it('shows hostile banners as visible tokens and redacts secrets', async () => {
		const result = await probe(tcp(hostilePort, {expectText: 'nope', secrets: ['hello']}), deadline(2000));
		expect(result.reason?.message).toContain('^[]2;pwned^G^[[2J••••');
		expect(result.reason?.message).not.toMatch(/[\u001B\u0007]/);
	});

	it('reports a reset while waiting for the banner', async () => {
		const result = await probe(tcp(resetPort, {expectText: 'SSH'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'reset', message: `connection reset by peer (127.0.0.1:${resetPort})`});
	});

	it('is up, every time, against a server that accepts and at once resets: the connection was accepted', async () => {
		// In its own process, so that its resets arrive while this one is busy: whether the probe then sees the
		// connect or the reset first was a race, and the check flapped between up and failing.
		const server = spawnService(process.execPath, ['-e', "require('node:net').createServer(socket => socket.resetAndDestroy()).listen(0, '127.0.0.1', function () { console.log(this.address().port); });"]);
		try {
			const port = Number(await pollUntil('reset server', 10_000, async () => /^(\d+)\n/.exec(server.output())?.[1]));
			const results = [];
			for (let batch = 0; batch < 5; batch++) {
				const probes = Array.from({length: 10}, async () => probe(tcp(port), deadline(2000)));
				// Busy while the connections are made and reset, as a loaded monitor is.
				const until = performance.now() + 30;
				while (performance.now() < until) {
					// Spin.
				}

				// eslint-disable-next-line no-await-in-loop
				results.push(...await Promise.all(probes));
			}

			expect(results.map(result => result.outcome)).toEqual(results.map(() => 'up'));
			expect(new Set(results.map(result => result.summary))).toEqual(new Set([`connected to 127.0.0.1:${port}`]));
		} finally {
			await server.stop();
		}
	});

	it('bounds what it reads from a flood', async () => {
		const result = await probe(tcp(floodPort, {expectText: 'never'}), deadline(2000));
		expect(result.reason?.code).toBe('expect:banner');
		expect(result.reason?.message).toContain('(first 64 KB)');
		expect(result.reason!.message.length).toBeLessThan(600);
	});
});
