/**
 * The checks.yaml format: the one source of truth for the validator and for schema/checks.schema.json.
 * Keys are camelCase and are a public contract: add keys, never rename them.
 */
import type {CheckKind, ValueUnit} from './types.js';
import {anything, argv, dnsName, duration, hostPort, jsonPath, pattern, resolverAddress, status, threshold, url} from './leaf-types.js';
import {jsonPathProblem} from './json-path.js';
import {refusedHeaderProblem} from './refused-headers.js';
import {codePointOf, fromVariables, headerControlProblem, isCharacterShown} from './header-characters.js';
import {boolean, integer, list, map, object, oneOf, text, type Field, type LeafField} from './schema-model.js';

export const valueUnits: readonly ValueUnit[] = ['s', 'ms', 'bytes', '%'];

export const checkKinds: readonly CheckKind[] = ['http', 'tcp', 'dns', 'tls', 'command', 'freshness', 'prometheus'];

/**
 * The keys of the checks that have a map of this name (`headers`: http, freshness, prometheus), read when the first
 * config is, after the formats below are made; `host` (tcp, tls) stays a header name a virtual host is set with.
 */
const keysBeside = (mapName: string): (key: string) => boolean => {
	let keys: ReadonlySet<string> | undefined;
	return key => {
		keys ??= new Set([...Object.keys(commonFields), ...Object.values(kindFormats).filter(format => mapName in format.fields).flatMap(format => Object.keys(format.fields))]);
		return keys.has(key);
	};
};

const isKeyBesideHeaders = keysBeside('headers');
const isKeyBesideEnv = keysBeside('env');

/**
 * Whether `key: value` under `headers:` or `env:` is a check setting indented one step too far: a mapping or a list
 * (no header or variable holds one) under a check key's name, or a value that reads as that setting (`timeout: 2s`,
 * `exitCodes: plain`), for the settings a header or a variable is least likely to be named after. A WebDAV header
 * `timeout: Second-3600` reads as no duration, and stays a header.
 */
function isMisplacedSetting(key: string, value: unknown, isKeyBeside: (key: string) => boolean, settings: ReadonlySet<string>): boolean {
	if (typeof value === 'object' && value !== null) return isKeyBeside(key);
	if (!settings.has(key)) return false;
	const field = commonFields[key] ?? inheritableFields[key] ?? kindFormats.command.fields[key];
	return field?.type === 'leaf' && field.parse(value).ok;
}

const headerSettings = new Set(['timeout', 'interval', 'retries', 'slow', 'maxRedirects', 'insecure', 'keepAlive']);
const envSettings = new Set(['timeout', 'interval', 'retries', 'slow', 'exitCodes', 'shell']);

/**
 * `timeout: 2s` one step too far in, under `headers:` or `env:`, is read as a header or a variable and the check
 * keeps its default (isMisplacedSetting). A header of that name is still written in another case (`Timeout`), as
 * header names are read without it. A header the HTTP client frames itself (`Expect`, `Transfer-Encoding`) is
 * refused in any case: the probe could never send it.
 */
