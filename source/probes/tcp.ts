import net from 'node:net';
import type {TcpCheck} from '../config/types.js';
import {onConnectionAttempt} from './connection-attempt.js';
import {errorCode, reasonFromNetError} from './net-reason.js';
import {abortedResult, failing, finish, formatSeconds, reason, safeText, startClock} from './result.js';
import type {ProbeFunction, ProbeResult} from './types.js';
import {hostPortText} from '../config/host-port-text.js';

/** Bytes of reply kept while waiting for `expectText`; a banner is short, a flood is cut here. */
const maxReplyBytes = 64 * 1024;

/** Text without its line endings: CR LF or LF ends a line; a CR anywhere else stays, to be shown as `^M`. */
function withoutLineEnds(text: string): string {
	return text.replace(/\r?\n$/, '').replaceAll('\r\n', '\n');
}

/**
 * The line of the reply that holds the match (the lines, if `expected` spans several): after `send`, the
 * answer that matched, not the banner the server greeted with before it.
 */
function matchedLine(reply: string, expected: string): string {
	const at = reply.indexOf(expected);
	if (at < 0) return reply;
	const start = reply.lastIndexOf('\n', at - 1) + 1;
	// From the match's last character on, so that an `expected` ending in a line break ends on its own line.
	const newline = reply.indexOf('\n', at + Math.max(expected.length - 1, 0));
	return reply.slice(start, newline < 0 ? reply.length : newline + 1);
}

export const probe: ProbeFunction<TcpCheck> = async (check, signal) => {
	const clock = startClock();
	const target = hostPortText(check.host, check.port);
	if (signal.aborted) {
		return abortedResult(clock, check, signal, 'timeout:connect', 'connect');
	}

	return new Promise<ProbeResult>(resolve => {
		let connectMs: number | undefined;
		let reply = Buffer.alloc(0);
		let lastDataAt = 0;
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

		const replyText = (text = reply.toString('utf8')) => safeText(withoutLineEnds(text), check, {maxLength: 200});

		const onAbort = () => {
			if (connectMs === undefined) {
				settle(abortedResult(clock, check, signal, 'timeout:connect', `connect to ${target}`));
			} else {
				const result = abortedResult(clock, check, signal, 'timeout:total', `waiting for '${check.expectText ?? ''}'`);
				// An answer that lacks the text (Redis's -NOAUTH) is not a server too slow to answer: say what it said.
				const isMismatch = reply.length > 0 && result.outcome === 'failing';
				// A server that trickles bytes to the end was not silent: "nothing more" would send someone to the wrong cause.
				const isStillSending = performance.now() - lastDataAt < check.timeoutMs / 4;
				const when = isStillSending ? `still sending at the ${formatSeconds(check.timeoutMs)} timeout` : `nothing more within ${formatSeconds(check.timeoutMs)}`;
				const why = isMismatch ? reason(check, 'expect:banner', `banner: expected '${check.expectText!}', got '${replyText()}' (${when})`) : undefined;
				settle({...result, ...(why ? {reason: why, summary: why.message} : {}), excerpt: replyText(), phases: {connectMs, totalMs: result.latencyMs}});
			}
		};

		const pass = () => {
			const result = finish(clock, {outcome: 'up', summary: ''});
			const summary = check.expectText === undefined ? safeText(`connected to ${target}`, check) : replyText(matchedLine(reply.toString('utf8'), check.expectText));
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
			lastDataAt = performance.now();
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
			// A reset (not a refusal) before the connect was seen: the connection was accepted, and the server
			// reset it before this loop got to the connect. Which of the two it sees first is a race; without
			// `expect`, being accepted is the whole check, so it is up either way.
			if (connectMs === undefined && check.expectText === undefined && errorCode(error) === 'ECONNRESET') {
				connectMs = performance.now() - clock.startMs;
				pass();
				return;
			}

			const excerpt = replyText();
			settle(failing(clock, check, reasonFromNetError(check, error, target), excerpt ? {excerpt} : {}));
		});
	});
};
