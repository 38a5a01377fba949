import type {Reason, ReasonCode} from '../types.js';
import {formatDuration} from '../../config/duration.js';
import {clean} from './text.js';
import {localAddressReason, openFilesReason, openFilesShortage} from '../local-limits.js';
import {certificateProblem, type ChainCertificate} from '../certificate-problem.js';
import {openSslReason, targetWithAddresses} from '../net-reason.js';
import type {Secret} from '../../config/types.js';
import {startsLikeTls, tlsPortHint} from './tls-port.js';
import {headersTooLargeMessage} from './header-limit.js';

/** Where an attempt was when it failed or its deadline passed. */
export type Phase = 'dns' | 'connect' | 'tls' | 'headers' | 'body' | 'total';

export type ErrorContext = {
	/** Strings to hide in the message (the check's secrets). */
	readonly secrets?: readonly Secret[];
	/** The check's timeout, named in timeout messages. */
	readonly timeoutMs?: number;
	/** What the attempt was doing; sharpens ambiguous errors (a reset during TLS is a handshake failure). */
	readonly phase?: Phase;
	/** "host:port" or host name the attempt talked to, named in messages. */
	readonly target?: string;
	/** The name the certificate was checked against when a Host header set it, not the target's host. */
	readonly certificateName?: string;
	/** The peer's chain, leaf first, when known: names the certificate that expired or holds a weak key. */
	readonly certificateChain?: readonly ChainCertificate[];
	/** Bytes of body received so far, named in body timeouts. */
	readonly bodyBytes?: number;
	/** The error being mapped, whole (set by reasonFromError): a refused connect names the addresses it tried. */
	readonly error?: unknown;
};

/** `data`: what undici's parser could not read, from where it stopped (an HTTPParserError's). */
type ErrorLike = {code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown; data?: unknown};

/** The error and everything it wraps (`cause`, AggregateError `errors`), outermost first, bounded. */
function chain(error: unknown): ErrorLike[] {
	const output: ErrorLike[] = [];
	const queue: unknown[] = [error];
	while (queue.length > 0 && output.length < 16) {
		const item = queue.shift();
		if (typeof item !== 'object' || item === null || output.includes(item as ErrorLike)) {
			continue;
		}

		const like = item as ErrorLike;
		output.push(like);
		if (like.cause !== undefined) {
			queue.push(like.cause);
		}

		if (Array.isArray(like.errors)) {
			queue.push(...(like.errors as unknown[]));
		}
	}

	return output;
}

function codeOf(like: ErrorLike): string | undefined {
	// DOMException has a numeric `code`; only string codes name a condition.
	return typeof like.code === 'string' && like.code.length > 0 ? like.code : undefined;
}

function firstLine(like: ErrorLike | undefined): string {
	const message = typeof like?.message === 'string' ? like.message : '';
	return message.split('\n')[0]!.trim();
}

const phaseWords: Record<Phase, string> = {
	dns: 'resolving name',
	connect: 'connecting',
	tls: 'TLS handshake',
	headers: 'waiting for headers',
	body: 'reading body',
	total: 'deadline',
};

const phaseCodes: Record<Phase, ReasonCode> = {
	// A name that never resolves is reported as a connect timeout: the HTTP probe's connect includes DNS.
	dns: 'timeout:connect',
	connect: 'timeout:connect',
	tls: 'timeout:tls',
	headers: 'timeout:headers',
	body: 'timeout:body',
	total: 'timeout:total',
};

/** "timeout after 5s (waiting for headers)" with the code for the phase the deadline caught. */
export function timeoutReason(phase: Phase, context: ErrorContext = {}): Reason {
	const after = context.timeoutMs === undefined ? 'timeout' : `timeout after ${formatDuration(context.timeoutMs)}`;
	let words = phaseWords[phase];
	// Which name or address it was: on call, "connecting to db.internal:5432" is the next thing to check.
	if (context.target !== undefined && (phase === 'dns' || phase === 'connect')) {
		words = phase === 'dns' ? `resolving ${context.target.replace(/:\d+$/, '')}` : `connecting to ${context.target}`;
	}

	if (phase === 'body' && context.bodyBytes !== undefined && context.bodyBytes > 0) {
		words += `, ${context.bodyBytes} B received`;
	}

	return {code: phaseCodes[phase], message: clean(`${after} (${words})`, context.secrets ?? [])};
}

const internalCodes = new Set([
	'UND_ERR',
	'UND_ERR_INVALID_ARG',
	'UND_ERR_INVALID_RETURN_VALUE',
	'UND_ERR_DESTROYED',
	'UND_ERR_CLOSED',
	'UND_ERR_NOT_SUPPORTED',
	'UND_ERR_INFO',
	'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
	'ERR_INVALID_URL',
	'ERR_INVALID_ARG_TYPE',
	'ERR_INVALID_ARG_VALUE',
	'ERR_INVALID_CHAR',
	'ERR_INVALID_HTTP_TOKEN',
]);

