import type {Check, Secret} from '../config/types.js';
import {openSession} from './http/agents.js';
import type {Trace} from './http/connector.js';
import {bodyEncoding, decodeBody} from './http/charset.js';
import {diedOnReuse, exchange, type ResponseHeaders} from './http/exchange.js';
import {excerptOf, undecodedBodyNote} from './http/result.js';
import {formatBytes} from '../config/format-bytes.js';
import {redirectTarget} from './http/redirect.js';
import {displayUrl, headerText} from './http/text.js';
import {basicAuthFromUrl} from './http/url-credentials.js';
import {withDerivedSecrets} from './http/derived-secrets.js';
import {errorCode, reasonFromNetError} from './net-reason.js';
import {parseJson} from './parse-json.js';
import {reason} from './result.js';
import {cleanText} from '../text/clean-text.js';
import type {ProbeResult, Reason} from './types.js';

export const maxJsonBytes = 1024 * 1024;

/**
 * `excerpt`: the start of the body, sanitized, redacted and cut as an http check's is, when one came back that is
 * no JSON, too large, or sent with a status outside 2xx. A proxy's 502 page or a login page says more than
 * "invalid JSON" does. `notes`: what the result's notes say of the body, cleaned: a charset no decoder knows.
 */
export type JsonReply =
	| {readonly ok: true; readonly status: number; readonly json: unknown; readonly excerpt?: string; readonly notes?: readonly string[]}
	| {readonly ok: false; readonly reason: Reason; readonly status?: number; readonly excerpt?: string; readonly notes?: readonly string[]}
	| {readonly ok: false; readonly aborted: true};

/**
 * GET `url` and parse the body as JSON, reading at most `maxBytes` (1 MiB unless the caller needs more). Transport
 * faults, oversized and invalid bodies come back as reasons; the caller decides what a status means (a JSON error
 * body can matter).
 */
