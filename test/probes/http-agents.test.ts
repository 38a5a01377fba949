import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {forgetHttpSessions, probe} from '../../source/probes/http.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';

let server: TestServer;

beforeAll(async () => {
	server = await startHttpServer((_request, response) => {
		response.end('ok');
	});
});

afterAll(async () => server.close());

/** How many error stacks V8 formats while `run` runs: it calls Error.prepareStackTrace for each one. */
async function countFormattedStacks(run: () => Promise<void>): Promise<number> {
	const original = Error.prepareStackTrace;
	let formatted = 0;
	Error.prepareStackTrace = (error, frames) => {
		formatted++;
		return original ? original(error, frames) : `${String(error)}\n${frames.map(frame => `    at ${String(frame)}`).join('\n')}`;
	};

	try {
		await run();
	} finally {
		Error.prepareStackTrace = original;
	}

	return formatted;
}

describe('fresh-connection probes', () => {
	it('close their connection without making and formatting an error per probe', async () => {
		// undici's default destroy reason (a new ClientDestroyedError, whose stack the socket's destroy
		// formats) did that once per probe and cost 15 % of the CPU at 2,000 probes a second.
		const formatted = await countFormattedStacks(async () => {
			for (let index = 0; index < 20; index++) {
				const result = await probe(httpCheck(`${server.origin}/fresh/${index}`, {id: `fresh-${index}`}), AbortSignal.timeout(2000));
				expect(result.outcome).toBe('up');
			}

			await server.allClosed(2000);
		});
		expect(server.accepted()).toBeGreaterThanOrEqual(20);
		expect(formatted).toBeLessThan(5);
	});

	it('of one check each open and close a connection of their own, back to back, through the check\'s kept client', async () => {
		// The client outlives the probe (see agents.ts); its connection must not: the next probe connects anew.
		const acceptedBefore = server.accepted();
		const formatted = await countFormattedStacks(async () => {
			for (let index = 0; index < 20; index++) {
				const result = await probe(httpCheck(`${server.origin}/same/${index}`, {id: 'same-check'}), AbortSignal.timeout(2000));
				expect(result.outcome).toBe('up');
				expect(result.phases?.connectMs).toBeGreaterThanOrEqual(0);
			}

			await server.allClosed(2000);
		});
		expect(server.accepted() - acceptedBefore).toBe(20);
		expect(formatted).toBeLessThan(5);
	});

	it('of one check that overlap (the earlier one past its deadline) each get a connection', async () => {
		const acceptedBefore = server.accepted();
		const check = httpCheck(`${server.origin}/overlap`, {id: 'overlapping-check'});
		const results = await Promise.all([probe(check, AbortSignal.timeout(2000)), probe(check, AbortSignal.timeout(2000)), probe(check, AbortSignal.timeout(2000))]);
		expect(results.map(result => result.outcome)).toEqual(['up', 'up', 'up']);
		await server.allClosed(2000);
		expect(server.accepted() - acceptedBefore).toBe(3);
		// And the kept client is usable again afterwards.
		expect((await probe(check, AbortSignal.timeout(2000))).outcome).toBe('up');
	});

	it('of one check whose URL moves to another origin go to the new one, and back', async () => {
		const other = await startHttpServer((_request, response) => {
			response.end('other');
		});
		try {
			const origins = [server.origin, other.origin, other.origin, server.origin];
			for (const [index, origin] of origins.entries()) {
				const result = await probe(httpCheck(`${origin}/moved/${index}`, {id: 'moving-check'}), AbortSignal.timeout(2000));
				expect(result.outcome).toBe('up');
			}

			expect(server.requests.filter(request => request.url.startsWith('/moved/')).map(request => request.url)).toEqual(['/moved/0', '/moved/3']);
			expect(other.requests.map(request => request.url)).toEqual(['/moved/1', '/moved/2']);
			await Promise.all([server.allClosed(2000), other.allClosed(2000)]);
		} finally {
			await other.close();
		}
	});

	it('of one check whose settings change go on working (the kept client is replaced)', async () => {
		for (const timeoutMs of [2000, 3000, 3000, 2000]) {
			const result = await probe(httpCheck(`${server.origin}/settings`, {id: 'changing-check', timeoutMs}), AbortSignal.timeout(timeoutMs));
			expect(result.outcome).toBe('up');
		}

		await server.allClosed(2000);
	});
});

describe('forgetHttpSessions', () => {
	it('closes the kept connection of a keep-alive check the config no longer has, and keeps the others', async () => {
		const gone = httpCheck(`${server.origin}/forget/gone`, {id: 'forget-gone', keepAlive: true});
		const kept = httpCheck(`${server.origin}/forget/kept`, {id: 'forget-kept', keepAlive: true});
		expect((await probe(gone, AbortSignal.timeout(2000))).outcome).toBe('up');
		expect((await probe(kept, AbortSignal.timeout(2000))).outcome).toBe('up');
		expect(server.open()).toBe(2);
		forgetHttpSessions(new Set(['forget-kept']));
		const deadline = Date.now() + 2000;
		while (server.open() > 1 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10));
		expect(server.open()).toBe(1);
		// The remaining check still reuses its connection; one that comes back gets a new session.
		const acceptedBefore = server.accepted();
		expect((await probe(kept, AbortSignal.timeout(2000))).outcome).toBe('up');
		expect(server.accepted()).toBe(acceptedBefore);
		expect((await probe(gone, AbortSignal.timeout(2000))).outcome).toBe('up');
		expect(server.accepted()).toBe(acceptedBefore + 1);
		forgetHttpSessions(new Set());
		await server.allClosed(2000);
	});

	it('lets a fresh-connection check that is gone, even mid-probe, finish and then drops its client', async () => {
		const check = httpCheck(`${server.origin}/forget/fresh`, {id: 'forget-fresh'});
		const running = probe(check, AbortSignal.timeout(2000));
		forgetHttpSessions(new Set());
		expect((await running).outcome).toBe('up');
		expect((await probe(check, AbortSignal.timeout(2000))).outcome).toBe('up');
		await server.allClosed(2000);
	});
});

describe('warmUpHttp', () => {
	it('runs real probes against its own listener, then closes it and leaves no connection behind', async () => {
		const {warmUpHttp} = await import('../../source/probes/http/warm-up.js');
		const {getActiveResourcesInfo} = await import('node:process');
		const before = getActiveResourcesInfo().filter(kind => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;
		const startedAt = performance.now();
		expect(await warmUpHttp()).toBe(3);
		expect(performance.now() - startedAt).toBeLessThan(3000);
		// Listener and sockets close asynchronously; give them a moment.
		await new Promise(resolve => setTimeout(resolve, 50));
		const after = getActiveResourcesInfo().filter(kind => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;
		expect(after).toBeLessThanOrEqual(before);
	});
});
