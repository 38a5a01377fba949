/**
 * The typed, resolved check definitions that `loadConfig` produces from checks.yaml.
 * Everything downstream (probes, monitor, ui, modes) depends only on these plain objects.
 * Durations are already milliseconds; defaults and group settings are already applied;
 * `${ENV}` references are already substituted.
 */

/**
 * A value hidden only where it stands as a whole token, not inside other words: a short `${NAME}` value outside
 * a secret position (`REGION=eu`, `ENV=prod`), which hidden everywhere would turn `expect` into `e••••pect`.
 * See secretFromEnv in ./env-secret.ts for which values these are.
 */
export type TokenSecret = {readonly wholeToken: string};
/** A text hidden wherever it appears (a credential), or a TokenSecret. */
export type Secret = string | TokenSecret;

/**
 * One `${NAME}` the loader substituted: which variable gave which part of a value, so a command shown to the person
 * on call (hand-command.ts) can name the variable instead of printing its value.
 */
export type EnvPart = {
	/** The variable's name. */
	readonly name: string;
	/** What it gave (a secret, like every value from the environment); empty for a variable set to nothing. */
	readonly value: string;
	/** The whole value it was substituted into, as the check holds it (`https://db:••••@host/`, unredacted). */
	readonly substituted: string;
	/** Where `value` starts in `substituted`. */
	readonly at: number;
	/**
	 * Set when `substituted` is a file setting (`ca`, `cwd`, `file`), which the check holds resolved against this
	 * directory, the one of the file it was written in (resolve-path.ts).
	 */
	readonly relativeTo?: string;
};

export type CheckKind = 'http' | 'tcp' | 'dns' | 'tls' | 'command' | 'freshness' | 'prometheus';

/** Where a check (or any value) was written, for messages that point back at the file. */
export type SourceLocation = {
	readonly file: string;
	readonly line: number;
	readonly column: number;
};

/** Settings every kind accepts. */
export type CheckCommon = {
	/** Unique within a config; also the identity that keeps history across reloads. */
	readonly id: string;
	readonly name: string;
	readonly kind: CheckKind;
	readonly group?: string;
	readonly owner?: string;
	readonly runbook?: string;
	readonly rollback?: string;
	readonly description?: string;
	/** The `description` of its group under `groups:`. */
	readonly groupDescription?: string;
	/** Time between the end of one probe and the start of the next. Default 10 s. */
	readonly intervalMs: number;
	/** Hard deadline for one probe attempt. Default 5 s. */
	readonly timeoutMs: number;
	/** Latency at or above this makes an otherwise passing result `slow`. Default 1 s. */
	readonly slowMs: number;
	/** Extra attempts after a failed one before the result counts as failing. Default 0. */
	readonly retries: number;
	/**
	 * Literal strings that must never be shown: values that came from `${ENV}`, secret headers,
	 * URL credentials, fields marked `secret`. `redact()` replaces them everywhere (a TokenSecret where it is a whole token).
	 */
	readonly secrets: readonly Secret[];
	/** Every `${NAME}` substituted into the check's settings (its own, its group's, the defaults'); absent with none. */
	readonly envParts?: readonly EnvPart[];
	/**
	 * The display copy only (displayCheck): a shell command that does what the probe does, with `"${NAME}"` for a
	 * value from the environment and `••••` for a secret written in the file (hand-command.ts).
	 */
	readonly byHand?: string;
	/** A short, human description of what is expected (shown in the detail pane), e.g. "status 200". */
	readonly expectSummary: string;
	readonly source?: SourceLocation;
};

/** `200`, `[200, 204]`, `2xx` → a list of inclusive ranges. */
export type StatusRange = {readonly min: number; readonly max: number};

export type HttpExpect = {
	readonly status: readonly StatusRange[];
	/** Subset the JSON body must contain; keys are dotted paths (`checks.db.status`). */
	readonly json?: Readonly<Record<string, unknown>>;
	/** Substring, or a regular expression written as `/…/flags`. */
	readonly body?: {readonly substring: string} | {readonly regex: string; readonly flags: string};
	/** Header name (lower case) → substring or regex the value must match. */
	readonly header?: Readonly<Record<string, {readonly substring: string} | {readonly regex: string; readonly flags: string}>>;
	/** Bytes of body read at most; a longer body fails with `too_large`. Default 1 MiB. */
	readonly maxBytes: number;
};

export type VersionSource = {readonly json: string} | {readonly header: string};

export type HttpCheck = CheckCommon & {
	readonly kind: 'http';
	readonly url: string;
	readonly method: string;
	/** Header names are lower case. */
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: string;
	readonly expect: HttpExpect;
	readonly version?: VersionSource;
	/** Redirects followed at most; default 5; 0 means do not follow. */
	readonly maxRedirects: number;
	/** PEM file path for a private CA. */
	readonly ca?: string;
	/** Where `ca` was written (in the check, its group or the defaults): `uptop validate` points there when the file is wrong. */
	readonly caSource?: SourceLocation & {readonly endColumn?: number};
	/** Skip TLS verification (shown as an "insecure" marker). */
	readonly insecure: boolean;
	/** Reuse connections between probes (cheaper) or open a fresh one each time (measures DNS/connect/TLS). Default false. */
	readonly keepAlive: boolean;
};