export async function getJson(check: Check, url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal, maxBytes = maxJsonBytes): Promise<JsonReply> {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return {ok: false, reason: reason(check, 'internal', `invalid URL ${url}`)};
	}

	const {host} = parsed;
	// Through a kept-alive session of the check's own, like an http check with `keepAlive: true`: the deadline
	// closes a connection still being made, and a config edit that drops the check closes its connection.
	const session = openSession({checkId: check.id, keepAlive: true, timeoutMs: check.timeoutMs, insecure: false});
	// The user agent an http check's probe sends: a gateway or WAF may refuse a request that names none.
	const sent: Record<string, string> = {'user-agent': 'uptop', accept: 'application/json', ...headers};
	// A Prometheus behind Basic auth, written `http://user:pw@host/`, as an http check and `by hand`'s curl send it.
	const basic = basicAuthFromUrl(parsed, sent);
	if (basic !== undefined) sent.authorization = basic;
	const request = {url: parsed, method: 'GET', headers: sent} as const;
	const send = async () => {
		const trace: Trace = {phase: 'connect', signal};
		session.trace = trace;
		const sent = await exchange(session.dispatcher, request, trace, () => ({mode: 'full', maxBytes}));
		return {sent, trace};
	};

	const first = await send();
	// A server closes an idle kept-alive connection without a word (uvicorn after 5 s): ask once more on a fresh one,
	// as an http check does, rather than fail a job that is fine.
	const hop = diedOnReuse(first.sent, first.trace) ? (await send()).sent : first.sent;
	session.trace = undefined;
	session.release();
	if (hop.kind === 'aborted') {
		return {ok: false, aborted: true};
	}

	if (hop.kind === 'error') {
		const code = errorCode(hop.error);
		if (code === 'UND_ERR_SOCKET') {
			return {ok: false, reason: reason(check, 'reset', `server closed connection (${host})`)};
		}

		if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL') {
			return {ok: false, reason: reason(check, 'internal', `invalid request to ${url}`)};
		}

		return {ok: false, reason: reasonFromNetError(check, hop.error, host)};
	}

	const {status} = hop;
	const {encoding, unknownCharset} = bodyEncoding(hop.body, hop.headers);
	// The Basic value sent, and its token, as an http check hides them when a target echoes them.
	const secrets = () => (basic === undefined ? check.secrets : withDerivedSecrets(check.secrets, [basic, basic.slice('Basic '.length)]));
	const withExcerpt = () => {
		const excerpt = excerptOf(hop.body, secrets(), encoding, hop.headers);
		return excerpt === undefined ? {} : {excerpt};
	};

	// Said as an http check says it (http.ts): a value read as UTF-8 that the server meant otherwise (`StÃ¶rung`) is
	// then explained. The charset is the server's own word.
	const charsetNotes = unknownCharset === undefined || hop.body.length === 0 ? [] : [cleanText(`body charset "${unknownCharset}" is unknown: read as UTF-8`, secrets())];
	const parsedNotes = charsetNotes.length === 0 ? {} : {notes: charsetNotes};
	// A body that was not read (no JSON, too large, a redirect's) says why it has no excerpt: a proxy gzipped it unasked.
	const undecoded = hop.body.length === 0 ? undefined : undecodedBodyNote(hop.headers);
	const notes = undecoded === undefined ? parsedNotes : {notes: [...charsetNotes, cleanText(undecoded, secrets())]};
	if (hop.end === 'too_large') {
		return {ok: false, status, reason: reason(check, 'too_large', `response exceeded ${formatBytes(maxBytes)} (${host})`), ...withExcerpt(), ...notes};
	}

	const redirect = redirectStatuses.has(status) ? redirectReason(check, status, hop.headers, parsed, secrets()) : undefined;
	if (redirect !== undefined) {
		return {ok: false, status, reason: redirect, ...withExcerpt(), ...notes};
	}

	try {
		// In the charset the Content-Type names (a Latin-1 or UTF-16 answer), as an http check reads it.
		const json = parseJson(decodeBody(hop.body, encoding));
		// A 2xx answer's body is the data, read by the caller; an error status's may say why (a 503's "database down").
		return {ok: true, status, json, ...(status >= 200 && status <= 299 ? {} : withExcerpt()), ...parsedNotes};
	} catch {
		// An empty answer is no JSON, but "invalid" sends the reader looking for a malformed body that is not there.
		const what = hop.body.length === 0 ? 'an empty body' : 'invalid JSON';
		return {ok: false, status, reason: reason(check, 'protocol', `HTTP ${status}: ${what} from ${host}`), ...withExcerpt(), ...notes};
	}
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * A redirect answer, which is never followed: a query API that redirects is most often behind a single sign-on
 * proxy, and its login page is no JSON ("HTTP 302: an empty body" said neither). Where it led, without the URL's
 * user:password or a secret (a session token in the query), and what to set instead.
 */
function redirectReason(check: Check, status: number, headers: ResponseHeaders, from: URL, secrets: readonly Secret[]): Reason {
	const hint = `(a ${check.kind} check does not follow redirects: set url to the final URL)`;
	const target = redirectTarget(status, headers, from);
	const location = target === undefined ? headerText(Array.isArray(headers.location) ? headers.location[0] : headers.location) : displayUrl(target);
	const where = location ? `redirected to ${cleanText(location, secrets, {maxLength: 200})}` : 'a redirect with no Location';
	return {code: 'redirect', message: cleanText(`HTTP ${status}: ${where} ${hint}`, secrets)};
}

/**
 * `result` with the reply's notes of the body after its own: a probe's first note is about the values it read (the
 * series cap, which the plain lines take first).
 */
export function withBodyNotes(result: ProbeResult, reply: JsonReply): ProbeResult {
	const notes = 'notes' in reply ? reply.notes ?? [] : [];
	return notes.length === 0 ? result : {...result, notes: [...(result.notes ?? []), ...notes]};
}

/** `checks.db.status` → the value at that path, or undefined. Numeric segments index arrays. */
export function atPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
			return undefined;
		}

		current = (current as Record<string, unknown>)[key];
	}

	return current;
}
