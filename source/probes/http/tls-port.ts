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

/** How long the handshake that tells a TLS port may take: it only adds a hint, the check has failed already. */
const handshakeMs = 1000;

/**
 * Whether the server at `url`'s host and port answers a TLS handshake: Node's and OpenSSL's TLS servers close on a
 * plain request without a byte, which reads as any server closing. A completed handshake or an alert from the
 * server (a version or cipher it refuses, a client certificate it wants) is TLS; a close, a reset or plain text is
 * not. The certificate is not the question, so it is not verified. Ends at `signal` or after a second.
 */
export async function answersTls(url: URL, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) {
		return false;
	}

	const port = Number(url.port || 80);
	// URL keeps an IPv6 address in brackets; SNI is for names only.
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return new Promise(resolve => {
		const socket = connect({host, port, rejectUnauthorized: false, ...(isIP(host) === 0 ? {servername: host} : {})});
		const done = (isTls: boolean): void => {
			clearTimeout(timer);
			signal.removeEventListener('abort', stop);
			socket.destroy();
			resolve(isTls);
		};

		const stop = (): void => done(false);
		const timer = setTimeout(stop, handshakeMs);
		signal.addEventListener('abort', stop, {once: true});
		socket.once('secureConnect', () => done(true));
		socket.once('error', (error: Error & {code?: string}) => done(/^ERR_SSL_.*ALERT|^ERR_SSL_UNSUPPORTED_PROTOCOL$/.test(error.code ?? '')));
		socket.once('close', stop);
	});
}
