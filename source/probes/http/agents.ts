import type {Socket} from 'node:net';
import type {SecureContext} from 'node:tls';
import type {Client as UndiciClient, Dispatcher} from 'undici';
import type {Certificate} from '../types.js';
import {timedConnector, type Trace} from './connector.js';
import {Agent, Client} from './undici-parts.js';
import {maxHeaderBytes} from './header-limit.js';

/** What a probe sends requests through: an Agent for kept-alive checks, a ProbeDispatcher otherwise. */
export type SessionDispatcher = Pick<Dispatcher, 'dispatch'> & {destroy(reason: Error | null): Promise<void>};

/** A dispatcher plus the slot its connector reads the current attempt's trace from. */
export type Session = {
	readonly dispatcher: SessionDispatcher;
	trace?: Trace;
	/** Last certificate seen on this dispatcher: a reused connection has no handshake to read it from. */
	certificate?: Certificate;
	/** Done with the session: its fresh connections are closed (a one-off dispatcher destroyed), a kept-alive one stays open. */
	readonly release: () => void;
	/** A kept-alive session's open connections, by origin: when each was made (performance.now()). */
	readonly connections?: Map<string, {readonly openedAt: number}>;
};

export type SessionOptions = {
	readonly checkId: string;
	readonly keepAlive: boolean;
	readonly timeoutMs: number;
	readonly insecure: boolean;
	/** The check's `ca` as its trust store, the same object while the file is unchanged (ca-context.ts). */
	readonly secureContext?: SecureContext;
	readonly caPath?: string;
	/**
	 * For the https hops an http url redirected to, with the check's `ca`: a kept-alive one is kept beside the
	 * check's own session, not in its place, so that neither replaces the other at every probe.
	 */
	readonly isRedirectHop?: boolean;
};

const backstopMs = 1000;

/**
 * How old a kept connection may be when a probe starts; an older one is closed and the probe makes a new one. A
 * connection's TLS handshake is the only look at the server's certificate: a check whose interval is shorter than
 * the server's idle timeout would otherwise keep its first connection for ever, and go on being up, with the old
 * certificate's days left, after a rollout put a bad certificate on the server. A minute bounds how long that goes
 * unseen, at one handshake a minute per check.
 */
const keptConnectionMaxAgeDefaultMs = 60_000;
let keptConnectionMaxAgeMs = keptConnectionMaxAgeDefaultMs;

/** For tests: an age limit of a fraction of a second, so that a test need not wait a minute. Undefined restores it. */
export function setKeptConnectionMaxAgeForTests(ms: number | undefined): void {
	keptConnectionMaxAgeMs = ms ?? keptConnectionMaxAgeDefaultMs;
}

/** check id (and " redirect" for a redirect hop's, see isRedirectHop) → its keep-alive session and the settings it was made with. */
const cached = new Map<string, {options: SessionOptions; session: Session}>();

/**
 * A fresh-connection probe's dispatcher: one undici Client per origin (a redirect may change it) and
 * nothing in front. An Agent per probe deep-cloned its options and kept per-origin bookkeeping that a
 * probe of one or two requests never uses: about 5 % of a core at 2,000 fresh probes a second.
 */
class ProbeDispatcher {
	/** The first origin's client; a redirect to another origin adds one to `#others`. */
	#origin?: string;
	#client?: UndiciClient;
	#others?: Map<string, UndiciClient>;
	/** Connections opened since the last `closeConnections()`. */
	#sockets: Socket[] = [];
	/** No request yet in this probe: its first one names the check's origin. */
	#isProbeStart = true;

	constructor(private readonly options: UndiciClient.Options) {}

	dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
		const origin = String(options.origin);
		if (this.#isProbeStart && this.#client !== undefined && origin !== this.#origin) {
			// The check's URL was edited to another origin: its client is the one to keep from now on.
			this.#client.destroy(probeDone).catch(ignore);
			this.#client = undefined;
		}

		this.#isProbeStart = false;
		let client = origin === this.#origin ? this.#client : this.#others?.get(origin);
		if (client === undefined) {
			client = new Client(origin, this.options);
			if (this.#client === undefined) {
				this.#origin = origin;
				this.#client = client;
			} else {
				(this.#others ??= new Map()).set(origin, client);
			}
		}

		return client.dispatch(options, handler);
	}

	/** Called by the connector for every connection it opens. */
	opened(socket: Socket): void {
		this.#sockets.push(socket);
	}

