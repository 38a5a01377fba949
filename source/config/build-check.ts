import path from 'node:path';
import type {ConfigIssue} from './config-error.js';
import {formatDuration} from './duration.js';
import {dnsNameProblem} from './dns-name.js';
import {summarizeExpect, type CheckDraft} from './expect-summary.js';
import {builtinDefaults} from './format.js';
import type {Scope} from './load-file.js';
import {keyLocations, type Located} from './read-context.js';
import {resolveSettingPath} from './resolve-path.js';
import {isWarnUnreachable, thresholdText} from './threshold.js';
import type {RawCheck} from './read-check.js';
import {headerSecrets, isCredentialValue, uniqueSecrets, urlSecrets, urlSecretsWithin} from './secrets.js';
import type {Check, CommandCheck, HttpExpect, StatusRange, Threshold, ValueUnit} from './types.js';
import {contentLengthProblem} from './refused-headers.js';
import {composed} from '../text/composed.js';

type Picked<T> = {readonly value: T | undefined; readonly at: Located | undefined};
type Values = Readonly<Record<string, unknown>>;

/** check > group > defaults, with where the winning value was written. */
function makePicker(scopes: ReadonlyArray<Values | undefined>) {
	return function pick<T>(key: string): Picked<T> {
		for (const scope of scopes) {
			if (scope && scope[key] !== undefined) {
				return {value: scope[key] as T, at: keyLocations.get(scope)?.get(key)};
			}
		}

		return {value: undefined, at: undefined};
	};
}

/** Where a setting was written, as a plain copy for the check to carry. */
const located = (at: Located): Located => ({file: at.file, line: at.line, column: at.column, ...(at.endColumn === undefined ? {} : {endColumn: at.endColumn})});

/** `ca`, resolved against the file it was written in, and where it was written; nothing when no scope sets it. */
function caSetting(ca: Picked<string>, resolvePath: (value: unknown) => string | undefined): {ca?: string; caSource?: Located} {
	const file = resolvePath(ca.value);
	if (file === undefined) return {};
	return {ca: file, ...(ca.at === undefined ? {} : {caSource: located(ca.at)})};
}

const lowerKeys = <T>(record: Readonly<Record<string, T>> | undefined): Record<string, T> =>
	Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key.toLowerCase(), value]));

const issueAt = (at: Located, message: string, extra: Partial<ConfigIssue> = {}): ConfigIssue => ({...at, message, ...extra});

/**
 * Merges one raw check with its group and the defaults into the typed `Check` the rest of uptop uses.
 * Cross-key problems (timeout longer than interval, run without shell, ...) are added to `issues`.
 */
