import {isIP, type Socket} from 'node:net';
import type {SecureContext, TLSSocket} from 'node:tls';
import type {buildConnector} from 'undici';
import {peerChain, type ChainCertificate} from '../certificate-problem.js';
import {onConnectionAttempt} from '../connection-attempt.js';
import type {Certificate} from '../types.js';
import type {Phase} from './reason.js';
import {buildConnector as buildUndiciConnector} from './undici-parts.js';

/**
 * What one request attempt (one redirect hop) saw while its connection was being made. The connector
 * writes it, the probe reads it: timestamps are `performance.now()` values (monotonic).
 */
export type Trace = {
	phase: Phase;
	readonly signal: AbortSignal;
	connectStartAt?: number;
	lookupAt?: number;
	connectedAt?: number;
	secureAt?: number;
	certificate?: Certificate;
	/** The peer's chain, leaf first, when verification refused it: which certificate expired, which key is weak. */
	refusedChain?: ChainCertificate[];
	/** The socket while it is being connected: a deadline that passes first destroys it. */
	connecting?: Socket;
};

export type ConnectorOptions = {
	/** A `ca`'s trust store, made once per file content (ca-context.ts): made per connection it cost ~24 ms of CPU. */
	readonly secureContext?: SecureContext;
	readonly insecure: boolean;
	readonly timeoutMs: number;
	/** TCP keep-alive probes on the connection: worth it only for one kept open between requests. */
	readonly tcpKeepAlive: boolean;
};

function certificateOf(socket: TLSSocket): Certificate | undefined {
	const peer = socket.getPeerCertificate();
	if (!peer || typeof peer.valid_to !== 'string') {
		return undefined;
	}

	const validTo = Date.parse(peer.valid_to);
	if (Number.isNaN(validTo)) {
		return undefined;
	}

	const name = (part: unknown): string | undefined => {
		if (typeof part !== 'object' || part === null) {
			return undefined;
		}

		const {CN, O} = part as {CN?: unknown; O?: unknown};
		const value = CN ?? O;
		return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
	};

	return {
		subject: name(peer.subject),
		issuer: name(peer.issuer),
		validTo,
		daysLeft: Math.floor((validTo - Date.now()) / 86_400_000),
	};
}

function verificationError(socket: TLSSocket): Error | undefined {
	if (socket.authorized) {
		return undefined;
	}

	// Node leaves the OpenSSL / hostname verdict as a code string here when rejectUnauthorized is off.
	const verdict: unknown = socket.authorizationError;
	const code = verdict instanceof Error ? (verdict as Error & {code?: string}).code ?? verdict.message : String(verdict ?? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
	return Object.assign(new Error(`certificate verification failed: ${code}`), {code});
}

type BaseConnector = (connectOptions: buildConnector.Options, callback: buildConnector.Callback) => Socket;

/**
 * Base connectors by timeout and TCP keep-alive, their only settings besides a custom CA (`insecure` is
 * applied after the handshake, below): building one per probe cost ~1 % of a core at 2,000 fresh probes a second.
 */
const baseConnectors = new Map<string, BaseConnector>();

function baseConnector(options: ConnectorOptions): BaseConnector {
	const build = (): BaseConnector =>
		// undici's connector returns the socket it creates (the type says void); we listen on it for timings.
		buildUndiciConnector({
			timeout: options.timeoutMs,
			// Four setsockopt calls, made twice, per connection: nothing for one that lives a few milliseconds.
			keepAlive: options.tcpKeepAlive,
			// A fresh handshake each time: a resumed session would hide the TLS cost and skip verification.
			maxCachedSessions: 0,
			allowH2: false,
			rejectUnauthorized: false,
			...(options.secureContext ? {secureContext: options.secureContext} : {}),
		}) as unknown as BaseConnector;
	// A custom CA is read per probe (the file may change), so its connector is not kept.
	if (options.secureContext) {
		return build();
	}

	const key = `${options.timeoutMs}/${options.tcpKeepAlive}`;
	let base = baseConnectors.get(key);
	if (base === undefined) {
		base = build();
		baseConnectors.set(key, base);
	}

	return base;
}

/**
 * An undici connector that times DNS, TCP connect and the TLS handshake of each new connection and
 * records the peer certificate. TLS is always negotiated without Node's automatic rejection and then
 * verified here, so the certificate (and its expiry date) is known even when it is refused.
 * The socket being connected is left in `trace.connecting`, for the deadline to destroy.
 */
export function timedConnector(options: ConnectorOptions, currentTrace: () => Trace | undefined): buildConnector.connector {
	const base = baseConnector(options);
	return (connectOptions, callback) => {
		const trace = currentTrace();
		const isTls = connectOptions.protocol === 'https:';
		const isAddress = isIP(connectOptions.hostname) !== 0;
		if (trace) {
			trace.connectStartAt = performance.now();
			trace.phase = isAddress ? 'connect' : 'dns';
		}

		const socket = base(connectOptions, (...args) => {
			const [error, connected] = args;
			if (trace) {
				trace.connecting = undefined;
			}

			if (error || !connected) {
				callback(error ?? new Error('no socket'), null);
				return;
			}

			if (trace) {
				// undici calls back on 'connect' (plain) or 'secureConnect' (TLS): now is that event's time.
				trace[isTls ? 'secureAt' : 'connectedAt'] = performance.now();
			}

			if (isTls) {
				const tlsSocket = connected as TLSSocket;
				const certificate = certificateOf(tlsSocket);
				if (trace && certificate) {
					trace.certificate = certificate;
				}

				const refused = options.insecure ? undefined : verificationError(tlsSocket);
				if (refused) {
					if (trace) {
						trace.refusedChain = peerChain(tlsSocket);
					}

					connected.destroy();
					callback(refused, null);
					return;
				}
			}

			if (trace) {
				trace.phase = 'headers';
			}

			callback(null, connected);
		});

		if (trace) {
			onConnectionAttempt(socket, connectOptions.hostname, at => {
				trace.connectStartAt = at;
			});
			// Only the events whose time is not the callback's: the lookup of a name, TCP under TLS.
			if (!isAddress) {
				socket.once('lookup', () => {
					trace.lookupAt ??= performance.now();
					trace.phase = 'connect';
				});
			}

			if (isTls) {
				socket.once('connect', () => {
					trace.connectedAt = performance.now();
					trace.phase = 'tls';
				});
			}

			trace.connecting = socket;
			if (trace.signal.aborted) {
				queueMicrotask(() => {
					socket.destroy(trace.signal.reason instanceof Error ? trace.signal.reason : undefined);
				});
			}
		}

		return socket;
	};
}