	/**
	 * Ends the probe's connections and drops the clients of redirect targets, but keeps the first origin's
	 * client for the check's next probe, which connects anew through it. `onClosed` runs once undici has
	 * seen every connection close: a request dispatched before that would be written to a closing socket.
	 */
	closeConnections(reason: Error, onClosed: () => void): void {
		let open = 0;
		const closed = (): void => {
			if (--open === 0) {
				onClosed();
			}
		};

		for (const socket of this.#sockets) {
			if (socket.destroyed) {
				continue;
			}

			// undici listens for errors while the socket is its connection; one that is not (yet) needs a listener.
			if (socket.listenerCount('error') === 0) {
				socket.once('error', ignore);
			}

			open++;
			// Registered after undici's own close listener, so undici has let go of the socket when this runs.
			socket.once('close', closed);
			socket.destroy(reason);
		}

		this.#sockets = [];
		this.#isProbeStart = true;
		if (this.#others) {
			for (const client of this.#others.values()) {
				client.destroy(reason).catch(ignore);
			}

			this.#others = undefined;
		}

		if (open === 0) {
			onClosed();
		}
	}

	async destroy(reason: Error | null): Promise<void> {
		const clients = [this.#client, ...(this.#others?.values() ?? [])].filter(client => client !== undefined);
		await Promise.all(clients.map(async client => client.destroy(reason)));
	}
}

const ignore = (): void => undefined;

function createSession(options: SessionOptions, release: (session: Session) => void): Session {
	let session: Session | undefined;
	let probeDispatcher: ProbeDispatcher | undefined;
	const connector = timedConnector(
		{timeoutMs: options.timeoutMs + backstopMs, insecure: options.insecure, tcpKeepAlive: options.keepAlive, ...(options.secureContext ? {secureContext: options.secureContext} : {})},
		() => session?.trace,
	);
	const connections = options.keepAlive ? new Map<string, {readonly openedAt: number}>() : undefined;
	const clientOptions: UndiciClient.Options = {
		connect: connections
			? (connectOptions, callback) => {
				connector(connectOptions, (...args) => {
					const socket = args[1];
					if (socket) {
						// undici's client connects to its origin's URL: protocol and host (with a port other than the scheme's).
						const origin = `${connectOptions.protocol}//${connectOptions.host ?? connectOptions.hostname}`;
						const opened = {openedAt: performance.now()};
						connections.set(origin, opened);
						socket.once('close', () => {
							if (connections.get(origin) === opened) {
								connections.delete(origin);
							}
						});
					}

					callback(...args);
				});
			}
			: (connectOptions, callback) => {
				// undici's connector returns the socket it creates (the type says void).
				const socket = connector(connectOptions, callback) as unknown as Socket;
				probeDispatcher!.opened(socket);
				return socket;
			},
		// Backstops only: the deadline signal bounds the attempt. undici's coarse timers (~500 ms ticks) can
		// fire up to a tick EARLY, so set at the timeout itself they would fail a target that answers in time.
		headersTimeout: options.timeoutMs + backstopMs,
		bodyTimeout: options.timeoutMs + backstopMs,
		maxHeaderSize: maxHeaderBytes,
		pipelining: 1,
		keepAliveTimeout: options.keepAlive ? 30_000 : 1000,
		keepAliveMaxTimeout: options.keepAlive ? 60_000 : 1000,
	};
	// One connection per origin: a Pool would open a second one while the first is still being released.
	probeDispatcher = options.keepAlive ? undefined : new ProbeDispatcher(clientOptions);
	const dispatcher = probeDispatcher ?? new Agent({...clientOptions, connections: 1});
	session = {dispatcher, release: () => release(session!), ...(connections ? {connections} : {})};
	return session;
}

/** How long ago `session`'s open connection to `origin` was made; undefined without one (or without keep-alive). */
export function connectionAgeMs(session: Session, origin: string): number | undefined {
	const opened = session.connections?.get(origin);
	return opened === undefined ? undefined : performance.now() - opened.openedAt;
}

/** Whether a connection of a kept-alive session is past the age a reused connection may have (keptConnectionMaxAgeMs). */
function hasAgedConnection(session: Session): boolean {
	const now = performance.now();
	for (const {openedAt} of session.connections?.values() ?? []) {
		if (now - openedAt >= keptConnectionMaxAgeMs) {
			return true;
		}
	}

	return false;
}

/**
 * The reason given to every dispatcher destroyed after its probe: by then nothing is waiting on it, so nothing
 * reads it. Without one, undici makes a ClientDestroyedError per probe and the socket's destroy formats its
 * stack: 15 % of the CPU at 2,000 fresh-connection probes a second (docs/benchmarks.md). Its stack is a
 * plain string, so there is nothing to capture or format.
 */
const probeDone = Object.assign(new Error('probe done'), {stack: 'Error: probe done (uptop closed the probe\'s connection)'});

function destroy(session: Session): void {
	// destroy() closes sockets now; its promise only reports completion, and must not go unhandled.
	session.dispatcher.destroy(probeDone).catch(() => undefined);
}

/** Whether a kept session was made with these settings (compared field by field: this runs for every probe). */
const isMadeWith = (kept: SessionOptions, options: SessionOptions): boolean =>
	kept.timeoutMs === options.timeoutMs && kept.insecure === options.insecure && (kept.caPath ?? '') === (options.caPath ?? '') && kept.secureContext === options.secureContext;

/** A check's fresh-connection session, kept between its probes. */
type FreshEntry = {readonly options: SessionOptions; readonly session: Session; isBusy: boolean; isRetired: boolean};

/** check id → its fresh-connection session (checks without a custom CA). */
const freshCached = new Map<string, FreshEntry>();

/**
 * The dispatcher for one probe. Without keep-alive every probe opens its own connection (so DNS, connect
 * and TLS are really measured) and closes it when the probe ends; with keep-alive one agent per check
 * is cached and reused until `closeHttpAgents()`, or until a connection of it is older than keptConnectionMaxAgeMs.
 */
export function openSession(options: SessionOptions): Session {
	return options.keepAlive ? keptAliveSession(options) : freshSession(options);
}

function keptAliveSession(options: SessionOptions): Session {
	const key = options.isRedirectHop ? `${options.checkId} redirect` : options.checkId;
	const entry = cached.get(key);
	// A session with a connection past its age is replaced whole: closing that connection alone would race the
	// probe's request onto it before undici had seen it close.
	if (entry && isMadeWith(entry.options, options) && !hasAgedConnection(entry.session)) {
		return entry.session;
	}

	if (entry) {
		destroy(entry.session);
	}

	const session = createSession(options, () => undefined);
	cached.set(key, {options, session});
	return session;
}

/**
 * A fresh-connection probe reuses its check's undici Client and closes the connection when it ends. A
 * Client made per probe cost more than its set-up: undici gives it closures assigned to its own
 * properties, which V8 allocates in the old generation, so every probe's client, socket and parser (and
 * the probe's state they reach) outlived the next young-generation collection and had to be copied
 * and promoted, then collected by a full one (docs/benchmarks.md, sixth session).
 */
function freshSession(options: SessionOptions): Session {
	// A custom CA is read per probe (the file may change): its connector, and so its client, is not kept.
	if (options.secureContext) {
		return createSession(options, destroy);
	}

	const entry = freshCached.get(options.checkId);
	if (entry && isMadeWith(entry.options, options)) {
		if (!entry.isBusy) {
			entry.isBusy = true;
			return entry.session;
		}

		// The check's previous probe is still going (one that ignored its deadline): this one gets its own.
		return createSession(options, destroy);
	}

	if (entry) {
		retire(entry);
	}

	const created: FreshEntry = {
		options,
		isBusy: true,
		isRetired: false,
		session: createSession(options, session => {
			// The next probe makes its own handshake; a certificate from this one must not stand in for it.
			session.certificate = undefined;
			(session.dispatcher as ProbeDispatcher).closeConnections(probeDone, () => {
				// Retired meanwhile (its settings changed, or the check is gone): no probe will use it again.
				if (created.isRetired) {
					destroy(session);
				}

				created.isBusy = false;
			});
		}),
	};
	freshCached.set(options.checkId, created);
	return created.session;
}

/** A session whose settings changed: destroyed now, or when the probe using it ends. */
function retire(entry: FreshEntry): void {
	entry.isRetired = true;
	if (!entry.isBusy) {
		destroy(entry.session);
	}
}

/** Drops the kept sessions of checks the config no longer has (an edit removed or renamed them). */
export function forgetHttpSessions(configured: ReadonlySet<string>): void {
	for (const [key, entry] of cached) {
		if (!configured.has(entry.options.checkId)) {
			cached.delete(key);
			destroy(entry.session);
		}
	}

	for (const [checkId, entry] of freshCached) {
		if (!configured.has(checkId)) {
			freshCached.delete(checkId);
			retire(entry);
		}
	}
}

/** Closes every cached agent and client (on shutdown). */
export async function closeHttpAgents(): Promise<void> {
	const sessions = [...cached.values(), ...freshCached.values()].map(entry => entry.session);
	cached.clear();
	freshCached.clear();
	await Promise.all(sessions.map(async session => session.dispatcher.destroy(null).catch(() => undefined)));
}
