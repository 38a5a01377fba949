import {Agent} from 'undici';
import type {Certificate} from '../types.js';
import {timedConnector, type Trace} from './connector.js';

/** A dispatcher plus the slot its connector reads the current attempt's trace from. */
export type Session = {
	readonly agent: Agent;
	trace?: Trace;
	/** Last certificate seen on this agent: a reused connection has no handshake to read it from. */
	certificate?: Certificate;
	/** Done with the session: a per-probe agent is destroyed (sockets closed), a cached one kept. */
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

function createSession(options: SessionOptions, release: (session: Session) => void): Session {
	let session: Session | undefined;
	const agent = new Agent({
		connect: timedConnector(
			{timeoutMs: options.timeoutMs + backstopMs, insecure: options.insecure, ...(options.ca ? {ca: options.ca} : {})},
			() => session?.trace,
		),
		// Backstops only: the deadline signal bounds the attempt. undici's coarse timers (~500 ms ticks) can
		// fire up to a tick EARLY, so set at the timeout itself they would fail a target that answers in time.
		headersTimeout: options.timeoutMs + backstopMs,
		bodyTimeout: options.timeoutMs + backstopMs,
		// One connection per origin: a Pool would open a second one while the first is still being released.
		connections: 1,
		pipelining: 1,
		keepAliveTimeout: options.keepAlive ? 30_000 : 1000,
		keepAliveMaxTimeout: options.keepAlive ? 60_000 : 1000,
	});
	session = {agent, release: () => release(session!)};
	return session;
}

/**
 * The reason given to every agent destroyed after its probe: by then nothing is waiting on it, so nothing
 * reads it. Without one, undici makes a ClientDestroyedError per probe and the socket's destroy formats its
 * stack: 15 % of the CPU at 2,000 fresh-connection probes a second (docs/benchmarks.md). Its stack is a
 * plain string, so there is nothing to capture or format.
 */
const probeDone = Object.assign(new Error('probe done'), {stack: 'Error: probe done (uptop closed the probe\'s connection)'});

function destroy(session: Session): void {
	// destroy() closes sockets now; its promise only reports completion, and must not go unhandled.
	session.agent.destroy(probeDone).catch(() => undefined);
}

/**
 * The dispatcher for one probe. Without keep-alive every probe gets its own agent (so DNS, connect and
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
	await Promise.all(sessions.map(async session => session.agent.destroy().catch(() => undefined)));
}