type Mapped = {code: ReasonCode; message: string};

function withoutPort(target: string): string {
	return target.replace(/:\d+$/, '');
}

function mapCode(code: string, like: ErrorLike, context: ErrorContext): Mapped | undefined {
	const at = context.target ? ` (${context.target})` : '';
	// A name that does not resolve has no port worth naming.
	const name = context.target ? ` (${withoutPort(context.target)})` : '';
	const line = firstLine(like);
	switch (code) {
		// getaddrinfo that could not read its configuration or open a socket for want of descriptors says one of
		// these: the name was never asked about.
		case 'ENOTFOUND':
		case 'EAI_NONAME':
		case 'EAI_FAIL': {
			return openFilesShortage() ?? {code: 'dns', message: `DNS: name not found${name}`};
		}

		case 'EAI_AGAIN': {
			return openFilesShortage() ?? {code: 'dns:unavailable', message: `DNS: resolver unavailable${name}`};
		}

		case 'ENODATA':
		case 'EAI_NODATA': {
			return openFilesShortage() ?? {code: 'dns:nodata', message: `DNS: no address for name${name}`};
		}

		case 'ECONNREFUSED': {
			return {code: 'refused', message: `connection refused${context.target ? ` (${targetWithAddresses(context.target, context.error)})` : ''}`};
		}

		case 'EADDRNOTAVAIL': {
			return localAddressReason(context.target);
		}

		case 'EMFILE':
		case 'ENFILE': {
			return openFilesReason(code);
		}

		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'ENETDOWN':
		case 'EHOSTDOWN': {
			return {code: 'unreachable', message: `network unreachable (${context.target ? `${code}, ${context.target}` : code})`};
		}

		case 'UND_ERR_CONNECT_TIMEOUT':
		case 'ETIMEDOUT': {
			return timeoutReason(context.phase === 'tls' ? 'tls' : 'connect', context);
		}

		case 'UND_ERR_HEADERS_TIMEOUT': {
			return timeoutReason('headers', context);
		}

		case 'UND_ERR_BODY_TIMEOUT': {
			return timeoutReason('body', context);
		}

		case 'UND_ERR_SOCKET':
		case 'ECONNRESET':
		case 'EPIPE':
		case 'ECONNABORTED': {
			if (context.phase === 'tls') {
				return {code: 'tls:handshake', message: 'TLS handshake failed (connection closed by server)'};
			}

			// undici's own words (never the server's) when it closes the socket on an interim status it cannot take.
			if (code === 'UND_ERR_SOCKET' && (line === 'bad response' || line === 'bad upgrade') && context.phase === 'headers') {
				return interimReason(line === 'bad response' ? 100 : 101);
			}

			const closed = code === 'UND_ERR_SOCKET' && /other side closed|closed/i.test(line);
			const when = context.phase === 'headers' ? ' before sending headers' : context.phase === 'body' ? ' while sending body' : '';
			return {code: 'reset', message: closed ? `server closed connection${when}` : `connection reset by peer${when}`};
		}

		case 'UND_ERR_HTTP_PARSER': {
			return {code: 'protocol', message: 'invalid HTTP response'};
		}

		case 'UND_ERR_HEADERS_OVERFLOW':
		case 'HPE_HEADER_OVERFLOW': {
			return {code: 'protocol', message: headersTooLargeMessage};
		}

		case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH': {
			// undici reports any parser failure after a Content-Length header as this mismatch, also one in the
			// header lines below it, a second Content-Length that differs and one past any number: before the
			// headers were complete, no body can have been cut short, and which of these it was is not known.
			return isBeforeBody(context.phase)
				? {code: 'protocol', message: 'invalid HTTP response: its Content-Length, or a header line after it, is malformed (two different lengths, a length out of range, or a control character in a value)'}
				: {code: 'truncated', message: 'body truncated: shorter than its Content-Length'};
		}

		case 'UND_ERR_RES_EXCEEDED_MAX_SIZE': {
			return {code: 'too_large', message: 'response too large'};
		}

		case 'ERR_TLS_CERT_ALTNAME_INVALID': {
			// A Host header names the virtual host the certificate must be for: said as such, as the URL names another.
			const host = context.certificateName ? ` ${context.certificateName} (the Host header's name)` : context.target ? ` ${withoutPort(context.target)}` : ' host';
			return {code: 'tls:hostname', message: `TLS: certificate does not match${host}`};
		}

		case 'EPROTO': {
			return {code: 'tls:handshake', message: tlsHandshakeMessage(line, line)};
		}

		default: {
			break;
		}
	}

	if (code.startsWith('HPE_')) {
		return {code: 'protocol', message: `invalid HTTP response (${code})`};
	}

	const problem = certificateProblem(code, context.certificateChain);
	if (problem) {
		return {code: problem.code, message: `TLS: ${problem.message}`};
	}

	if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
		return {code: 'tls:handshake', message: tlsHandshakeMessage(`${code} ${line}`, line)};
	}

	if (internalCodes.has(code)) {
		return {code: 'internal', message: `uptop internal error (${code})${line ? `: ${line}` : ''}`};
	}

	return undefined;
}

