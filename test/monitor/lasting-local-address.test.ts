import {createServer, connect, type Server} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {Check} from '../../source/config/types.js';
import {reasonFromNetError} from '../../source/probes/net-reason.js';
import type {ProbeResult, Reason} from '../../source/probes/types.js';
import type {CheckView, State} from '../../source/monitor/types.js';
import {createFakeClock, type FakeClock} from '../helpers/fake-clock.js';
import {makeCheck} from './fixtures.js';

const port = 19_450;
/** TEST-NET-1: no interface here has it, so a connection bound to it fails with EADDRNOTAVAIL, as to [::1] with IPv6 off. */
const unassignedAddress = '192.0.2.1';

let server: Server;
beforeAll(async () => {
	server = createServer(socket => socket.end());
	await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
});
afterAll(async () => {
	await new Promise(resolve => server.close(resolve));
});

/** A real TCP connection to the loopback target; from `localAddress` when given (none here has it). */
async function realConnect(check: Check, localAddress: string | undefined): Promise<ProbeResult> {
	return new Promise(resolve => {
		const socket = connect({host: '127.0.0.1', port, ...(localAddress === undefined ? {} : {localAddress})});
		socket.once('connect', () => {
			socket.destroy();
			resolve({outcome: 'up', latencyMs: 1, startedAt: 0, summary: 'connected'});
		});
		socket.once('error', error => {
			resolve({outcome: 'failing', latencyMs: 1, startedAt: 0, summary: 'no connection', reason: reasonFromNetError(check, error, `127.0.0.1:${port}`)});
		});
	});
}

/** Moves the fake clock a second at a time, letting each real connection end before the next second. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
	for (let done = 0; done < ms; done += 1000) {
		await clock.advance(1000);
		await sleep(15);
		await clock.flush();
	}
}

type Sample = {id: string; at: number; latencyMs: number; state: State; reason?: Reason};

async function watch(intervalMs: number, earlierRun: (startedAt: number) => Sample[] = () => []) {
	const clock = createFakeClock();
	const probe = {localAddress: undefined as string | undefined};
	const states: string[] = [];
	const monitor = createMonitor({checks: [makeCheck('ipv6', {intervalMs})], clock, random: () => 0, initialHistory: earlierRun(clock.now()), probe: async check => realConnect(check, probe.localAddress)});
	monitor.onEvent(event => {
		if (event.type === 'state') states.push(`${event.from}→${event.to}`);
	});
	const row = (): CheckView => monitor.flush().rows[0]!;
	return {clock, probe, states, monitor, row};
}

describe('a check whose connection keeps failing for want of a local address (EADDRNOTAVAIL)', () => {
	it('is unknown at first, failing once it has not reached its target for a minute (or three intervals), with the reason kept', async () => {
		const {clock, probe, states, monitor, row} = await watch(10_000);
		probe.localAddress = unassignedAddress;
		monitor.start();
		await advance(clock, 1000);
		expect(row().state).toBe('unknown');
		expect(row().last?.reason).toEqual({code: 'local:address', message: `this host has no free local port or address for 127.0.0.1:${port} (EADDRNOTAVAIL)`});
		// A shortage of local ports lasts while the closed connections hold theirs in TIME_WAIT: a minute.
		await advance(clock, 50_000);
		expect(row().state).toBe('unknown');
		await advance(clock, 20_000);
		expect(row().state).toBe('failing');
		expect(row().last?.reason?.code).toBe('local:address');
		expect(states).toEqual(['pending→unknown', 'unknown→failing']);
		await monitor.stop();
	}, 30_000);

	it('is unknown again for a new shortage once the check has reached its target', async () => {
		const {clock, probe, states, monitor, row} = await watch(10_000);
		monitor.start();
		await advance(clock, 1000);
		expect(row().state).toBe('up');
		probe.localAddress = unassignedAddress;
		await advance(clock, 50_000);
		expect(row().state).toBe('unknown');
		probe.localAddress = undefined;
		await advance(clock, 10_000);
		expect(row().state).toBe('up');
		probe.localAddress = unassignedAddress;
		await advance(clock, 40_000);
		expect(row().state).toBe('unknown');
		await advance(clock, 30_000);
		expect(row().state).toBe('failing');
		expect(states).toEqual(['pending→up', 'up→unknown', 'unknown→up', 'up→unknown', 'unknown→failing']);
		await monitor.stop();
	}, 30_000);

	it('waits three intervals when they are longer than a minute', async () => {
		const {clock, probe, monitor, row} = await watch(60_000);
		probe.localAddress = unassignedAddress;
		monitor.start();
		await advance(clock, 121_000);
		expect(row().state).toBe('unknown');
		await advance(clock, 60_000);
		expect(row().state).toBe('failing');
		await monitor.stop();
	}, 60_000);

	it('stays failing across a restart (an SSH drop) when the earlier run had not reached the target either', async () => {
		const reason = {code: 'local:address', message: `this host has no free local port or address for 127.0.0.1:${port} (EADDRNOTAVAIL)`} as const;
		// Up until 10 minutes ago, then no local address: unknown for a minute, failing since; uptop restarted a minute ago.
		const earlierRun = (startedAt: number): Sample[] => Array.from({length: 12}, (_, index) => {
			const at = startedAt - ((15 - index) * 60_000);
			const state: State = index < 5 ? 'up' : index === 5 ? 'unknown' : 'failing';
			return {id: 'ipv6', at, latencyMs: 1, state, ...(index < 5 ? {} : {reason})};
		});
		const {clock, probe, states, monitor, row} = await watch(60_000, earlierRun);
		probe.localAddress = unassignedAddress;
		monitor.start();
		await advance(clock, 1000);
		// The same outage goes on: no "failing → unknown" and back at each restart, no bell.
		expect(row().state).toBe('failing');
		expect(row().last?.reason).toEqual(reason);
		expect(states).toEqual([]);
		await monitor.stop();
	}, 30_000);

	it('after a restart counts on from what the earlier run had counted, not the time uptop was stopped', async () => {
		const reason = {code: 'local:address', message: `this host has no free local port or address for 127.0.0.1:${port} (EADDRNOTAVAIL)`} as const;
		// Up every 10 s until 3 minutes ago, then one result without a local address (the old process's ports in
		// TIME_WAIT) as uptop stopped; restarted two minutes and 50 s later: 10 s of the minute counted so far.
		const earlierRun = (startedAt: number): Sample[] => [
			...Array.from({length: 6}, (_, index): Sample => ({id: 'ipv6', at: startedAt - 230_000 + (index * 10_000), latencyMs: 1, state: 'up'})),
			{id: 'ipv6', at: startedAt - 170_000, latencyMs: 1, state: 'unknown', reason},
		];
		const {clock, probe, states, monitor, row} = await watch(10_000, earlierRun);
		probe.localAddress = unassignedAddress;
		monitor.start();
		await advance(clock, 1000);
		// Not failing at once (no bell, no outage): the time uptop was stopped was not counted as "not reached".
		expect(row().state).toBe('unknown');
		await advance(clock, 40_000);
		expect(row().state).toBe('unknown');
		await advance(clock, 20_000);
		expect(row().state).toBe('failing');
		expect(states).toEqual(['unknown→failing']);
		await monitor.stop();
	}, 30_000);
});
