import {isIP} from 'node:net';
import {connect} from 'node:tls';
import type {Reason} from '../types.js';

/**
 * An http:// URL at a TLS port is a mistake as common as the opposite one, which the TLS handshake already names
 * ("wrong version: is this a TLS port?"). These tell it from what a TLS server does with a plain request.
 */
export const tlsPortHint = 'is this a TLS port? try https://';

export function withTlsPortHint(reason: Reason): Reason {
	return {code: reason.code, message: `${reason.message} (${tlsPortHint})`};
}

/** A TLS record's first bytes: an alert (0x15) or a handshake (0x16), then the major version 3 (SSL 3.0 to TLS 1.3). */
export function startsLikeTls(data: string | undefined): boolean {
	return data !== undefined && data.length >= 2 && (data.codePointAt(0) === 0x15 || data.codePointAt(0) === 0x16) && data.codePointAt(1) === 0x03;
}

/** What a 400 says when a plain request came to a TLS port: nginx's, Go's net/http and Apache's own words. */
const plainToTlsWords = /plain HTTP request was sent to HTTPS port|HTTP request to an HTTPS server|speaking plain HTTP to an SSL-enabled server/i;

export function saysPlainToTlsPort(status: number, body: Buffer): boolean {
	return status === 400 && plainToTlsWords.test(body.subarray(0, 4096).toString('latin1'));
}

/**
 * Answers already had, per check and host:port. A server that closes every connection (a crashing app) would
 * otherwise be asked a second time every round; the answer does not change while the check stands. Keyed by
 * the check object, so a check replaced on reload asks afresh.
 */
const answered = new WeakMap<object, Map<string, boolean>>();

/**
 * Whether the server at `url`'s host and port answers a TLS handshake: Node's and OpenSSL's TLS servers close on a
 * plain request without a byte, which reads as any server closing. A completed handshake or an alert from the
 * server (a version or cipher it refuses, a client certificate it wants) is TLS; a close, a reset or plain text is
 * not. The certificate is not the question, so it is not verified. Bounded by the probe's `signal` alone (a probe
 * sets no timer of its own); a question the signal ended has no answer, and is asked again next time.
 */
export async function answersTls(check: object, url: URL, signal: AbortSignal): Promise<boolean> {
	const hostPort = `${url.hostname}:${url.port || 80}`;
	const known = answered.get(check)?.get(hostPort);
	if (known !== undefined) {
		return known;
	}

	const answer = await askTls(url, signal);
	if (answer !== undefined) {
		const byHost = answered.get(check) ?? new Map<string, boolean>();
		byHost.set(hostPort, answer);
		answered.set(check, byHost);
	}

	return answer ?? false;
}

/** The handshake itself; undefined when `signal` ended it before the server said anything. */
async function askTls(url: URL, signal: AbortSignal): Promise<boolean | undefined> {
	if (signal.aborted) {
		return undefined;
	}

	const port = Number(url.port || 80);
	// URL keeps an IPv6 address in brackets; SNI is for names only.
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return new Promise(resolve => {
		const socket = connect({host, port, rejectUnauthorized: false, ...(isIP(host) === 0 ? {servername: host} : {})});
		const done = (isTls: boolean | undefined): void => {
			signal.removeEventListener('abort', stop);
			socket.destroy();
			resolve(isTls);
		};

		const stop = (): void => done(undefined);
		signal.addEventListener('abort', stop, {once: true});
		socket.once('secureConnect', () => done(true));
		socket.once('error', (error: Error & {code?: string}) => done(/^ERR_SSL_.*ALERT|^ERR_SSL_UNSUPPORTED_PROTOCOL$/.test(error.code ?? '')));
		socket.once('close', () => done(false));
	});
}