/**
 * An interim status undici's HTTP/1.1 client cannot read past: it closes the connection on a 100 Continue the
 * request did not ask for and a 101 without an upgrade asked for, and fails an assertion on a status below 100.
 * Said as what the server sent, not as the reset or assertion it turned into.
 */
export function interimReason(status: number): Reason {
	const named = status === 100 ? '100 Continue' : status === 101 ? '101 Switching Protocols' : undefined;
	const message = named === undefined
		? `invalid HTTP response: status ${String(status).padStart(3, '0')} (HTTP statuses start at 100)`
		: `invalid HTTP response: ${named} to a request that did not ask for it`;
	return {code: 'protocol', message};
}

function isBeforeBody(phase: Phase | undefined): boolean {
	return phase === 'dns' || phase === 'connect' || phase === 'tls' || phase === 'headers';
}

/**
 * What llhttp objected to, from the reason undici puts in its message: a fixed text of llhttp's, never the
 * server's bytes, so it is safe to match. Only the ones that name the fault better than "invalid".
 */
function parserMessage(like: ErrorLike): string {
	// A TLS server's alert or handshake record where a status line should be: an http:// URL at a TLS port. Its
	// first bytes only, never the server's text.
	if (startsLikeTls(typeof like.data === 'string' ? like.data : undefined)) {
		return `invalid HTTP response: the server answered in TLS (${tlsPortHint})`;
	}

	const line = firstLine(like);
	if (/invalid header value char/i.test(line)) {
		return 'invalid HTTP response: a header value holds a control character';
	}

	if (/invalid header (token|field char)/i.test(line)) {
		return 'invalid HTTP response: a header name holds a character not allowed in it';
	}

	const named: Array<[RegExp, string]> = [
		[/unexpected whitespace after header value/i, 'a header line starts with whitespace (a folded header)'],
		[/invalid character in content-length/i, 'Content-Length is not a number'],
		[/invalid response status/i, 'the status is not a 3-digit number'],
		[/invalid character in chunk size/i, 'a chunk size is not a hexadecimal number'],
	];
	for (const [pattern, fault] of named) {
		if (pattern.test(line)) {
			return `invalid HTTP response: ${fault}`;
		}
	}

	if (/missing expected CR/i.test(line)) {
		// Curl reads such a response (RFC 9112 lets a client take a bare LF); undici's parser does not.
		return 'invalid HTTP response: a line ends in LF without CR';
	}

	return 'invalid HTTP response';
}

/** `detail` is searched for the causes named in words; `line`, OpenSSL's error line, says what else it objected to. */
function tlsHandshakeMessage(detail: string, line: string): string {
	if (/wrong.version/i.test(detail)) {
		return 'TLS handshake failed (wrong version: is this a TLS port?)';
	}

	if (/packet length too long|record.layer|http.request/i.test(detail)) {
		return 'TLS handshake failed (server answered in plain text)';
	}

	const objection = openSslReason(line);
	return objection === undefined ? 'TLS handshake failed' : `TLS handshake failed (${objection})`;
}

/**
 * Maps any error from undici, Node net/tls/dns or an abort to a short, specific reason. Matches on
 * `code` (never `instanceof`: the bundled undici may differ) and looks through `cause` chains and
 * AggregateError members. The message is sanitized and redacted.
 */
export function reasonFromError(error: unknown, context: ErrorContext = {}): Reason {
	const secrets = context.secrets ?? [];
	const links = chain(error);
	for (const like of links) {
		const code = codeOf(like);
		const mapped = code === undefined ? undefined : mapCode(code, like, {...context, error});
		if (mapped) {
			return {code: mapped.code, message: clean(mapped.message, secrets)};
		}
	}

	for (const like of links) {
		if (like.name === 'HTTPParserError') {
			// undici leaves `code` unset for its parser's failures (bytes that are not HTTP, a control character).
			return {code: 'protocol', message: parserMessage(like)};
		}

		if (like.name === 'TimeoutError') {
			return timeoutReason(context.phase ?? 'total', context);
		}

		if (like.name === 'AbortError' || codeOf(like) === 'UND_ERR_ABORTED') {
			return {code: 'cancelled', message: 'cancelled'};
		}
	}

	const outer = links[0];
	const code = links.map(like => codeOf(like)).find(Boolean);
	const line = outer ? firstLine(outer) : String(error);
	const text = [code, line].filter(Boolean).join(': ') || 'unknown error';
	return {code: 'unknown', message: clean(text, secrets, {maxLength: 200})};
}
