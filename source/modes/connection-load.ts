import type {Check} from '../config/types.js';

/**
 * New connections a second the http checks plan without keep-alive, at their intervals. Each probe opens its
 * own so that DNS, connect and TLS are measured; at thousands a second that is most of a CPU core
 * (docs/benchmarks.md), while a kept-alive connection costs about half.
 */
export function freshConnectionsPerSecond(checks: readonly Check[]): number {
	let perSecond = 0;
	for (const check of checks) {
		if (check.kind === 'http' && !check.keepAlive) {
			perSecond += 1000 / check.intervalMs;
		}
	}

	return perSecond;
}

/** Above this many a second, `validate` says what they cost (500 took a third of a core in the bench). */
export const freshConnectionsNoteAbove = 500;

export function freshConnectionsNote(checks: readonly Check[]): string | undefined {
	const perSecond = freshConnectionsPerSecond(checks);
	if (perSecond <= freshConnectionsNoteAbove) {
		return undefined;
	}

	const rate = Math.round(perSecond).toLocaleString('en-US');
	return `note: the http checks open ${rate} new connections a second (one per probe, to measure DNS, connect and TLS); at this rate that takes much of a CPU core. \`keepAlive: true\` (in defaults, or per check) reuses them for about half the cost; see docs/benchmarks.md.`;
}