export type TcpCheck = CheckCommon & {
	readonly kind: 'tcp';
	readonly host: string;
	readonly port: number;
	readonly send?: string;
	/** Substring the banner / reply must contain. */
	readonly expectText?: string;
};

export type DnsCheck = CheckCommon & {
	readonly kind: 'dns';
	readonly name: string;
	/**
	 * The DNS name to resolve. `loadConfig` always sets it: to the `query:` key, or to `name` when
	 * `query:` is absent (`name` is also the display name, so a check can show "api (A)" and query
	 * "api.internal.example"). Read it as `check.query ?? check.name`.
	 */
	readonly query?: string;
	/** A, AAAA, CNAME, MX, TXT, NS, SRV. Default A. */
	readonly type: string;
	/** `host` or `host:port` of the resolver; the system resolver when absent. */
	readonly server?: string;
	/** Answers that must all be present. */
	readonly expectAnswers?: readonly string[];
};

export type TlsCheck = CheckCommon & {
	readonly kind: 'tls';
	readonly host: string;
	readonly port: number;
	/** SNI / name the certificate must match; default the host. */
	readonly servername?: string;
	readonly ca?: string;
	/** Where `ca` was written (in the check, its group or the defaults): `uptop validate` points there when the file is wrong. */
	readonly caSource?: SourceLocation & {readonly endColumn?: number};
	/** Fewer days left than this → warn. Default 14. */
	readonly warnDays: number;
	/** Fewer days left than this → failing. Default 3. */
	readonly failDays: number;
};

export type CommandCheck = CheckCommon & {
	readonly kind: 'command';
	/** argv; with `shell: true`, a single string run by /bin/sh -c. */
	readonly run: readonly string[];
	readonly shell: boolean;
	readonly env: Readonly<Record<string, string>>;
	readonly cwd?: string;
	/** Where `cwd` was written, when it was: `uptop validate` points there when the directory is missing. */
	readonly cwdSource?: SourceLocation & {readonly endColumn?: number};
	/**
	 * Text its output (stdout or stderr) must contain, for programs that are not Nagios plugins: without it,
	 * only the exit code decides (redis-cli exits 0 on an error reply). Not matched → failing.
	 */
	readonly expectOutput?: {readonly substring: string} | {readonly regex: string; readonly flags: string};
	/**
	 * How the exit code is read: `nagios` (the default, a contract) 0 up, 1 warn, 2 failing, 3 unknown; `plain`
	 * 0 up and any other code failing, for scripts that exit 1 on failure (`test -f`, a cron job's wrapper).
	 * Absent: nagios.
	 */
	readonly exitCodes?: 'nagios' | 'plain';
};

export type FreshnessCheck = CheckCommon & {
	readonly kind: 'freshness';
	readonly url?: string;
	/** Dotted path to the last-success timestamp (ISO 8601 or epoch seconds/ms) in the JSON body. */
	readonly field?: string;
	readonly file?: string;
	readonly maxAgeMs: number;
	/** Older than this → warn (a job running late); absent: up until `maxAgeMs`. Below `maxAgeMs`. */
	readonly warnAgeMs?: number;
	readonly headers: Readonly<Record<string, string>>;
};

export type Threshold = {readonly op: '>' | '>=' | '<' | '<=' | '==' | '!='; readonly value: number};

/** What a prometheus value measures, for showing it: seconds, milliseconds, bytes or a percentage (0–100). */
export type ValueUnit = 's' | 'ms' | 'bytes' | '%';

export type PrometheusCheck = CheckCommon & {
	readonly kind: 'prometheus';
	/** Base URL of the Prometheus server. */
	readonly url: string;
	readonly query: string;
	/** Label whose value names one row per series. */
	readonly each?: string;
	/** The value is `warn` when it satisfies this threshold. */
	readonly warn?: Threshold;
	/** The value is `failing` when it satisfies this threshold. */
	readonly fail?: Threshold;
	/** How the value and thresholds are written in summaries and reasons; `--json`'s value stays the number. */
	readonly unit?: ValueUnit;
	readonly headers: Readonly<Record<string, string>>;
};

export type Check = HttpCheck | TcpCheck | DnsCheck | TlsCheck | CommandCheck | FreshnessCheck | PrometheusCheck;

/** The texts a config was built from (absolute path → text as read) and what each include glob matched. */
export type ConfigInputs = {
	readonly texts: ReadonlyMap<string, string>;
	readonly globs: ReadonlyArray<{readonly pattern: string; readonly baseDirectory: string; readonly files: readonly string[]}>;
};

export type Config = {
	/** Absolute path of the top-level file. */
	readonly file: string;
	/** Every file read (the top-level one and its includes), for the watcher. */
	readonly files: readonly string[];
	readonly checks: readonly Check[];
	/** `concurrency:`, probes in flight at most; absent: the engine sizes it from the fleet. */
	readonly concurrency?: number;
	/** Directories whose contents matter (where include globs look), for the watcher. */
	readonly directories?: readonly string[];
	/** What it was made from: `inputsUnchanged` tells without parsing again whether it is still current. */
	readonly inputs?: ConfigInputs;
};
