import {Agent, Client, type Dispatcher} from 'undici';
import type {Certificate} from '../types.js';
import {timedConnector, type Trace} from './connector.js';

/** What a probe sends requests through: an Agent for kept-alive checks, a ProbeDispatcher otherwise. */
export type SessionDispatcher = Pick<Dispatcher, 'dispatch'> & {destroy(reason: Error | null): Promise<void>};

/** A dispatcher plus the slot its connector reads the current attempt's trace from. */
export type Session = {
	readonly dispatcher: SessionDispatcher;
	trace?: Trace;
	/** Last certificate seen on this dispatcher: a reused connection has no handshake to read it from. */
	certificate?: Certificate;
	/** Done with the session: a per-probe dispatcher is destroyed (sockets closed), a cached one kept. */
	readonly release: () => void;
};

export type SessionOptions = {
	readonly checkId: string;
	readonly keepAlive: boolean;
	readonly timeoutMs: number;
	readonly insecure: boolean;
	readonly ca?: Buffer;
	readonly caPath?: string;
};

/** check id → its keep-alive session and the settings it was made with. */
const backstopMs = 1000;

const cached = new Map<string, {key: string; session: Session}>();

/**
 * A fresh-connection probe's dispatcher: one undici Client per origin (a redirect may change it) and
 * nothing in front. An Agent per probe deep-cloned its options and kept per-origin bookkeeping that a
 * probe of one or two requests never uses: about 5 % of a core at 2,000 fresh probes a second.
 */
class ProbeDispatcher {
	/** The first origin's client; a redirect to another origin adds one to `#others`. */
	#origin?: string;
	#client?: Client;
	#others?: Map<string, Client>;

	constructor(private readonly options: Client.Options) {}

	dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
		const origin = String(options.origin);
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

	async destroy(reason: Error | null): Promise<void> {
		const clients = this.#others ? [this.#client!, ...this.#others.values()] : this.#client ? [this.#client] : [];
		await Promise.all(clients.map(async client => client.destroy(reason)));
	}
}

function createSession(options: SessionOptions, release: (session: Session) => void): Session {
	let session: Session | undefined;
	const clientOptions: Client.Options = {
		connect: timedConnector(
			{timeoutMs: options.timeoutMs + backstopMs, insecure: options.insecure, ...(options.ca ? {ca: options.ca} : {})},
			() => session?.trace,
		),
		// Backstops only: the deadline signal bounds the attempt. undici's coarse timers (~500 ms ticks) can
		// fire up to a tick EARLY, so set at the timeout itself they would fail a target that answers in time.
		headersTimeout: options.timeoutMs + backstopMs,
		bodyTimeout: options.timeoutMs + backstopMs,
		pipelining: 1,
		keepAliveTimeout: options.keepAlive ? 30_000 : 1000,
		keepAliveMaxTimeout: options.keepAlive ? 60_000 : 1000,
	};
	// One connection per origin: a Pool would open a second one while the first is still being released.
	const dispatcher = options.keepAlive ? new Agent({...clientOptions, connections: 1}) : new ProbeDispatcher(clientOptions);
	session = {dispatcher, release: () => release(session!)};
	return session;
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

/**
 * The dispatcher for one probe. Without keep-alive every probe gets its own (so DNS, connect and
 * TLS are really measured) that is destroyed when the probe ends; with keep-alive one agent per check
 * is cached and reused until `closeHttpAgents()`.
 */
export function openSession(options: SessionOptions): Session {
	if (!options.keepAlive) {
		return createSession(options, destroy);
	}

	const key = JSON.stringify([options.checkId, options.timeoutMs, options.insecure, options.caPath ?? '', options.ca?.length ?? 0]);
	const entry = cached.get(options.checkId);
	if (entry?.key === key) {
		return entry.session;
	}

	if (entry) {
		destroy(entry.session);
	}

	const session = createSession(options, () => undefined);
	cached.set(options.checkId, {key, session});
	return session;
}

/** Closes every cached keep-alive agent (on shutdown or config reload). */
export async function closeHttpAgents(): Promise<void> {
	const sessions = [...cached.values()].map(entry => entry.session);
	cached.clear();
	await Promise.all(sessions.map(async session => session.dispatcher.destroy(null).catch(() => undefined)));
}
