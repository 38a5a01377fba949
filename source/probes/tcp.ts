import net from 'node:net';
import type {TcpCheck} from '../config/types.js';
import {onConnectionAttempt} from './connection-attempt.js';
import {reasonFromNetError} from './net-reason.js';
import {abortedResult, failing, finish, reason, safeText, startClock} from './result.js';
import type {ProbeFunction, ProbeResult} from './types.js';

/** Bytes of reply kept while waiting for `expectText`; a banner is short, a flood is cut here. */
const maxReplyBytes = 64 * 1024;

export const probe: ProbeFunction<TcpCheck> = async (check, signal) => {
	const clock = startClock();
	const target = `${check.host}:${check.port}`;
	if (signal.aborted) {
		return abortedResult(clock, check, signal, 'timeout:connect', 'connect');
	}

	return new Promise<ProbeResult>(resolve => {
		let connectMs: number | undefined;
		let reply = Buffer.alloc(0);
		let isDone = false;
		const socket = net.connect({host: check.host, port: check.port});
		onConnectionAttempt(socket, check.host, at => {
			clock.startMs = at;
		});

		const settle = (result: ProbeResult) => {
			if (isDone) {
				return;
			}

			isDone = true;
			signal.removeEventListener('abort', onAbort);
			socket.destroy();
			resolve(result);
		};

		const replyText = () => safeText(reply.toString('utf8'), check, {maxLength: 200});

		const onAbort = () => {
			if (connectMs === undefined) {
				settle(abortedResult(clock, check, signal, 'timeout:connect', `connect to ${target}`));
			} else {
				const result = abortedResult(clock, check, signal, 'timeout:total', `waiting for '${check.expectText ?? ''}'`);
				settle({...result, excerpt: replyText(), phases: {connectMs, totalMs: result.latencyMs}});
			}
		};

		const pass = () => {
			const result = finish(clock, {outcome: 'up', summary: ''});
			const summary = check.expectText === undefined ? safeText(`connected to ${target}`, check) : replyText().split('⏎')[0]!;
			settle({...result, summary, phases: {connectMs, totalMs: result.latencyMs}});
		};

		const bannerMismatch = (why: string) => {
			const got = replyText();
			const result = failing(clock, check, reason(check, 'expect:banner', `banner: expected '${check.expectText!}', got '${got}'${why}`));
			settle({...result, excerpt: got, phases: {connectMs, totalMs: result.latencyMs}});
		};

		signal.addEventListener('abort', onAbort, {once: true});

		socket.once('connect', () => {
			connectMs = performance.now() - clock.startMs;
			if (check.send !== undefined) {
				socket.write(check.send);
			}

			if (check.expectText === undefined) {
				pass();
			}
		});

		socket.on('data', (chunk: Buffer) => {
			if (reply.length < maxReplyBytes) {
				reply = Buffer.concat([reply, chunk.subarray(0, maxReplyBytes - reply.length)]);
			}

			if (reply.includes(check.expectText ?? '')) {
				pass();
			} else if (reply.length >= maxReplyBytes) {
				bannerMismatch(' (first 64 KB)');
			}
		});

		socket.once('end', () => {
			bannerMismatch(reply.length === 0 ? ' (connection closed without data)' : '');
		});

		socket.once('error', error => {
			const excerpt = replyText();
			settle(failing(clock, check, reasonFromNetError(check, error, target), excerpt ? {excerpt} : {}));
		});
	});
};
