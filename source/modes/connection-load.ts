import {isIP} from 'node:net';
import type {Check, HttpCheck} from '../config/types.js';
import {redact} from '../text/redact.js';
import type {Secret} from '../config/types.js';

function isFreshHttp(check: Check): check is HttpCheck {
	return check.kind === 'http' && !check.keepAlive;
}

/**
 * New connections a second the http checks plan without keep-alive, at their intervals. Each probe opens its
 * own so that DNS, connect and TLS are measured; at thousands a second that is most of a CPU core
 * (docs/benchmarks.md), while a kept-alive connection costs about half.
 */
export function freshConnectionsPerSecond(checks: readonly Check[]): number {
	let perSecond = 0;
	for (const check of checks) {
		if (isFreshHttp(check)) {
			perSecond += 1000 / check.intervalMs;
		}
	}

	return perSecond;
}

/** Above this many a second, `validate` says what they cost (500 took a third of a core in the bench). */
export const freshConnectionsNoteAbove = 500;

/**
 * uptop closes a fresh probe's connection first, so its host keeps the socket in TIME_WAIT for 60 s (Linux's
 * fixed length), holding a local port for that address and port. The default range of local ports
 * (32768–60999, 28,232 of them) then lasts for ~470 new connections a second to one address and port; past it
 * connecting fails (EADDRNOTAVAIL). Loopback targets reuse such ports (Linux's default `tcp_tw_reuse`).
 */
export const localPortsRunOutAbove = 470;
/** `validate` warns from here: close enough to the limit that one more burst of checks would cross it. */
export const oneTargetNoteAbove = 400;

function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
	return isIP(host) === 4 && host.startsWith('127.');
}

/** The non-loopback host and port that the most fresh connections a second go to, and how many. */
export function busiestFreshTarget(checks: readonly Check[]): {readonly target: string; readonly perSecond: number} | undefined {
	// Counted by the real host and port (two hosts from the environment are two targets, both shown as ••••).
	const byTarget = new Map<string, {perSecond: number; secrets: Secret[]}>();
	for (const check of checks) {
		if (!isFreshHttp(check)) continue;
		let url: URL;
		try {
			url = new URL(check.url);
		} catch {
			continue;
		}

		if (isLoopback(url.hostname)) continue;
		const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
		const load = byTarget.get(target) ?? {perSecond: 0, secrets: []};
		load.perSecond += 1000 / check.intervalMs;
		load.secrets.push(...check.secrets);
		byTarget.set(target, load);
	}

	let busiest: {target: string; perSecond: number} | undefined;
	for (const [target, {perSecond, secrets}] of byTarget) {
		// A host from `${API_HOST}` in any check aimed at it is a secret: `validate` prints this note.
		if (busiest === undefined || perSecond > busiest.perSecond) busiest = {target: redact(target, secrets), perSecond};
	}

	return busiest;
}

const count = (perSecond: number): string => Math.round(perSecond).toLocaleString('en-US');

export function freshConnectionsNote(checks: readonly Check[]): string | undefined {
	const perSecond = freshConnectionsPerSecond(checks);
	const busiest = busiestFreshTarget(checks);
	const notes: string[] = [];
	if (perSecond > freshConnectionsNoteAbove) {
		notes.push(`note: the http checks open ${count(perSecond)} new connections a second (one per probe, to measure DNS, connect and TLS); at this rate that takes much of a CPU core. \`keepAlive: true\` (in defaults, or per check) reuses them for about half the cost; see docs/benchmarks.md.`);
	}

	if (busiest !== undefined && busiest.perSecond > oneTargetNoteAbove) {
		notes.push(`note: ${count(busiest.perSecond)} new connections a second go to ${busiest.target}. Each one closed leaves this host a port in TIME_WAIT for a minute, and with Linux's default range of local ports connecting to one address and port fails (EADDRNOTAVAIL) past ~${localPortsRunOutAbove} a second. \`keepAlive: true\` on those checks avoids it.`);
	}

	return notes.length === 0 ? undefined : notes.join('\n');
}
