import {isIPv6} from 'node:net';
import {checkDuration, durationPattern, formatDuration} from './duration.js';
import {scalar, schemePort, urlSchemeHint} from './kind-hints.js';
import {nameOf} from './pasted-characters.js';
import {found, text, type LeafField, type LeafResult} from './schema-model.js';
import {dnsNameProblem} from './dns-name.js';
import {jsonPathProblem} from './json-path.js';
import {thresholdInUnit} from './threshold-unit.js';
import {nulProblem} from './nul-character.js';

/**
 * setTimeout overflows above 2^31-1 ms (about 24.8 days) and then fires at once. 24 days is under it, and a round
 * figure the docs and the hint can name: `24d1ms` was accepted while both said 24d was the longest.
 */
const maxTimerMs = 24 * 86_400_000;

const envReference = '\\$\\{';

/**
 * A floor above 0 (`minMs` > 1) with why it is there: `tooShort` says what a shorter value would do, `hint` what to
 * write. 0 itself keeps "must be longer than 0".
 */
type DurationFloor = {readonly minMs: number; readonly tooShort: string; readonly hint: string};

export function duration(description: string, options: {minMs?: number; maxMs?: number; floor?: DurationFloor} = {}): LeafField {
	const minMs = options.floor?.minMs ?? options.minMs ?? 0;
	const maxMs = options.maxMs ?? maxTimerMs;
	const {floor} = options;
	return {
		type: 'leaf',
		description,
		expected: 'a duration such as 250ms, 10s, 1m',
		jsonSchema: {type: 'string', pattern: `${durationPattern}|${envReference}`},
		parse(value) {
			const result = checkDuration(value);
			if (!result.ok) {
				return result;
			}

			if (result.ms === 0 && minMs > 0) {
				return {ok: false, message: 'must be longer than 0'};
			}

			if (result.ms < minMs) {
				return floor === undefined ? {ok: false, message: `must be at least ${minMs}ms`} : {ok: false, message: `must be at least ${formatDuration(minMs)}: \`${String(value)}\` ${floor.tooShort}`, hint: floor.hint};
			}

			return result.ms > maxMs ? {ok: false, message: `\`${String(value)}\` is too long`, hint: 'the longest duration allowed is 24d'} : {ok: true, value: result.ms};
		},
	};
}

/**
 * What a URL that does not parse was probably meant to be: `http//host` (the colon left out), `http://::1:8080/`
 * (an IPv6 address without its brackets), a port written twice, or a host and path without the scheme.
 */