const headerName = {
	pattern: /^[!#$%&'*+.^`|~\w-]+$/,
	expected: 'an HTTP header name',
	keyProblem: (key: string, value: unknown) => isMisplacedSetting(key, value, isKeyBesideHeaders, headerSettings)
		? {message: `\`${key}:\` under \`headers:\` would be sent as a request header named ${key}`, hint: `to set the check's ${key}, indent it as far as \`headers:\`; for a header of that name write \`${key[0]!.toUpperCase()}${key.slice(1)}\``}
		: refusedHeaderProblem(key, value),
	// The client sends one header of a name in any case (build-check.ts keys them in lower case): the last one written.
	inLowerCase: {noun: 'header', lastWins: 'only the last one would be sent'},
};
/** Response headers (`expect.header`): any name, a check key's too (`version`). Matched by name in lower case. */
const responseHeaderName = {pattern: headerName.pattern, expected: headerName.expected, inLowerCase: {noun: 'header', lastWins: 'only the last one would be checked'}};

/**
 * One response header named as a value (`version.header`): a name no server can send (`X Ver`, `X-Version:` copied
 * with its colon) would never be found, and the check would never read a version. Checked as request header names are.
 */
function headerNameValue(description: string): LeafField {
	const field = text(description, {nonEmpty: true});
	return {
		...field,
		expected: 'an HTTP header name, e.g. x-version',
		jsonSchema: {type: 'string', pattern: headerName.pattern.source},
		parse(value) {
			const read = field.parse(value);
			if (!read.ok || typeof read.value !== 'string' || headerName.pattern.test(read.value)) return read;
			const near = read.value.trim().replace(/:\s*$/, '').replaceAll(/\s+/g, '-').replaceAll(/["']/g, '');
			return {
				ok: false,
				message: `\`${read.value}\` is not ${headerName.expected}`,
				hint: headerName.pattern.test(near) ? `write \`${near}\`: a header name has no spaces, colons or quotes` : 'a header name is letters, digits and - (or !#$%&\'*+.^_`|~), e.g. x-version',
			};
		},
	};
}
const envName = {
	pattern: /^[A-Za-z_]\w*$/,
	expected: 'a variable name',
	keyProblem: (key: string, value: unknown) => isMisplacedSetting(key, value, isKeyBesideEnv, envSettings)
		? {message: `\`${key}:\` under \`env:\` would be an environment variable of the command`, hint: `to set the check's ${key}, indent it as far as \`env:\``}
		: undefined,
};
/** `expect: 200`, `expect: [200, 204]`, `expect: UP`: what a tcp or command check's `expect:` is, written on an http check. */
function httpExpectHint(value: unknown): string | undefined {
	const isStatus = (item: unknown) => (typeof item === 'number' && Number.isInteger(item) && item >= 100 && item <= 599) || (typeof item === 'string' && /^[1-5]xx$/i.test(item));
	if (isStatus(value)) return `write \`expect: {status: ${String(value)}}\``;
	if (Array.isArray(value) && value.length > 0 && value.every(item => isStatus(item))) return `write \`expect: {status: [${value.join(', ')}]}\``;
	if (typeof value === 'string' && value.trim() !== '' && !value.includes('\n')) {
		const written = /^[\w.-]+$/.test(value) ? value : JSON.stringify(value);
		return `write \`expect: {body: ${written}}\` for a body that contains it, or \`expect: {json: {status: ${written}}}\` for a JSON field`;
	}

	return undefined;
}

/** A request body is sent as written: a mapping would have to be turned into JSON (or a form), which uptop does not guess. */
const requestBody: LeafField = (() => {
	// `$NAME` is left as written: GraphQL variables (`query($ID: ID!)`) and MongoDB operators are body text.
	const field = text('Request body.', {secretable: true});
	return {
		...field,
		parse(value) {
			const read = field.parse(value);
			return !read.ok && typeof value === 'object' && value !== null
				? {...read, hint: 'uptop sends the body as written: quote the JSON, body: \'{"query": "x"}\', or write it under body: |'}
				: read;
		},
	};
})();

/**
 * A request header's value: the HTTP client sends each character as one byte, so one past Latin-1 (`決済`, an em dash
 * pasted from a chat) is refused by it at every probe, which read as "uptop internal error", and so is a control
 * character (header-characters.ts). Said here instead, at the value: of a credential or a value from `${NAME}`, with
 * only the character's code point.
 */
function headerValue(): LeafField {
	const field = text('Header value', {secretable: true, pattern: /^[^\r\n]*$/, patternHint: 'a header value cannot contain a line break', refusesBareVariables: true});
	return {
		...field,
		expected: 'a string of one line, in Latin-1',
		parse(value, written) {
			// Before the one-line pattern: a line break from `${NAME}` is the variable's, and the message names it.
			const fromVariable = typeof value === 'string' ? headerControlProblem(value, written, 'fromVariable') : undefined;
			if (fromVariable !== undefined) return fromVariable;
			const read = field.parse(value, written);
			if (!read.ok || typeof read.value !== 'string') return read;
			const control = headerControlProblem(read.value, written, 'written');
			if (control !== undefined) return control;
			const wide = [...read.value].find(character => character.codePointAt(0)! > 0xFF);
			if (wide === undefined) return read;
			const code = codePointOf(wide);
			const isShown = isCharacterShown(wide, written);
			const from = fromVariables(written);
			return {
				ok: false,
				message: `\`${written?.key ?? 'the header'}\`'s value${from === '' ? '' : ` (${from.trim()})`} holds ${isShown ? `\`${wide}\` (${code})` : code}, which a header cannot carry: header values are sent as single bytes (Latin-1)`,
				hint: `write it in ASCII, or percent-encoded as UTF-8 if the server decodes that${isShown ? ` (\`${wide}\` is ${encodeURIComponent(wide)})` : ''}`,
			};
		},
	};
}

const headers = map('Request headers, name → value. Values of Authorization, Cookie, X-Api-Key and names containing token, secret or password are treated as secrets.', headerValue(), headerName);

/**
 * The shortest interval. It is the pause from the end of one probe to the start of the next, so under it a check
 * probes its target all but back to back: a load generator, not a health monitor (one check at 1ms answering in 1ms
 * is 500 requests a second). 100ms is the shortest the docs, demo and tests need (a test that wrote 20ms only to
 * finish sooner now writes 100ms), and a person watching the screen reads a change no faster.
 */
const intervalFloor = {
	minMs: 100,
	tooShort: 'would probe the target almost back to back',
	hint: 'write 100ms or more: the interval is the pause from the end of one probe to the start of the next (10s when left out)',
};

/** Settings that `defaults:` and `groups:` may give to many checks at once. */
export const inheritableFields: Readonly<Record<string, Field>> = {
	owner: text('Who is paged: a team, a handle, a rota.', {shown: 'line'}),
	runbook: text('Where to start when this fails (a URL or a note).', {shown: 'lines'}),
	rollback: text('How to undo the last change, e.g. "helm rollback payments".', {shown: 'lines'}),
	interval: duration('Time between the end of one probe and the start of the next. Default 10s; at least 100ms.', {floor: intervalFloor}),
	timeout: duration('Deadline for one probe attempt. Default 5s, or the interval when that is shorter. A timeout written must not exceed the interval.', {minMs: 1}),
	slow: duration('Latency at or above this makes a passing result slow. Default 1s.'),
	retries: integer('Extra attempts after a failure before the check counts as failing. Default 0.', 0, 10),
	headers,
	maxRedirects: integer('HTTP redirects followed at most; 0 does not follow. Default 5.', 0, 20),
	insecure: boolean('Skip TLS certificate verification (http). Default false.'),
	keepAlive: boolean('Reuse connections between probes (http). Default false: every probe measures DNS, connect and TLS.'),
	ca: text('PEM file of a private certificate authority, relative to this file.', {nonEmpty: true}),
	warnDays: integer('tls: fewer days of validity left than this → warn. Default 14.', 0, 3650, {unit: 'days'}),
	failDays: integer('tls: fewer days of validity left than this → failing. Default 3.', 0, 3650, {unit: 'days'}),
	exitCodes: oneOf('command: how the exit code is read. nagios (default): 0 up, 1 warn, 2 failing, 3 unknown, as Nagios plugins exit. plain: 0 up, any other code failing, as scripts and cron-job wrappers exit.', ['nagios', 'plain']),
};

export const commonFields: Readonly<Record<string, Field>> = {
	name: text('Display name; unique in the config; keeps the history across reloads.', {nonEmpty: true, shown: 'line', expected: 'a non-empty name, shown in the table'}),
	kind: oneOf('What to probe. Default http when `url` is given.', checkKinds),
	group: text('Group label; settings under `groups.<name>` apply to this check.', {nonEmpty: true, shown: 'line'}),
	owner: inheritableFields.owner!,
	runbook: inheritableFields.runbook!,
	rollback: inheritableFields.rollback!,
	description: text('A sentence shown in the detail pane.', {shown: 'lines'}),
	interval: inheritableFields.interval!,
	timeout: inheritableFields.timeout!,
	slow: inheritableFields.slow!,
	retries: inheritableFields.retries!,
};

const httpUrl = url('URL to request.', {secretable: true});

export type KindFormat = {readonly fields: Readonly<Record<string, Field>>; readonly required: readonly string[]};

export const kindFormats: Readonly<Record<CheckKind, KindFormat>> = {
	http: {
		required: ['url'],
		fields: {
			url: httpUrl,
			method: oneOf('HTTP method. Default GET.', ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], {caseInsensitive: true}),
			headers,
			body: requestBody,
			expect: object('What a passing response looks like. Default: status 2xx.', {
				status: status('Accepted status: 200, [200, 204] or "2xx". Default 2xx.'),
				json: map('The JSON body must contain these values; keys are dotted paths (checks.db.status).', anything('Expected value'), {keyProblem: jsonPathProblem}),
				body: pattern('The body must contain this substring, or match /regex/flags.'),
				header: map('Response header name → substring or /regex/ its value must match.', pattern('Expected header value'), responseHeaderName),
				maxBytes: integer('Bytes of body read at most; longer fails as too large. Default 1048576 (1 MiB).', 1, 1_073_741_824, {unit: 'bytes'}),
			}, {notMappingHint: httpExpectHint}),
			version: object('Where the deployed version is read from, for deploy markers.', {
				json: jsonPath('Dotted path in the JSON body.'),
				header: headerNameValue('Response header name.'),
			}, {exactlyOne: ['json', 'header']}),
			maxRedirects: inheritableFields.maxRedirects!,
			ca: inheritableFields.ca!,
			insecure: inheritableFields.insecure!,
			keepAlive: inheritableFields.keepAlive!,
		},
	},
	tcp: {
		required: ['host'],
		fields: {
			host: hostPort('host:port to connect to, e.g. db:5432.'),
			send: text('Text sent after connecting.', {secretable: true, refusesWrittenEscapes: true}),
			// Empty, it would wait for a first byte from a server that may speak only when spoken to, until the timeout.
			expect: text('Substring the banner or reply must contain.', {nonEmpty: true, emptyHint: 'leave `expect` out to only test the connection'}),
		},
	},
	dns: {
		required: [],
		fields: {
			query: dnsName('DNS name to resolve. Default: the check\'s `name` (which is also its display name).'),
			type: oneOf('Record type. Default A.', ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV'], {caseInsensitive: true}),
			server: resolverAddress('Resolver as host or host:port (port 53 unless written). Default: the system resolver.'),
			expect: list('Answers that must all be present.', text('An answer', {nonEmpty: true}), 1),
		},
	},
	tls: {
		required: ['host'],
		fields: {
			host: hostPort('host:port of the TLS endpoint; the port defaults to 443.', 443),
			servername: text('Name the certificate must match (SNI). Default: the host.', {nonEmpty: true, refusesBareVariables: true, refusesQuotedFallbacks: true}),
			ca: inheritableFields.ca!,
			warnDays: inheritableFields.warnDays!,
			failDays: inheritableFields.failDays!,
		},
	},
	command: {
		required: ['run'],
		fields: {
			run: argv('Program and arguments as a list; or one string with `shell: true`. Exit 0 up, 1 warn, 2 failing (Nagios convention), or any other than 0 failing with `exitCodes: plain`.'),
			shell: boolean('Run `run` (one string) with /bin/sh -c. Default false.'),
			env: map('Extra environment variables.', text('Value', {secretable: true, refusesNul: {what: 'the env value', why: 'no environment variable can hold it'}}), envName),
			cwd: text('Working directory, relative to this file. Default: the directory of this file.', {nonEmpty: true, refusesNul: {what: '`cwd`', why: 'no directory is named with it'}}),
			expect: pattern('Substring its output (stdout or stderr) must contain, or /regex/flags; otherwise failing, whatever the exit code. For programs that are not Nagios plugins, such as redis-cli, which exits 0 on an error reply.'),
			exitCodes: inheritableFields.exitCodes!,
		},
	},
	freshness: {
		required: ['maxAge'],
		fields: {
			url: httpUrl,
			field: jsonPath('Dotted path of the last-success timestamp (ISO 8601 or epoch seconds/ms) in the JSON body.'),
			file: text('A file whose modification time is the last success, relative to this file.', {nonEmpty: true}),
			maxAge: duration('Older than this → failing.', {minMs: 1, maxMs: Number.MAX_SAFE_INTEGER}),
			warnAge: duration('Older than this → warn: a job running late, before maxAge makes it failing. Shorter than maxAge.', {minMs: 1, maxMs: Number.MAX_SAFE_INTEGER}),
			headers,
		},
	},
	prometheus: {
		required: ['url', 'query'],
		fields: {
			url: url('Base URL of the Prometheus server (no query or fragment: the API path is added to it).', {secretable: true, isBase: true}),
			query: text('PromQL instant query.', {nonEmpty: true, secretable: true}),
			each: text('Label that names one row per series: 200 rows at most, the other series share one more row, (more series).', {nonEmpty: true}),
			warn: threshold('The value is warn when it satisfies this, e.g. "> 0.5".'),
			fail: threshold('The value is failing when it satisfies this, e.g. "> 0.9".'),
			unit: oneOf('How the value and thresholds are shown: s or ms as a duration (45s, 2m 5s), bytes as B/KiB/MiB, % as "12.5 %". --json\'s value stays the number.', valueUnits),
			headers,
		},
	},
};

export const defaultsFormat = object('Settings for every check; a group or the check itself overrides them.', {...inheritableFields});

export const groupFormat = object('Settings for the checks of one group; the check itself overrides them.', {
	...inheritableFields,
	description: text('What the group is.', {shown: 'lines'}),
});

export const includeFormat = list('Files or globs (checks.d/*.yaml) relative to this file; they add checks and groups.', text('File or glob', {nonEmpty: true}));

/** The highest `concurrency:`; more probes at once than this would exhaust file descriptors first. */
export const maxConcurrency = 10_000;

export const concurrencyFormat = integer('Probes in flight at most, across all checks. Default: sized from the checks\' answer times (at least 32). Only in the top-level file.', 1, maxConcurrency);

export const topLevelKeys = ['defaults', 'groups', 'checks', 'include', 'concurrency'] as const;
export const includedFileKeys = ['groups', 'checks', 'include'] as const;

export const builtinDefaults = {
	intervalMs: 10_000,
	timeoutMs: 5000,
	slowMs: 1000,
	retries: 0,
	maxBytes: 1_048_576,
	maxRedirects: 5,
	method: 'GET',
	dnsType: 'A',
	warnDays: 14,
	failDays: 3,
} as const;