export function buildCheck(raw: RawCheck, group: Scope | undefined, defaults: Scope | undefined, issues: ConfigIssue[]): Check | undefined {
	const values = raw.values;
	const scopes = [values, group?.values, defaults?.values];
	const pick = makePicker(scopes);
	const own = (key: string): Located => keyLocations.get(values)?.get(key) ?? raw.source;
	// Paths written in a check are relative to its file; group and defaults paths were resolved against theirs.
	const envParts = [...raw.envParts, ...(group?.envParts ?? []), ...(defaults?.envParts ?? [])];
	const resolvePath = (value: unknown): string | undefined => (typeof value === 'string' ? resolveSettingPath(value, path.dirname(raw.absoluteFile), envParts) : undefined);
	const errorsBefore = issues.length;

	const interval = pick<number>('interval');
	const timeout = pick<number>('timeout');
	const intervalMs = interval.value ?? builtinDefaults.intervalMs;
	// A timeout nobody wrote must not make a short interval an error: the built-in one gives way to the interval.
	const timeoutMs = timeout.value ?? Math.min(builtinDefaults.timeoutMs, intervalMs);
	if (timeoutMs > intervalMs) {
		const at = timeout.at ?? raw.source;
		// Set only in defaults or a group: one message for all its checks (issues are de-duplicated by text).
		const isOwn = values.timeout !== undefined || values.interval !== undefined;
		// An interval nobody wrote is uptop's 10s, which the reader of `defaults: {timeout: 30s}` may not know.
		const isBuiltIn = interval.value === undefined;
		// Neither is the check's own, and they come from a group and the defaults: both are named, or the message at
		// `defaults:` would not say which interval it is measured against, nor which checks it concerns.
		const groupName = typeof values.group === 'string' ? values.group : undefined;
		const scopeOf = (key: string): string | undefined => group?.values[key] !== undefined ? `group \`${groupName}\`` : defaults?.values[key] !== undefined ? 'defaults' : undefined;
		const [timeoutScope, intervalScope] = [scopeOf('timeout'), scopeOf('interval')];
		const isSplit = !isOwn && !isBuiltIn && timeoutScope !== intervalScope;
		const message = isSplit
			? `timeout ${formatDuration(timeoutMs)}${timeoutScope === 'defaults' ? ' (defaults)' : ` of ${timeoutScope}`} is longer than the interval ${formatDuration(intervalMs)}${intervalScope === 'defaults' ? ' (defaults)' : ` of ${intervalScope}`}`
			: `timeout ${formatDuration(timeoutMs)} is longer than the interval ${formatDuration(intervalMs)}${isOwn ? ` of check \`${String(values.name)}\`` : ''}${isBuiltIn ? ', the built-in default' : ''}`;
		const where = isBuiltIn && !isOwn ? ' (interval: under defaults: for every check)' : isSplit && intervalScope !== 'defaults' ? ` (timeout: under the group \`${groupName}\` for its checks)` : '';
		issues.push(issueAt(at, message, {
			...(isOwn ? {path: raw.path} : {}),
			hint: `a probe that hangs would hold the check longer than its interval, so results would come less often than it says; lower the timeout or raise the interval${where}`,
		}));
	}

	const headers = {...lowerKeys(defaults?.values.headers as Values as Record<string, string>), ...lowerKeys(group?.values.headers as Record<string, string>), ...lowerKeys(values.headers as Record<string, string>)};
	if (headers['content-length'] !== undefined) {
		const problem = contentLengthProblem(String(headers['content-length']), raw.kind === 'http' ? values.body as string | undefined : undefined);
		// Where it is written: the check's own headers, else its group's, else the defaults'.
		const written = [values, group?.values, defaults?.values].map(scope => scope?.headers as Values | undefined).find(scoped => scoped !== undefined && Object.keys(scoped).some(name => name.toLowerCase() === 'content-length'));
		const name = Object.keys(written ?? {}).find(key => key.toLowerCase() === 'content-length');
		if (problem !== undefined) issues.push(issueAt((written && name ? keyLocations.get(written)?.get(name) : undefined) ?? raw.source, problem.message, {hint: problem.hint}));
	}

	const secrets = [...raw.secrets, ...(group?.secrets ?? []), ...(defaults?.secrets ?? [])];
	const common = {
		id: String(values.name),
		name: String(values.name),
		// Composed, as groups are matched: labels written two ways are one group on the screen, not two alike rows.
		group: values.group === undefined ? undefined : composed(values.group as string),
		owner: pick<string>('owner').value,
		runbook: pick<string>('runbook').value,
		rollback: pick<string>('rollback').value,
		description: values.description as string | undefined,
		groupDescription: group?.values.description as string | undefined,
		intervalMs,
		timeoutMs,
		slowMs: pick<number>('slow').value ?? builtinDefaults.slowMs,
		retries: pick<number>('retries').value ?? builtinDefaults.retries,
		source: {file: raw.source.file, line: raw.source.line, column: raw.source.column},
	};

	let check: CheckDraft;
	switch (raw.kind) {
		case 'http': {
			const expect = (values.expect ?? {}) as Values;
			const httpExpect: HttpExpect = {
				status: (expect.status as StatusRange[] | undefined) ?? [{min: 200, max: 299}],
				json: expect.json as HttpExpect['json'],
				body: expect.body as HttpExpect['body'],
				header: expect.header ? lowerKeys(expect.header as NonNullable<HttpExpect['header']>) : undefined,
				maxBytes: (expect.maxBytes as number | undefined) ?? builtinDefaults.maxBytes,
			};
			secrets.push(...headerSecrets(headers), ...urlSecrets(values.url as string));
			const method = (values.method as string | undefined) ?? builtinDefaults.method;
			// The answer to a HEAD request has no body: an expectation on it would fail on every probe.
			if (method.toUpperCase() === 'HEAD') {
				for (const key of ['json', 'body'] as const) {
					if (expect[key] === undefined) continue;
					issues.push(issueAt(keyLocations.get(expect)?.get(key) ?? own('expect'), `\`expect.${key}\` can never match in check \`${String(values.name)}\`: the answer to a HEAD request has no body`, {
						path: `${raw.path}.expect.${key}`,
						hint: `drop \`method: HEAD\` (a GET reads the body), or expect only \`status\` and \`header\``,
					}));
				}

				const version = values.version as {json?: string} | undefined;
				if (version?.json !== undefined) {
					issues.push(issueAt(keyLocations.get(version)?.get('json') ?? own('version'), `\`version.json\` can never be read in check \`${String(values.name)}\`: the answer to a HEAD request has no body`, {
						path: `${raw.path}.version.json`,
						hint: 'drop `method: HEAD` (a GET reads the body), or read the version from a header: version: {header: x-version}',
					}));
				}
			}

			const maxRedirects = pick<number>('maxRedirects').value ?? builtinDefaults.maxRedirects;
			if (maxRedirects > 0 && expect.status !== undefined && isOnlyFollowedRedirects(httpExpect.status)) {
				issues.push(issueAt(keyLocations.get(expect)?.get('status') ?? own('expect'), `\`expect.status\` ${statusRangesText(httpExpect.status)} can never match in check \`${String(values.name)}\`: redirects are followed, so the status checked is the last answer's, not the redirect's`, {
					path: `${raw.path}.expect.status`,
					hint: 'add `maxRedirects: 0` to check the redirect itself',
				}));
			}

			check = {
				...common,
				kind: 'http',
				url: values.url as string,
				method,
				headers,
				body: values.body as string | undefined,
				expect: httpExpect,
				version: values.version as {json: string} | {header: string} | undefined,
				maxRedirects,
				...caSetting(pick<string>('ca'), resolvePath),
				insecure: pick<boolean>('insecure').value ?? false,
				keepAlive: pick<boolean>('keepAlive').value ?? false,
			};
			break;
		}

		case 'tcp': {
			const {host, port} = values.host as {host: string; port: number};
			check = {...common, kind: 'tcp', host, port, send: values.send as string | undefined, expectText: values.expect as string | undefined};
			break;
		}

		case 'dns': {
			const nameProblem = values.query === undefined ? dnsNameProblem(common.name) : undefined;
			if (nameProblem !== undefined) {
				issues.push(issueAt(own('name'), `a dns check without \`query\` resolves its name, and \`${common.name}\` is not a DNS name: ${nameProblem}`, {path: raw.path, hint: 'add the name to resolve: query: api.example.com'}));
			}

			check = {
				...common,
				kind: 'dns',
				query: (values.query as string | undefined) ?? common.name,
				type: (values.type as string | undefined) ?? builtinDefaults.dnsType,
				server: values.server as string | undefined,
				expectAnswers: values.expect as string[] | undefined,
			};
			break;
		}

		case 'tls': {
			const {host, port} = values.host as {host: string; port: number};
			const warnDays = pick<number>('warnDays');
			const failDays = pick<number>('failDays');
			const warn = warnDays.value ?? builtinDefaults.warnDays;
			const fail = failDays.value ?? builtinDefaults.failDays;
			if (fail > warn) {
				issues.push(issueAt(failDays.at ?? warnDays.at ?? raw.source, `failDays ${fail} is greater than warnDays ${warn}`, {path: raw.path, hint: 'a certificate should warn before it fails: failDays ≤ warnDays'}));
			}

			check = {...common, kind: 'tls', host, port, servername: values.servername as string | undefined, ...caSetting(pick<string>('ca'), resolvePath), warnDays: warn, failDays: fail};
			break;
		}

		case 'command': {
			const run = values.run as string | string[];
			const shell = (values.shell as boolean | undefined) ?? false;
			if (typeof run === 'string' && !shell) {
				issues.push(issueAt(own('run'), '`run` is one string but `shell` is not true', {path: `${raw.path}.run`, hint: `write it as a list, e.g. run: [${run.split(/\s+/).map(part => JSON.stringify(part)).join(', ')}], or add shell: true`}));
			} else if (Array.isArray(run) && shell && run.length > 1) {
				issues.push(issueAt(own('run'), 'with `shell: true`, `run` is one string (the shell command line)', {path: `${raw.path}.run`, hint: `run: ${JSON.stringify(run.join(' '))}`}));
			}

			const env = (values.env ?? {}) as Record<string, string>;
			secrets.push(...Object.entries(env).filter(([name, value]) => isCredentialValue(name, value)).map(([, value]) => value));
			// A password in a URL the command is given (`psql postgresql://monitor:pw@db/app`) is one as in an http check's url.
			secrets.push(...[run, Object.values(env)].flat().flatMap(text => urlSecretsWithin(text)));
			const expectOutput = values.expect as CommandCheck['expectOutput'];
			const exitCodes = pick<CommandCheck['exitCodes']>('exitCodes').value;
			const cwd = resolvePath(values.cwd);
			const cwdAt = cwd === undefined ? undefined : keyLocations.get(values)?.get('cwd');
			check = {...common, kind: 'command', run: typeof run === 'string' ? [run] : run, shell, env, cwd: cwd ?? path.dirname(raw.absoluteFile), ...(cwdAt === undefined ? {} : {cwdSource: located(cwdAt)}), ...(exitCodes === undefined ? {} : {exitCodes}), ...(expectOutput === undefined ? {} : {expectOutput})};
			break;
		}

		case 'freshness': {
			const hasUrl = values.url !== undefined;
			const hasFile = values.file !== undefined;
			if (hasUrl === hasFile) {
				issues.push(issueAt(hasUrl ? own('file') : raw.source, hasUrl ? 'give either `url` (with `field`) or `file`, not both' : 'missing `url` (with `field`) or `file`', {path: raw.path, expected: 'url: + field:, or file:'}));
			} else if (hasUrl && values.field === undefined) {
				issues.push(issueAt(own('url'), 'missing `field`: the dotted path of the timestamp in the JSON body', {path: raw.path, hint: 'e.g. field: lastSuccess.at'}));
			} else if (hasFile && values.field !== undefined) {
				issues.push(issueAt(own('field'), '`field` only applies with `url`', {path: raw.path}));
			}

			const maxAgeMs = values.maxAge as number;
			const warnAgeMs = values.warnAge as number | undefined;
			if (warnAgeMs !== undefined && maxAgeMs !== undefined && warnAgeMs >= maxAgeMs) {
				issues.push(issueAt(own('warnAge'), `warnAge ${formatDuration(warnAgeMs)} is not shorter than maxAge ${formatDuration(maxAgeMs)} in check \`${String(values.name)}\``, {path: `${raw.path}.warnAge`, hint: 'a late job should warn before it fails: warnAge < maxAge'}));
			}

			secrets.push(...headerSecrets(headers), ...urlSecrets(values.url as string | undefined));
			check = {...common, kind: 'freshness', url: values.url as string | undefined, field: values.field as string | undefined, file: resolvePath(values.file), maxAgeMs, ...(warnAgeMs === undefined ? {} : {warnAgeMs}), headers};
			break;
		}

		case 'prometheus': {
			const warn = values.warn as Threshold | undefined;
			const fail = values.fail as Threshold | undefined;
			if (warn !== undefined && fail !== undefined && isWarnUnreachable(warn, fail)) {
				const swapped = {op: warn.op, value: fail.value};
				const canSwap = warn.value !== fail.value && !isWarnUnreachable(swapped, {op: fail.op, value: warn.value});
				issues.push(issueAt(own('warn'), `warn ${thresholdText(warn)} can never be reached in check \`${String(values.name)}\`: every value it matches also matches fail ${thresholdText(fail)}, which is checked first`, {
					path: `${raw.path}.warn`,
					hint: canSwap ? `did you mean warn: ${thresholdText(swapped)}, fail: ${thresholdText({op: fail.op, value: warn.value})}?` : 'fail is checked first, so warn has to match some value fail does not: change warn, or drop it',
				}));
			}

			secrets.push(...headerSecrets(headers), ...urlSecrets(values.url as string));
			check = {
				...common,
				kind: 'prometheus',
				url: values.url as string,
				query: values.query as string,
				each: values.each as string | undefined,
				warn,
				fail,
				...(values.unit === undefined ? {} : {unit: values.unit as ValueUnit}),
				headers,
			};
			break;
		}
	}

	if (issues.length > errorsBefore) {
		return undefined;
	}

	const withoutUndefined = Object.fromEntries(Object.entries(check).filter(([, value]) => value !== undefined)) as CheckDraft;
	return {...withoutUndefined, secrets: uniqueSecrets(secrets), ...(envParts.length === 0 ? {} : {envParts}), expectSummary: summarizeExpect(withoutUndefined)} as Check;
}

/** The statuses the http probe follows as redirects (probes/http/redirect.ts). */
const followedRedirects = new Set([301, 302, 303, 307, 308]);

/**
 * Whether every status expected is one of a redirect the probe follows (`301`, `[301, 308]`), so it is only ever
 * judged when the server sent no Location. A range of them all (`3xx`, `300-399`) also holds a 300 or a 304, never
 * followed, as does a 304 or a 2xx beside the redirect: those can still match.
 */
function isOnlyFollowedRedirects(ranges: readonly StatusRange[]): boolean {
	return ranges.length > 0 && ranges.every(range => {
		for (let status = range.min; status <= range.max; status++) {
			if (!followedRedirects.has(status)) return false;
		}

		return true;
	});
}

/** `301`, `3xx`, `301, 308`: the statuses as they are written. */
function statusRangesText(ranges: readonly StatusRange[]): string {
	return ranges.map(range => {
		if (range.min === range.max) return String(range.min);
		return range.min % 100 === 0 && range.max === range.min + 99 ? `${range.min / 100}xx` : `${range.min}-${range.max}`;
	}).join(', ');
}
