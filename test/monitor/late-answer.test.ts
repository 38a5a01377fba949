import http from 'node:http';
import net from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Check, CommandCheck, PrometheusCheck, TcpCheck} from '../../source/config/types.js';
import {classifyState} from '../../source/monitor/classify-state.js';
import {systemClock} from '../../source/monitor/clock.js';
import {stalledDeadlineMs, startProbeRun, type ProbeCall} from '../../source/monitor/probe-run.js';
import type {Clock} from '../../source/monitor/types.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck} from '../helpers/http-servers.js';
import {common} from '../helpers/probe-checks.js';

const httpPort = 21_050;
const tcpPort = 21_051;
const timeoutMs = 300;
/** When the servers answer: past the timeout, within the stall allowance. */
const answerMs = 600;

/**
 * A starved host: its timers fire this much late, so the answer is read before the deadline's timer runs, as
 * on a host whose CPU is taken (the answer waits in the socket, the timer waits for the loop). The engine's
 * own clock, as monitor.ts gives it, with its timers held back.
 */
const starvedClock = (lagMs: number): Clock => ({
	...systemClock,
	setTimeout: (callback, ms) => systemClock.setTimeout(callback, ms + lagMs),
});

const vector = {status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [1, '1']}]}};

let httpServer: http.Server;
let tcpServer: net.Server;
const delays = {answerMs};

beforeAll(async () => {
	httpServer = http.createServer((request, response) => {
		setTimeout(() => {
			const isQuery = request.url?.startsWith('/api/v1/query') === true;
			response.writeHead(200, {'content-type': isQuery ? 'application/json' : 'text/plain'}).end(isQuery ? JSON.stringify(vector) : 'ok');
		}, delays.answerMs);
	});
	tcpServer = net.createServer(socket => {
		socket.on('error', () => {});
		setTimeout(() => socket.end('SSH-2.0-late\r\n'), delays.answerMs);
	});
	await new Promise<void>(resolve => httpServer.listen(httpPort, '127.0.0.1', resolve));
	await new Promise<void>(resolve => tcpServer.listen(tcpPort, '127.0.0.1', resolve));
});

afterAll(async () => {
	await closeProbes();
	httpServer.closeAllConnections();
	await new Promise(resolve => httpServer.close(resolve));
	await new Promise(resolve => tcpServer.close(resolve));
});

const checks: Record<string, () => Check> = {
	http: () => httpCheck(`http://127.0.0.1:${httpPort}/health`, {timeoutMs}),
	tcp: (): TcpCheck => ({...common('tcp late', {timeoutMs}), kind: 'tcp', host: '127.0.0.1', port: tcpPort, expectText: 'SSH'}),
	prometheus: (): PrometheusCheck => ({...common('prom late', {timeoutMs}), kind: 'prometheus', url: `http://127.0.0.1:${httpPort}/`, query: 'up', headers: {}}),
	command: (): CommandCheck => ({...common('command late', {timeoutMs}), kind: 'command', run: [process.execPath, '-e', `setTimeout(() => console.log('OK'), ${answerMs})`], shell: false, env: {}}),
};

/**
 * One attempt as the engine runs it, its timers `lagMs` late. `setUpMs` passes before the probe's own start: time a
 * probe's latencyMs leaves out (uptop's set-up, a kept-alive request's first send on a connection that died), which
 * the engine's deadline counts.
 */
async function runLate(check: Check, lagMs: number, setUpMs = 0): Promise<{result: ProbeResult; isStalled: boolean}> {
	const probe: ProbeCall = setUpMs === 0 ? probeCheck : async (check, signal) => {
		await sleep(setUpMs);
		return probeCheck(check, signal);
	};
	return new Promise(resolve => {
		startProbeRun({clock: starvedClock(lagMs), probe, check, attempt: 1, onSettled: (result, isStalled) => resolve({result, isStalled}), onUntracked() {}});
	});
}

describe('an answer that came past the timeout, before the deadline could fire', () => {
	it.each(Object.keys(checks))('fails as a timeout, saying when it came: %s', async kind => {
		const check = checks[kind]!();
		const {result, isStalled} = await runLate(check, 800);
		expect(isStalled).toBe(false);
		expect(result.latencyMs).toBeGreaterThan(timeoutMs);
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('timeout:total');
		expect(result.reason?.message).toMatch(/^timeout: the answer came in \d+ ms, past the 300 ms timeout/);
		expect(result.reason?.message).toContain(`${Math.round(result.latencyMs)} ms`);
		expect(result.summary).toBe(result.reason?.message);
		expect(result.series).toBeUndefined();
		expect(result.value).toBeUndefined();
		expect(classifyState(result, check)).toBe('failing');
	});

	it('is not judged when the process stood still past the stall allowance: the check runs again', async () => {
		delays.answerMs = timeoutMs + stalledDeadlineMs + 200;
		try {
			const {result, isStalled} = await runLate(checks.tcp!(), stalledDeadlineMs + 1000);
			expect(isStalled).toBe(true);
			expect(result.outcome).toBe('cancelled');
		} finally {
			delays.answerMs = answerMs;
		}
	});

	it('is judged by the engine\'s clock, not by the probe\'s latency: time before the probe\'s own start counts', async () => {
		delays.answerMs = 20;
		try {
			const {result, isStalled} = await runLate(checks.http!(), 800, answerMs);
			expect(isStalled).toBe(false);
			expect(result.latencyMs).toBeLessThan(timeoutMs);
			expect(result.reason?.code).toBe('timeout:total');
			expect(result.reason?.message).toMatch(/^timeout: the answer came \d+ ms after the probe began \(\d+ ms of it the target's\), past the 300 ms timeout/);
			expect(result.reason?.message).toContain(`(${Math.round(result.latencyMs)} ms of it the target's)`);
		} finally {
			delays.answerMs = answerMs;
		}
	});

	it('is not judged when the process stood still before the probe\'s own start: the check runs again', async () => {
		delays.answerMs = 20;
		try {
			const {result, isStalled} = await runLate(checks.http!(), stalledDeadlineMs + 1000, timeoutMs + stalledDeadlineMs + 200);
			expect(isStalled).toBe(true);
			expect(result.outcome).toBe('cancelled');
		} finally {
			delays.answerMs = answerMs;
		}
	});

	it('leaves an answer within the timeout as it was', async () => {
		delays.answerMs = 20;
		try {
			const {result} = await runLate(checks.http!(), 800);
			expect(result.outcome).toBe('up');
			expect(result.reason).toBeUndefined();
		} finally {
			delays.answerMs = answerMs;
		}
	});
});
