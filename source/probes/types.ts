import type {Check} from '../config/types.js';

/**
 * Why a probe did not pass. A closed set: the UI, `--json` and the statistics branch on it,
 * never on message text. Mapped once from undici / Node error codes in `reason.ts`.
 */
export type ReasonCode =
	| 'dns'
	| 'dns:unavailable'
	| 'dns:nodata'
	| 'dns:servfail'
	| 'dns:timeout'
	| 'refused'
	| 'unreachable'
	| 'local:address'
	| 'local:files'
	| 'timeout:connect'
	| 'timeout:tls'
	| 'timeout:headers'
	| 'timeout:body'
	| 'timeout:total'
	| 'timeout:command'
	| 'reset'
	| 'protocol'
	| 'truncated'
	| 'too_large'
	| 'redirect'
	| 'tls:expired'
	| 'tls:not_yet_valid'
	| 'tls:self_signed'
	| 'tls:untrusted'
	| 'tls:hostname'
	| 'tls:handshake'
	| 'tls:expiring'
	| 'expect:status'
	| 'expect:json'
	| 'expect:body'
	| 'expect:header'
	| 'expect:banner'
	| 'expect:answer'
	| 'expect:output'
	| 'command:warning'
	| 'command:critical'
	| 'command:unknown'
	/** A program read with `exitCodes: plain` exited with a code other than 0. */
	| 'command:exit'
	| 'command:not_found'
	| 'command:signal'
	| 'stale'
	| 'threshold'
	| 'no_data'
	| 'cancelled'
	| 'internal'
	| 'unknown';

export type Reason = {
	readonly code: ReasonCode;
	/** Short, specific, already sanitized and redacted: "timeout after 5s (waiting for headers)". */
	readonly message: string;
};

/**
 * What the probe concluded. `slow` is not here: it is decided by the monitor from latency and the
 * check's `slowMs` (classifyState), so the same rule applies to every kind.
 */
/** `unknown`: the check itself could not tell (a Nagios plugin's exit 3, UNKNOWN). */
export type Outcome = 'up' | 'warn' | 'failing' | 'unknown' | 'cancelled';

/** Milliseconds spent in each phase of one attempt; absent phases did not happen (reused connection, no TLS). */
export type Phases = {
	readonly dnsMs?: number;
	readonly connectMs?: number;
	readonly tlsMs?: number;
	/** Request sent → first byte of the response. */
	readonly ttfbMs?: number;
	readonly transferMs?: number;
	readonly totalMs: number;
	/** Set when the request went over a kept connection an earlier probe made: how long ago that was. */
	readonly reusedConnectionAgeMs?: number;
};

export type Certificate = {
	readonly subject?: string;
	readonly issuer?: string;
	/** Epoch ms. */
	readonly validTo: number;
	readonly daysLeft: number;
};

/** Nagios perfdata `label=value[UOM];warn;crit;min;max`. */
export type Perfdata = {
	readonly label: string;
	readonly value: number;
	readonly unit?: string;
	readonly warn?: string;
	readonly crit?: string;
	readonly min?: number;
	readonly max?: number;
};

/** One row of a check that fans out (`prometheus` with `each:`). */
export type SeriesResult = {
	/** Value of the `each` label; becomes the row's name suffix. */
	readonly label: string;
	readonly outcome: Outcome;
	readonly value: number;
	readonly reason?: Reason;
	readonly summary: string;
};

/**
 * A check with `each:` whose query returned more series than it makes rows for (prometheus.ts maxSeriesRows):
 * `returned` series came back, `shown` of them have rows of their own, the rest share one row.
 */
export type SeriesCap = {readonly returned: number; readonly shown: number; readonly maxRows: number};

/**
 * The outcome of one probe attempt. A failing target is a result, never an exception: probes throw
 * only for uptop's own bugs. All strings are sanitized (no control characters) and redacted.
 */
export type ProbeResult = {
	readonly outcome: Outcome;
	/** Monotonic-clock duration of the attempt in ms (what the table shows as latency). */
	readonly latencyMs: number;
	/** Wall-clock start, epoch ms (for display and history only, never for durations). */
	readonly startedAt: number;
	readonly reason?: Reason;
	/** One line describing what came back: "200 OK · 512 B", "3 answers", "OK - 0.001s response time". */
	readonly summary: string;
	readonly status?: number;
	readonly phases?: Phases;
	/** The first few hundred characters of the body / output, sanitized. */
	readonly excerpt?: string;
	/** Response headers worth showing (sanitized, secrets redacted), lower-case names. */
	readonly headers?: Readonly<Record<string, string>>;
	readonly version?: string;
	readonly certificate?: Certificate;
	readonly perfdata?: readonly Perfdata[];
	/** The numeric value a `prometheus` check read (without `each`). */
	readonly value?: number;
	/** How long ago a `freshness` check's job last succeeded, ms, when it could tell (for `--json`'s `ageMs`). */
	readonly ageMs?: number;
	readonly series?: readonly SeriesResult[];
	/** Set when `series` was cut to the cap on rows a check makes; shared by every row of the check. */
	readonly seriesCap?: SeriesCap;
	/** Free-form notes ("insecure: TLS not verified", "malformed perfdata ignored"). */
	readonly notes?: readonly string[];
	/** Which attempt this was (0 = first); set by the monitor when retries are configured. */
	readonly attempt?: number;
};

/**
 * Every probe module exports `probe` with this shape. `signal` is the only timer a probe may rely on:
 * the caller aborts it at the check's deadline (reason `timeout`) or on shutdown (reason `cancelled`).
 */
export type ProbeFunction<C extends Check = Check> = (check: C, signal: AbortSignal) => Promise<ProbeResult>;

/**
 * How a probe tells a deadline from a shutdown: the monitor aborts with a DOMException named
 * `TimeoutError` when the check's timeout passes, and with one named `AbortError` when uptop quits,
 * reloads or the check is removed (then the result is `cancelled`, never `failing`).
 */
export function isDeadline(signal: AbortSignal): boolean {
	const reason: unknown = signal.reason;
	return typeof reason === 'object' && reason !== null && (reason as {name?: unknown}).name === 'TimeoutError';
}