function invalidUrlHint(value: string): string | undefined {
	const noColon = /^(https?)\/\/(.+)$/i.exec(value);
	if (noColon) return `a colon is missing after the scheme: ${noColon[1]}://${noColon[2]}`;
	const parts = /^(https?:\/\/)([^/?#]*@)?([^/?#[\]]+)(.*)$/is.exec(value);
	if (parts) {
		const [, scheme, userinfo = '', authority, rest] = parts as unknown as [string, string, string | undefined, string, string];
		const withPort = /^(.*):(\d{2,5})$/.exec(authority);
		if (withPort && isIPv6(withPort[1]!)) return `write an IPv6 address in brackets: ${scheme}${userinfo}[${withPort[1]}]:${withPort[2]}${rest}`;
		if (isIPv6(authority)) return `write an IPv6 address in brackets: ${scheme}${userinfo}[${authority}]${rest}`;
		const twice = /^([^:]+):(\d+)(?::\d+)+$/.exec(authority);
		if (twice) return `a URL has one port: ${scheme}${userinfo}${twice[1]}:${twice[2]}${rest}`;
		const port = /:(\d+)$/.exec(authority)?.[1];
		if (port !== undefined && Number(port) > 65_535) return `port ${port} is out of range (1-65535)`;
	}

	return /^[\w.-]+(:\d+)?(\/|$)/.test(value) ? `add the scheme: http://${value}` : undefined;
}

/** How a person would name a character that does not show in a URL. */
function whitespaceName(character: string): string {
	if (character === ' ') return 'a space';
	if (character === '\t') return 'a tab';
	if (character === '\n' || character === '\r') return 'a line break';
	return `a ${nameOf(character)}`;
}

/**
 * Spaces a URL cannot mean as written. A plain space in the path or query is kept: the probe sends it as `%20`
 * (OData filters are written `$filter=Price gt 5`), and so does the `by hand` command. But the URL parser trims
 * the ends and drops a tab or a line break inside, so the request would not be the one written, and another kind
 * of space (a non-breaking one, pasted) would go out as `%C2%A0`: those are refused. A space in the host is left
 * to the parser's own error.
 */
function whitespaceProblem(value: string): LeafResult | undefined {
	const trimmed = value.trim();
	if (trimmed !== value) {
		const at = value.startsWith(trimmed) ? 'end' : 'start';
		return {ok: false, message: `\`${value}\` has ${whitespaceName(at === 'end' ? value.at(-1)! : value[0]!)} at its ${at}, which is not sent`, hint: `write ${trimmed}`};
	}

	const match = /[^\S ]/u.exec(value);
	const authorityEnd = /^[a-z][\w+.-]*:\/\/[^/?#]*/i.exec(value)?.[0].length ?? 0;
	if (match === null || match.index < authorityEnd) return undefined;
	const position = [...value.slice(0, match.index)].length + 1;
	const isDropped = match[0] === '\t' || match[0] === '\n' || match[0] === '\r';
	return {
		ok: false,
		message: `\`${value}\` holds ${whitespaceName(match[0])} at character ${position}, which ${isDropped ? 'the URL parser drops' : `would be sent as ${encodeURIComponent(match[0])}`}`,
		hint: isDropped ? 'delete it, or write it percent-encoded if it belongs in the URL' : 'pasted? type a plain space (sent as %20), or delete it',
	};
}

/**
 * A prometheus url is the server's base: the probe appends `/api/v1/query?query=…` to it as text, so after a
 * `?` or a `#` the API path would land in the query or the fragment and the server would answer its UI page. The
 * hint is the base, without the UI's `/graph` when that is what was pasted. Without either, the path may still
 * end in the API's own (apiPathProblem).
 */
function baseUrlProblem(value: string): LeafResult | undefined {
	const authorityEnd = /^[a-z][\w+.-]*:\/\/[^/?#]*/i.exec(value)?.[0].length ?? 0;
	const at = value.slice(authorityEnd).search(/[?#]/);
	if (at === -1) return apiPathProblem(value, authorityEnd);
	const cut = authorityEnd + at;
	const part = value[cut] === '#' ? 'fragment' : 'query';
	const base = value.slice(0, cut).replace(/\/graph\/?$/, '/');
	return {ok: false, message: `\`${value}\` has a ${part} (\`${clipped(value.slice(cut))}\`): uptop adds /api/v1/query?query=… to the server's base URL, which would land in it`, hint: `write the base URL: ${base}`};
}

/**
 * A prometheus url that already ends in the query API (`/api/v1/query`, copied from a curl line) or the UI's
 * `/graph`: the probe adds the API path after it, and every probe is a 404 on `/api/v1/query/api/v1/query`.
 */
function apiPathProblem(value: string, authorityEnd: number): LeafResult | undefined {
	const end = /\/(?:api\/v1(?:\/query(?:_range)?)?|graph)\/?$/.exec(value.slice(authorityEnd));
	if (end === null) return undefined;
	const base = value.slice(0, authorityEnd + end.index + 1);
	const asked = `${value.slice(authorityEnd).replace(/\/+$/, '')}/api/v1/query`;
	return {ok: false, message: `\`${value}\` ends in \`${end[0]}\`: uptop adds /api/v1/query?query=… to the server's base URL, so it would ask for ${asked}`, hint: `write the base URL: ${base}`};
}

const clipped = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/**
 * What the URL parser passes over in a port as written: `:0080` is read as port 80 (a leading zero may have meant
 * something else), `:/` as the scheme's default port (the port was left out, or `${PORT:-}` gave nothing), and
 * port 0, which no server listens on, is kept.
 */
function portProblem(value: string, protocol: string, written: string | undefined): LeafResult | undefined {
	const match = /^[a-z][\w+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*):(\d*)(?=[/?#]|$)/i.exec(value);
	if (match === null) return undefined;
	const port = match[2]!;
	if (port === '') return emptyPortProblem(value, protocol, written);
	if (Number(port) === 0) return {ok: false, message: `port ${port} in \`${value}\` is out of range (1-65535)`, hint: 'write the port the server listens on'};
	if (/^0\d/.test(port) && Number(port) <= 65_535) {
		const at = match.index + match[0].length - port.length;
		return {
			ok: false,
			message: `port \`${port}\` in \`${value}\` starts with a 0: a port is written in decimal`,
			hint: `write ${value.slice(0, at)}${Number(port)}${value.slice(at + port.length)} if that is the port (uptop does not read a leading 0 as octal)`,
		};
	}

	return undefined;
}

/** `http://host:/`: the port is empty, and when `${NAME}` stands where it goes in what was written, that NAME gave nothing. */
function emptyPortProblem(value: string, protocol: string, written: string | undefined): LeafResult {
	const reference = written === undefined ? undefined : /^[a-z][\w+.-]*:\/\/[^/?#]*:(\$\{([A-Za-z_]\w*)(?::-)?\})(?=[/?#]|$)/i.exec(written);
	if (reference) {
		const [, written, name] = reference as unknown as [string, string, string];
		return {ok: false, message: `the port in \`${value}\` is empty: \`${written}\` gave nothing, as ${name} is unset or empty`, hint: `set ${name} to the port, or give it a fallback: \${${name}:-8080}`};
	}

	const scheme = protocol.slice(0, -1);
	return {ok: false, message: `the port in \`${value}\` is empty: nothing follows the \`:\``, hint: `write the port after the colon, or drop the colon for ${scheme}'s default port, ${scheme === 'https' ? 443 : 80}`};
}

export function url(description: string, options: {secretable?: boolean; isBase?: boolean} = {}): LeafField {
	return {
		type: 'leaf',
		description,
		expected: 'an http:// or https:// URL',
		jsonSchema: {type: 'string', pattern: `^(https?://|${envReference})`},
		secretable: options.secretable,
		refusesBareVariables: true,
		refusesQuotedFallbacks: true,
		parse(value, written) {
			if (typeof value !== 'string') {
				return {ok: false, message: `expected an http:// or https:// URL, found ${found(value)}`};
			}

			const spaced = whitespaceProblem(value);
			if (spaced) return spaced;
			let parsed: URL;
			try {
				parsed = new URL(value);
			} catch {
				const hint = invalidUrlHint(value);
				return {ok: false, message: `\`${value}\` is not a valid URL`, ...(hint ? {hint} : {})};
			}

			if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
				return {ok: false, message: `unsupported URL scheme \`${parsed.protocol}\` in \`${value}\``, hint: urlSchemeHint(parsed, value)};
			}

			if (parsed.hostname === '') {
				return {ok: false, message: `\`${value}\` has no host`};
			}

			const notBase = options.isBase ? baseUrlProblem(value) : undefined;
			if (notBase) return notBase;

			return portProblem(value, parsed.protocol, written?.reference?.text) ?? {ok: true, value};
		},
	};
}

const parseStatusItem = (item: unknown): LeafResult => {
	if (typeof item === 'number' && Number.isInteger(item) && item >= 100 && item <= 599) {
		return {ok: true, value: {min: item, max: item}};
	}

	if (typeof item === 'string') {
		const klass = /^([1-5])xx$/i.exec(item);
		if (klass) {
			return {ok: true, value: {min: Number(klass[1]) * 100, max: Number(klass[1]) * 100 + 99}};
		}

		const range = /^(\d{3})\s*-\s*(\d{3})$/.exec(item);
		if (range && Number(range[1]) <= Number(range[2])) {
			return {ok: true, value: {min: Number(range[1]), max: Number(range[2])}};
		}

		if (/^\d{3}$/.test(item)) {
			return parseStatusItem(Number(item));
		}
	}

	return {ok: false, message: `expected an HTTP status (100-599), a class like 2xx, or a list of them, found ${found(item)}`, ...statusHint(item)};
};

/** `200..299` (a range as Ruby or Kotlin write it), `"200,201"`, `"299-200"`: what to write instead. */
function statusHint(item: unknown): {hint?: string} {
	if (typeof item !== 'string') return {};
	const dotted = /^(\d{3})\s*\.{2,3}\s*(\d{3})$/.exec(item);
	if (dotted) return {hint: `write a range with a dash, in quotes: "${dotted[1]!}-${dotted[2]!}"`};
	const listed = item.split(/\s*[,;]\s*|\s+/).filter(Boolean);
	if (listed.length > 1 && listed.every(part => /^\d{3}$|^[1-5]xx$/i.test(part))) return {hint: `write a list: [${listed.join(', ')}]`};
	const reversed = /^(\d{3})\s*-\s*(\d{3})$/.exec(item);
	if (reversed && Number(reversed[1]) > Number(reversed[2])) return {hint: `write the lower status first: "${reversed[2]!}-${reversed[1]!}"`};
	return {};
}

export function status(description: string): LeafField {
	const item = {anyOf: [{type: 'integer', minimum: 100, maximum: 599}, {type: 'string', pattern: '^([1-5]xx|\\d{3}(\\s*-\\s*\\d{3})?)$'}]};
	return {
		type: 'leaf',
		description,
		expected: 'a status (200), a class (2xx) or a list ([200, 204])',
		jsonSchema: {anyOf: [...item.anyOf, {type: 'array', items: item, minItems: 1}]},
		parse(value) {
			const items = Array.isArray(value) ? value : [value];
			if (items.length === 0) {
				return {ok: false, message: 'the status list is empty'};
			}

			const ranges = [];
			for (const [index, entry] of items.entries()) {
				const result = parseStatusItem(entry);
				if (!result.ok) {
					return Array.isArray(value) ? {...result, item: index} : result;
				}

				ranges.push(result.value);
			}

			return {ok: true, value: ranges};
		},
	};
}

/** What is wrong with a pattern, without V8's "Invalid regular expression: /…/flags: ": the message names it already. */
function regexProblem(error: Error, source: string, flags: string): string {
	const restated = `Invalid regular expression: /${source}/${flags}: `;
	return error.message.startsWith(restated) ? error.message.slice(restated.length) : error.message.replace(/^Invalid regular expression: /, '');
}

const regexFlags = 'dgimsuvy';

/** Characters a regular expression gives a meaning, escaped: the text itself as a /regex/. */
const escapeRegExpText = (text: string): string => text.replaceAll(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * `/^(ok|up)$/x`, `/^ok$/I`: a regular expression with letters after it that JavaScript has no flag for (another
 * engine's `x`, a slip), which would be read as the substring as written and fail at every probe. Text is written
 * the same way (`/usr/local/bin/x`, `/login/a`, `/Users/Sid`, `/files/[id]/edit`) and was always a substring, so
 * only what reads as nothing but a regex is asked about: a regex's syntax between the slashes, and no slash of a
 * path among it. `/ok/z` stays the substring it always was.
 */
function unknownFlagsProblem(text: string): LeafResult | undefined {
	const match = /^\/(.+)\/([a-zA-Z]{1,8})$/s.exec(text);
	if (match === null) return undefined;
	const [, source, flags] = match as unknown as [string, string, string];
	const unknown = [...new Set(flags)].filter(flag => !regexFlags.includes(flag));
	const isLowerCaseFlags = [...flags.toLowerCase()].every(flag => regexFlags.includes(flag));
	const hasRegexSyntax = /[\\^$|()[\]*+?]|\{\d+(,\d*)?\}/.test(source);
	// A slash not escaped: a path's, which a pattern written between slashes escapes.
	const hasPathSlash = /(^|[^\\])\//.test(source);
	if (unknown.length === 0 || !hasRegexSyntax || hasPathSlash) return undefined;
	const named = unknown.map(flag => `\`${flag}\``);
	return {
		ok: false,
		message: `\`${text}\` is written as a regular expression, but ${named.length === 1 ? `${named[0]!} is not a flag` : `${named.slice(0, -1).join(', ')} and ${named.at(-1)!} are not flags`}`,
		hint: isLowerCaseFlags
			? `flags are lower case: write /${source}/${flags.toLowerCase()}`
			: `the flags are ${[...regexFlags].slice(0, -1).join(', ')} and ${regexFlags.at(-1)!}; for the text ${text} itself, write /${escapeRegExpText(text)}/`,
	};
}

/** `"ok"` → substring, `"/^ok$/i"` → regular expression. */
export function pattern(description: string): LeafField {
	return {
		type: 'leaf',
		description,
		expected: 'a substring, or a regular expression written /like this/i',
		jsonSchema: {type: 'string'},
		scalarsAsWritten: true,
		parse(value) {
			const string = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
			if (typeof string !== 'string') {
				return {ok: false, message: `expected a substring or /regex/, found ${found(value)}`};
			}

			const regex = /^\/(.*)\/([dgimsuyv]*)$/s.exec(string);
			if (!regex) {
				return unknownFlagsProblem(string) ?? {ok: true, value: {substring: string}};
			}

			try {
				new RegExp(regex[1]!, regex[2]);
			} catch (error) {
				return {ok: false, message: `invalid regular expression ${string}: ${regexProblem(error as Error, regex[1]!, regex[2]!)}`};
			}

			return {ok: true, value: {regex: regex[1]!, flags: regex[2]!}};
		},
	};
}

export function threshold(description: string): LeafField {
	return {
		type: 'leaf',
		description,
		expected: 'a comparison such as "> 0.5", "< 1" or "== 0"',
		jsonSchema: {type: 'string', pattern: '^\\s*(>=|<=|==|!=|>|<)\\s*-?\\d'},
		parse(value, written) {
			const match = typeof value === 'string' ? /^\s*(>=|<=|==|!=|>|<)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*$/i.exec(value) : null;
			if (!match) {
				return {ok: false, message: `expected a comparison such as "> 0.5", found ${found(value)}`, hint: thresholdHint(value, written?.siblings?.['unit'])};
			}

			return {ok: true, value: {op: match[1], value: Number(match[2])}};
		},
	};
}

/** Comparisons written another way (`=>`, `≥`, `gt`), as uptop writes them. */
const comparisonSpellings: Readonly<Record<string, string>> = {'=>': '>=', '=<': '<=', '<>': '!=', '=': '==', '≥': '>=', '≤': '<=', '≠': '!=', gt: '>', lt: '<', ge: '>=', le: '<=', gte: '>=', lte: '<=', eq: '==', ne: '!='};

/**
 * What to write instead of a threshold uptop cannot read, made from what was written: `"> 5s"` → `"> 5"`, and with
 * `unit: ms` → `"> 5000"`. `unit` is the check's `unit:` as written beside it, if any.
 */
function thresholdHint(value: unknown, unit: unknown): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (/^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return `say which side fails, in quotes: "> ${text}" (or "< ${text}")`;
	const written = /^(gte|lte|gt|lt|ge|le|eq|ne|=>|=<|<>|>=|<=|==|!=|≥|≤|≠|>|<|=)\s*(.*)$/i.exec(text);
	if (written !== null) {
		const op = comparisonSpellings[written[1]!.toLowerCase()] ?? written[1]!;
		const rest = written[2]!;
		if (/^-?\d{1,3}(?:,\d{3})+$/.test(rest)) return `write "${op} ${rest.replaceAll(',', '')}": a number has no thousands separator`;
		if (/^-?\d+,\d+$/.test(rest)) return `write "${op} ${rest.replace(',', '.')}": the decimal point is a dot`;
		const number = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/i.exec(rest)?.[0];
		if (number !== undefined && number !== rest) return withoutSuffixHint(op, number, rest.slice(number.length).trim(), unit);
		if (number !== undefined) return `write "${op} ${number}"`;
	}

	return 'write a comparison and a number, in quotes: "> 0.5", "< 1" or "== 0"';
}

/** `"> 500ms"` → `"> 0.5"` for a query in seconds; a suffix uptop does not know (`%`, `req/s`) is only dropped. */
function withoutSuffixHint(op: string, number: string, suffix: string, unit: unknown): string {
	const converted = thresholdInUnit(Number(number), suffix, unit);
	if (converted.kind === 'mismatch') return `a threshold is a number in the unit the query returns, without one: ${number}${suffix} is ${converted.measure}, and this check's unit is ${String(unit)}`;
	return `a threshold is a number in the unit the query returns, without one: "${op} ${converted.kind === 'number' ? converted.number : number}"`;
}

/** `db:5432`, `[::1]:5432`, or (with a default port) just `api.example`. */
export function hostPort(description: string, defaultPort?: number): LeafField {
	const example = defaultPort === undefined ? 'db:5432' : `api.example:${defaultPort}`;
	return {
		type: 'leaf',
		description,
		expected: `host:port, e.g. ${example}`,
		jsonSchema: {type: 'string', minLength: 1},
		refusesBareVariables: true,
		refusesQuotedFallbacks: true,
		parse: (value, written) => readHostPort(value, {example, defaultPort, form: 'host:port', key: written?.key ?? 'host'}),
	};
}

/** A dotted path into a JSON body (`version.json`, a freshness `field`), refused in another tool's syntax. */
export function jsonPath(description: string): LeafField {
	const field = text(description, {nonEmpty: true});
	return {
		...field,
		expected: 'a dotted path inside the JSON body, e.g. build.version',
		parse(value) {
			const read = field.parse(value);
			const problem = read.ok && typeof read.value === 'string' ? jsonPathProblem(read.value) : undefined;
			return problem ? {ok: false, ...problem} : read;
		},
	};
}

/**
 * A DNS resolver: `10.0.0.2`, `dns.internal:5353`, `::1` or `[::1]:5353`, as the dns probe reads it (port 53 when
 * none is written), kept as written. A port out of range was only found when the probe failed to reach it.
 */
export function resolverAddress(description: string): LeafField {
	const example = '10.0.0.2:53';
	return {
		type: 'leaf',
		description,
		expected: `host or host:port, e.g. ${example}`,
		jsonSchema: {type: 'string', minLength: 1},
		refusesBareVariables: true,
		refusesQuotedFallbacks: true,
		parse(value, written) {
			if (typeof value === 'string' && isIPv6(value)) return portLikeEnd(value) ?? {ok: true, value};
			const read = readHostPort(value, {example, defaultPort: 53, form: 'host or host:port', key: written?.key ?? 'server'});
			return read.ok ? {ok: true, value} : read;
		},
	};
}

/**
 * `::1:53` is a whole IPv6 address (::1:53 on port 53), but it is how someone writes port 53 on ::1 who has
 * not met the brackets: when the last group is a decimal port and the rest is an address on its own, ask.
 */
function portLikeEnd(address: string): LeafResult | undefined {
	const at = address.lastIndexOf(':');
	const port = address.slice(at + 1);
	const rest = address.slice(0, at);
	if (!/^[1-9]\d{1,4}$/.test(port) || Number(port) > 65_535 || !isIPv6(rest)) return undefined;
	return {
		ok: false,
		message: `\`${address}\` is the IPv6 address ${address}, not port ${port} on ${rest}: an address without brackets has no port`,
		hint: `write "[${rest}]:${port}" for port ${port} on ${rest}, or "[${address}]" for the address ${address}`,
	};
}

/** `a`, `a and b`, `a, b and c`. */
const listed = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`);

/**
 * What a host:port written as something else was meant to be: a URL (`http://db:8080/`, `redis://:pw@cache/0`), a
 * host:port with a path or a trailing slash (`db:5432/`), an IPv6 address without its brackets (`::1:5432`). The hint
 * is the line to write; it keeps no user or password a URL held.
 */
function hostPortHint(value: string, key: string, defaultPort: number | undefined): string | undefined {
	const line = (hostPort: string): string => `${key}: ${scalar(hostPort)}`;
	const defaultNote = defaultPort === undefined ? '' : ` (the port is ${defaultPort} unless written)`;
	const url = /^([a-z][\w+.-]*):\/\/([^/?#]*)(.*)$/is.exec(value);
	if (url) {
		const [, scheme, authority, rest] = url as unknown as [string, string, string, string];
		const at = authority.lastIndexOf('@');
		const parts = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(authority.slice(at + 1));
		if (parts === null) return undefined;
		const [, host, port] = parts as unknown as [string, string, string | undefined];
		const userinfo = at === -1 ? '' : authority.slice(0, at);
		const dropped = ['the scheme', ...(userinfo === '' ? [] : [userinfo.startsWith(':') ? 'the password' : userinfo.includes(':') ? 'the user and password' : 'the user']), ...(rest === '' ? [] : ['the path'])];
		const impliedPort = port ?? (defaultPort === undefined ? String(schemePort(scheme) ?? 'PORT') : undefined);
		return `drop ${listed(dropped)}${impliedPort === undefined ? defaultNote : ''}: ${line(impliedPort === undefined ? host : `${host}:${impliedPort}`)}`;
	}

	const path = /^((?:\[[^\]]+\]|[\p{L}\p{M}\p{N}._-]+)(?::\d+)?)([/?#].*)$/su.exec(value);
	if (path) {
		const [, hostPort, rest] = path as unknown as [string, string, string];
		const hasPort = /:\d+$/.test(hostPort) || defaultPort !== undefined;
		return `drop ${rest === '/' ? 'the trailing slash' : 'the path'}${hasPort ? '' : ' and add the port'}: ${line(hasPort ? hostPort : `${hostPort}:PORT`)}`;
	}

	const colon = value.lastIndexOf(':');
	const [rest, port] = [value.slice(0, colon), value.slice(colon + 1)];
	const isPortAfterAddress = colon > 0 && /^[1-9]\d{0,4}$/.test(port) && Number(port) <= 65_535 && isIPv6(rest);
	if (isIPv6(value) || isPortAfterAddress) {
		const brackets = 'write an IPv6 address in brackets, in quotes';
		if (isPortAfterAddress && (defaultPort === undefined || !isIPv6(value))) return `${brackets}: ${line(`[${rest}]:${port}`)}`;
		if (isPortAfterAddress) return `${brackets}: ${line(`[${rest}]:${port}`)} for port ${port} on ${rest}, or ${line(`[${value}]`)} for the address ${value}`;
		return defaultPort === undefined ? `${brackets}, with the port: ${line(`[${value}]:PORT`)}` : `${brackets}: ${line(`[${value}]`)}`;
	}

	return undefined;
}

function readHostPort(value: unknown, {example, defaultPort, form, key}: {example: string; defaultPort: number | undefined; form: string; key: string}): LeafResult {
	if (typeof value !== 'string' || value.trim() === '') {
		return {ok: false, message: `expected ${form} (e.g. ${example}), found ${found(value)}`};
	}

	// A name (letters with their marks: an Indic or Thai name has vowel signs) or an IPv4 address outside
	// brackets: `db#5432` or `db;x` would be looked up as a host name and not found.
	const match = /^(?:\[([^\]]+)\]|([\p{L}\p{M}\p{N}._-]+))(?::(\d+))?$/u.exec(value);
	if (!match) {
		const portAfter = /^([\p{L}\p{M}\p{N}._-]+)[#@ ](\d+)$/u.exec(value);
		const hint = portAfter
			? `write the port after a colon: ${portAfter[1]!}:${portAfter[2]!}`
			: hostPortHint(value, key, defaultPort) ?? `write it like ${example} (IPv6 in quotes: "[::1]:${example.split(':').at(-1)!}"); no scheme or path`;
		return {ok: false, message: `\`${value}\` is not ${form}`, hint};
	}

	const host = match[1] ?? match[2]!;
	// `db:0755` reads as port 755, but a leading zero says octal (port 493) or a slip of the finger: ask.
	const written = match[3];
	if (written !== undefined && /^0\d/.test(written) && Number(written) >= 1 && Number(written) <= 65_535) {
		const octal = /^[0-7]+$/.test(written) ? `, where ${written} would be ${Number.parseInt(written, 8)}` : '';
		return {
			ok: false,
			message: `port \`${written}\` starts with a 0: a port is written in decimal`,
			hint: `write ${match[1] === undefined ? host : `[${host}]`}:${Number(written)} if that is the port (uptop does not read a leading 0 as octal${octal})`,
		};
	}

	const port = match[3] === undefined ? defaultPort : Number(match[3]);
	if (port === undefined) {
		return {ok: false, message: `\`${value}\` has no port`, hint: `write ${host}:PORT, e.g. ${example}`};
	}

	if (!Number.isInteger(port) || port < 1 || port > 65_535) {
		return {ok: false, message: `port ${match[3]} is out of range (1-65535)`};
	}

	return {ok: true, value: {host, port}};
}

/** A name the dns probe asks for: `api.example.com`, `_sip._tcp.example.com`, as the resolver will send it. */
export function dnsName(description: string): LeafField {
	const field = text(description, {nonEmpty: true, refusesBareVariables: true, refusesQuotedFallbacks: true});
	return {
		...field,
		expected: 'a DNS name, e.g. api.example.com',
		parse(value) {
			const read = field.parse(value);
			if (!read.ok || typeof read.value !== 'string') return read;
			const problem = dnsNameProblem(read.value);
			return problem === undefined ? read : {ok: false, message: `\`${read.value}\` is not a DNS name: ${problem}`};
		},
	};
}

const unstartable = 'no program can be given it';

/** `run: [program, arg, ...]`: what is wrong with it said of the item it is about, not of "a list". */
function readArgvList(items: readonly unknown[]): LeafResult {
	if (items.length === 0) {
		return {ok: false, message: '`run` is empty', hint: 'write the program and its arguments: run: [/usr/lib/nagios/plugins/check_disk, -w, "20%"]'};
	}

	const notText = items.findIndex(item => typeof item !== 'string' && typeof item !== 'number');
	if (notText !== -1) {
		const item = items[notText];
		// `null`, `~` or an empty item (`[ls, , -l]`) is YAML's null; `yes` is read as text by YAML 1.2, true is not.
		const written = item === null ? 'null' : typeof item === 'boolean' ? String(item) : undefined;
		return {ok: false, item: notText, message: `item ${notText + 1} of \`run\` is ${found(item)}, not a string`, ...(written === undefined ? {} : {hint: `quote it if it is an argument: "${written}"${item === null ? ' (null, ~ and an empty item are YAML\'s empty value)' : ''}`})};
	}

	if (String(items[0]).trim() === '') {
		return {ok: false, item: 0, message: 'the program, the first item of `run`, is empty'};
	}

	const arguments_ = items.map(String);
	for (const [index, argument] of arguments_.entries()) {
		const problem = nulProblem(argument, `item ${index + 1} of \`run\``, unstartable);
		if (problem !== undefined) return {ok: false, item: index, ...problem};
	}

	return {ok: true, value: arguments_};
}

/** Any scalar or small structure, for `expect.json` values compared as written. */
export function anything(description: string): LeafField {
	return {type: 'leaf', description, expected: 'any value', jsonSchema: {}, numbersAsWritten: true, takesNull: true, parse: value => ({ok: true, value})};
}

/** `run:` is an argv list, or one string when `shell: true` (checked against `shell` later). */
export function argv(description: string): LeafField {
	return {
		type: 'leaf',
		description,
		expected: 'a list of strings [program, arg, ...], or a string with shell: true',
		jsonSchema: {anyOf: [{type: 'string', minLength: 1}, {type: 'array', items: {type: 'string'}, minItems: 1}]},
		scalarsAsWritten: true,
		parse(value) {
			if (typeof value === 'string' && value.trim() !== '') {
				const problem = nulProblem(value, '`run`', unstartable);
				return problem === undefined ? {ok: true, value} : {ok: false, ...problem};
			}

			if (Array.isArray(value)) return readArgvList(value);
			return {ok: false, message: `expected a list [program, arg, ...] or a shell string, found ${found(value)}`};
		},
	};
}
