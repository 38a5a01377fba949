import {readFile} from 'node:fs/promises';
import type {SecureContext} from 'node:tls';
import {formatDuration} from '../config/duration.js';
import {formatBytes} from '../config/format-bytes.js';
import type {HttpCheck, Secret, StatusRange} from '../config/types.js';
import {caContentReason, caReadProblem} from './ca-file.js';
import {connectionAgeMs, openSession, type Session} from './http/agents.js';
import {caSecureContext} from './http/ca-context.js';
import {BodyView} from './http/body.js';
import {bodyEncoding} from './http/charset.js';
import type {Trace} from './http/connector.js';
import {diedOnReuse, exchange, type BodyPlan, type HopFailure, type HopResponse} from './http/exchange.js';
import {failedExpectation, statusMatches, statusReason, type AbortedMatch} from './http/expect.js';
import {interimReason, reasonFromError, timeoutReason} from './http/reason.js';
import {atRedirectHop, hopName, nextRequest, redirectTarget, unfollowedRedirect} from './http/redirect.js';
import {PhaseClock, excerptOf, pageTextBytes, pickHeaders, summaryLine, undecodedBodyNote} from './http/result.js';
import {clean, displayUrl, headerText} from './http/text.js';
import {isHtmlType} from './http/html-text.js';
import {readVersion} from './http/version.js';
import {deadlineLatencyMs} from './result.js';
import {isDeadline, type Certificate, type ProbeFunction, type ProbeResult, type Reason} from './types.js';
import {basicAuthFromUrl} from './http/url-credentials.js';
import {withDerivedSecrets} from './http/derived-secrets.js';
import {answersTls, saysPlainToTlsPort, withTlsPortHint} from './http/tls-port.js';
import {safeDecode} from '../config/secrets.js';
import {certificateNameFromHost} from '../config/host-header.js';

export {closeHttpAgents, forgetHttpSessions} from './http/agents.js';
export {reasonFromError, timeoutReason, type ErrorContext, type Phase} from './http/reason.js';

type Fields = Omit<ProbeResult, 'latencyMs' | 'startedAt'>;

const redirectBodyBytes = 64 * 1024;
const mismatchBodyBytes = 4096;
/** A page's message can come after a long stylesheet (a framework's debug 500): its excerpt is the page's text. */
const mismatchPageBytes = pageTextBytes.failing;

/** Secrets of the check plus what this probe derives from them (URL credentials, Basic tokens). */
function secretsFor(check: HttpCheck, url: URL, headers: Record<string, string>): readonly Secret[] {
	const secrets = new Set<string>();
	// The password; not the user name, which the target line shows (`http://elastic:••••@…`): hidden in what the
	// target says, `elastic` or `status` would go from every word of its body.
	if (url.password) {
		secrets.add(safeDecode(url.password));
		secrets.add(url.password);
	}

	for (const name of ['authorization', 'proxy-authorization', 'cookie']) {
		const value = headers[name];
		if (value) {
			secrets.add(value);
			// The credential alone, as a server might echo it: the token after "Bearer", each cookie value.
			const parts = name === 'cookie' ? value.split(';').map(pair => pair.slice(pair.indexOf('=') + 1).trim()) : [value.replace(/^\w+\s+/, '')];
			for (const part of parts.filter(part => part.length >= 4)) {
				secrets.add(part);
			}
		}
	}

	return withDerivedSecrets(check.secrets, secrets);
}

function requestHeaders(check: HttpCheck, url: URL): Record<string, string> {
	// No accept-encoding: the body is capped as it arrives, so it must arrive uncompressed.
	const headers: Record<string, string> = {'user-agent': 'uptop', accept: '*/*', ...check.headers};
	const basic = basicAuthFromUrl(url, headers);
	if (basic !== undefined) headers.authorization = basic;
	return headers;
}

/** What a check's first request is made of: the same every probe, so worked out once per check. */
type FirstRequest = {readonly url: URL; readonly headers: Readonly<Record<string, string>>; readonly secrets: readonly Secret[]};

/** Keyed by the check object: a reloaded config brings new checks, and the old entries go with them. */
const firstRequests = new WeakMap<HttpCheck, FirstRequest | 'invalid'>();

function firstRequest(check: HttpCheck): FirstRequest | 'invalid' {
	let cached = firstRequests.get(check);
	if (cached === undefined) {
		let url: URL | undefined;
		try {
			url = new URL(check.url);
		} catch {}

		if (url === undefined) {
			cached = 'invalid';
		} else {
			const headers = Object.freeze(requestHeaders(check, url));
			cached = {url, headers, secrets: Object.freeze(secretsFor(check, url, headers))};
		}

		firstRequests.set(check, cached);
	}

	return cached;
}

/** The names in a certificate are the server's text: stored cleaned, as the tls probe stores them. */
function safeCertificate(certificate: Certificate, secrets: readonly Secret[]): Certificate {
	const {subject, issuer} = certificate;
	return {
		...certificate,
		...(subject === undefined ? {} : {subject: clean(subject, secrets, {maxLength: 200})}),
		...(issuer === undefined ? {} : {issuer: clean(issuer, secrets, {maxLength: 200})}),
	};
}

/** "host:port" as a connection goes to it (the scheme's port when the URL names none). */
function targetOf(url: URL): string {
	return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
}

function failureReason(failure: HopFailure, trace: Trace, check: HttpCheck, url: URL, headers: Readonly<Record<string, string>>, secrets: readonly Secret[]): Reason {
	const interim = failure.interimStatus;
	if (failure.phase === 'headers' && interim !== undefined && (interim < 100 || interim === 101)) {
		return interimReason(interim);
	}

	const declared = Number(failure.headers?.['content-length']);
	const cutShort = failure.phase === 'body' && Number.isFinite(declared) && declared > failure.bodyBytes;
	const mapped = reasonFromError(failure.error, {
		secrets,
		timeoutMs: check.timeoutMs,
		phase: failure.phase,
		target: targetOf(url),
		...(url.protocol === 'https:' ? {certificateName: certificateNameFromHost(headers)} : {}),
		certificateChain: trace.refusedChain,
		bodyBytes: failure.bodyBytes,
	});
	// A clean close (FIN) before Content-Length bytes arrived is a truncated body; a RST stays a reset.
	const closedEarly = mapped.code === 'truncated' || (mapped.code === 'reset' && mapped.message.startsWith('server closed'));
	if (cutShort && closedEarly) {
		return {code: 'truncated', message: `body truncated: got ${failure.bodyBytes} of ${declared} B`};
	}

	return mapped;
}

export const probe: ProbeFunction<HttpCheck> = async (check, signal) => {
	const startedAt = Date.now();
	const startMs = performance.now();
	/** When the first hop reached the network; latency counts from there (set-up before it is uptop's own). */
	let networkStartMs: number | undefined;
	const clock = new PhaseClock();
	const notes: string[] = [];
	let secrets: readonly Secret[] = check.secrets;
	/** Where a followed redirect led: the result is then that hop's, not the check's URL's, on every path out. */
	let redirectedTo: URL | undefined;
	const finish = (fields: Fields, endMs = performance.now()): ProbeResult => {
		const latencyMs = endMs - (networkStartMs ?? startMs);
		const hopNote = redirectedTo === undefined ? undefined : redirectNote(redirectedTo);
		const all = hopNote === undefined || notes.includes(hopNote) ? notes : [...notes, hopNote];
		return {
			...fields,
			startedAt,
			latencyMs,
			phases: clock.phases(latencyMs),
			...(all.length > 0 ? {notes: all.map(note => clean(note, secrets))} : {}),
		};
	};

	// The summary is the reason's own cleaned text: a reason may quote the URL (a redirect loop), secrets and all.
	const failing = (reason: Reason, extra: Partial<Fields> = {}, endMs?: number): ProbeResult => {
		const message = clean(reason.message, secrets);
		return finish({outcome: 'failing', summary: message, ...extra, reason: {code: reason.code, message}}, endMs);
	};
	// At the deadline the latency is the time since the call, not since the connection attempt (deadlineLatencyMs).
	const failingAtDeadline = (reason: Reason, extra: Partial<Fields> = {}): ProbeResult => {
		const result = failing(reason, extra);
		const latencyMs = deadlineLatencyMs(startMs, check.timeoutMs);
		return {...result, latencyMs, phases: clock.phases(latencyMs)};
	};

	let session: Session | undefined;
	try {
		const first = firstRequest(check);
		if (first === 'invalid') {
			return failing({code: 'internal', message: 'invalid URL in check'});
		}

		// The URL and headers are shared by every probe of the check: read, never changed (a redirect makes new ones).
		let {url} = first;
		let request: {method: string; headers: Readonly<Record<string, string>>; body?: string} = {method: check.method, headers: first.headers};
		if (check.body !== undefined) {
			request.body = check.body;
		}

		secrets = first.secrets;
		const origin = url;
		const hopReason = (reason: Reason): Reason => (redirectedTo === undefined ? reason : atRedirectHop(reason, redirectedTo, origin));
		/** The check's `ca` as the probe's session trusts it; an http url's is read only at a redirect to https. */
		let ca: SecureContext | undefined;
		if (check.ca && url.protocol === 'https:') {
			const read = await readCa(check.ca);
			if (!Buffer.isBuffer(read)) return failing(read);
			ca = caSecureContext(check.ca, read, 'replaces-roots');
		}

		if (check.insecure && url.protocol === 'https:') {
			notes.push(insecureNote);
		}

		const sessionOptions = {checkId: check.id, keepAlive: check.keepAlive, timeoutMs: check.timeoutMs, insecure: check.insecure};
		session = openSession({...sessionOptions, ...(ca ? {secureContext: ca, caPath: check.ca} : {})});
		const visited: URL[] = [];
		/** The statuses of the redirects followed, in order: a 301 expected is told apart from the 302 that came. */
		const followedStatuses: number[] = [];
		/** This hop's request was already sent again on a fresh connection after a reused one died under it. */
		let isRetried = false;
		for (;;) {
			const trace: Trace = {phase: 'connect', signal};
			session.trace = trace;
			if (visited.at(-1) !== url) visited.push(url);
			const plan = (status: number, headers: HopResponse['headers']): BodyPlan => {
				if (check.maxRedirects > 0 && redirectTarget(status, headers, url)) {
					return {mode: 'peek', bytes: redirectBodyBytes};
				}

				if (statusMatches(status, check.expect.status)) return {mode: 'full', maxBytes: check.expect.maxBytes};
				return {mode: 'peek', bytes: isHtmlType(headerText(headers['content-type'])) ? mismatchPageBytes : mismatchBodyBytes};
			};

			const hop = await exchange(session.dispatcher, {url, ...request}, trace, plan);
			if (!isRetried && diedOnReuse(hop, trace)) {
				// A server may close a connection after an answer without saying so (RFC 9112 §9.3.1), or close it idle
				// just as the request arrives: a redirect's next request, or a kept-alive probe, then meets a closed
				// socket, which never read it. Like curl, send it again, whatever its method, once on a fresh connection
				// (once a hop, so at most maxRedirects + 1 times); what that one says is the result.
				isRetried = true;
				continue;
			}

			// Latency is the target's time as a client sees it: from the first hop's connection attempt (or its
			// request, on a reused connection), not from uptop's own set-up of URL, headers and agent.
			networkStartMs ??= trace.connectStartAt ?? (hop.kind === 'response' ? hop.requestAt : undefined);

			clock.addConnection(trace);
			if (trace.connectStartAt === undefined) {
				// Over a kept connection: no handshake this time, and the certificate shown is the one it was made with.
				clock.reusedConnectionAgeMs = connectionAgeMs(session, url.origin) ?? clock.reusedConnectionAgeMs;
			}

			if (trace.certificate) {
				session.certificate = safeCertificate(trace.certificate, secrets);
			}

			const certificate = url.protocol === 'https:' ? session.certificate : undefined;
			const withCertificate = certificate ? {certificate} : {};
			if (hop.kind === 'aborted') {
				if (!isDeadline(signal)) {
					return finish({outcome: 'cancelled', reason: {code: 'cancelled', message: 'cancelled'}, summary: 'cancelled', ...withCertificate});
				}

				const timeout = timeoutReason(hop.phase, {timeoutMs: check.timeoutMs, bodyBytes: hop.bodyBytes, secrets, target: targetOf(url)});
				if (hop.status !== undefined && !statusMatches(hop.status, check.expect.status)) {
					// The status already failed the check; that, not the slow body after it, is the news.
					notes.push(timeout.message);
					return failingAtDeadline(statusReason(hop.status, check.expect.status, secrets), {status: hop.status, ...withCertificate});
				}

				return failingAtDeadline(hopReason(timeout), {...withCertificate, ...(hop.status === undefined ? {} : {status: hop.status})});
			}

			if (hop.kind === 'error') {
				const endMs = performance.now();
				let reason = failureReason(hop, trace, check, url, request.headers, secrets);
				// A TLS server closes on a plain request without a byte: only a handshake tells it from any other close.
				// Its time is not the target's latency. Only on a connection this hop opened: one that already carried a
				// plain answer is no TLS port, and the question would be a stray handshake in the target's log.
				if (url.protocol === 'http:' && hop.phase === 'headers' && reason.code === 'reset' && trace.connectStartAt !== undefined && await answersTls(check, url, signal)) {
					reason = withTlsPortHint(reason);
				}

				if (signal.aborted && !isDeadline(signal)) {
					return finish({outcome: 'cancelled', reason: {code: 'cancelled', message: 'cancelled'}, summary: 'cancelled', ...withCertificate}, endMs);
				}

				return failing(hopReason(reason), {...withCertificate, ...(hop.status ? {status: hop.status} : {})}, endMs);
			}

			clock.addResponse(hop);
			const target = check.maxRedirects > 0 ? redirectTarget(hop.status, hop.headers, url) : undefined;
			if (target) {
				const names = (list: URL[]): string => list.map(item => hopName(item, origin)).join(' → ');
				const loopAt = visited.findIndex(item => item.href.split('#')[0] === target.href.split('#')[0]);
				if (loopAt >= 0) {
					return failing({code: 'redirect', message: `redirect loop: ${names([...visited.slice(loopAt), target])}`}, {status: hop.status, ...withCertificate});
				}

				if (visited.length > check.maxRedirects) {
					return failing({code: 'redirect', message: `too many redirects (${check.maxRedirects})`}, {status: hop.status, ...withCertificate});
				}

				if (target.protocol === 'https:') {
					if (check.ca && ca === undefined) {
						// An http url's first https hop: its `ca` is read now, and trusted there beside the system's roots, so
						// that an internal CA given to every check by `defaults:` does not fail a redirect to a public site.
						// The check's own session, made without it, stays as it is for the url's next probe.
						const read = await readCa(check.ca);
						if (!Buffer.isBuffer(read)) return failing(read, {status: hop.status, ...withCertificate});
						ca = caSecureContext(check.ca, read, 'beside-roots');
						session.trace = undefined;
						session.release();
						session = openSession({...sessionOptions, secureContext: ca, caPath: check.ca, isRedirectHop: true});
					}

					if (check.insecure && !notes.includes(insecureNote)) notes.push(insecureNote);
				}

				followedStatuses.push(hop.status);
				request = nextRequest(hop.status, request, url, target, secrets);
				url = target;
				redirectedTo = target;
				isRetried = false;
				continue;
			}

			const endMs = hop.endAt;
			const unfollowed = check.maxRedirects > 0 ? unfollowedRedirect(hop.status, hop.headers, url) : undefined;
			if (unfollowed) {
				notes.push(unfollowed);
			}

			if (redirectedTo !== undefined) {
				// Here, before what the final answer adds: finish adds it to the other paths out.
				notes.push(redirectNote(redirectedTo));
			}

			// Latency ends with the answer (endMs): a regular expression's time after it is uptop's, not the target's.
			const evaluated = await evaluate(check, hop, secrets, endMs - (networkStartMs ?? startMs), withCertificate, notes, url, signal, followedStatuses);
			if ('abortedWhile' in evaluated) {
				if (!isDeadline(signal)) {
					return finish({outcome: 'cancelled', reason: {code: 'cancelled', message: 'cancelled'}, summary: 'cancelled', ...withCertificate});
				}

				const message = `timeout after ${formatDuration(check.timeoutMs)} (${evaluated.abortedWhile})`;
				return failingAtDeadline({code: 'timeout:total', message}, {status: hop.status, ...withCertificate});
			}

			return finish(evaluated, endMs);
		}
	} catch (error) {
		// Only uptop's own bugs get here; they still become a result so the monitor keeps going.
		return failing({code: 'internal', message: `uptop internal error: ${reasonFromError(error, {secrets}).message}`});
	} finally {
		if (session) {
			session.trace = undefined;
			session.release();
		}
	}
};

const insecureNote = 'insecure: TLS not verified';

/**
 * Whether a redirect followed had a status expected as a redirect's: by a range within 3xx (`301`, `3xx`), not by
 * one that also takes success (`200-399`), whose final 404 is the news rather than the redirect setting.
 */
function expectedFollowedRedirect(ranges: readonly StatusRange[], followed: readonly number[]): boolean {
	return followed.some(status => ranges.some(range => range.min >= 300 && range.max <= 399 && status >= range.min && status <= range.max));
}

/** The check's `ca` file, read afresh (it may be replaced while uptop runs), or why it cannot be used. */
async function readCa(file: string): Promise<Buffer | Reason> {
	let ca: Buffer;
	try {
		ca = await readFile(file);
	} catch (error) {
		const code = (error as {code?: string}).code ?? 'error';
		return {code: 'internal', message: caReadProblem(file, error) ?? `cannot read ca file ${file} (${code})`};
	}

	const problem = caContentReason(file, ca);
	return problem === undefined ? ca : {code: 'internal', message: problem};
}

function redirectNote(url: URL): string {
	return `redirected to ${displayUrl(url)}`;
}

/** The result of a final response; notes it adds go to `notes` (sanitized when the result is made). */
async function evaluate(check: HttpCheck, hop: HopResponse, secrets: readonly Secret[], latencyMs: number, extra: Partial<Fields>, notes: string[], url: URL, signal: AbortSignal, followedStatuses: readonly number[]): Promise<Fields | AbortedMatch> {
	const charset = bodyEncoding(hop.body, hop.headers);
	if (charset.unknownCharset !== undefined && hop.body.length > 0) {
		notes.push(`body charset "${charset.unknownCharset}" is unknown: read as UTF-8`);
	}

	const body = new BodyView(hop.body, charset.encoding);
	let reason: Reason | undefined;
	if (!statusMatches(hop.status, check.expect.status)) {
		reason = statusReason(hop.status, check.expect.status, secrets);
		if (expectedFollowedRedirect(check.expect.status, followedStatuses)) {
			// The redirect expected was followed: the status judged is the last answer's, never the redirect's.
			reason = {...reason, message: `${reason.message} (a redirect was followed: add \`maxRedirects: 0\` to check the redirect itself)`};
		}

		if (url.protocol === 'http:' && saysPlainToTlsPort(hop.status, body.bytes)) {
			reason = withTlsPortHint(reason);
		}
	} else if (hop.end === 'too_large') {
		reason = {code: 'too_large', message: `response exceeded ${formatBytes(check.expect.maxBytes)}`};
	} else {
		const failed = await failedExpectation(check.expect, hop.headers, body, secrets, signal);
		if (failed !== undefined && 'abortedWhile' in failed) return failed;
		reason = failed;
	}

	const undecoded = undecodedBodyNote(hop.headers);
	if (undecoded !== undefined && reason?.code.startsWith('expect:')) {
		notes.push(undecoded);
	}

	// After the verdict: a healthy page's text is read from its start only (pageTextBytes).
	const excerpt = excerptOf(body.bytes, secrets, charset.encoding, hop.headers, reason ? pageTextBytes.failing : pageTextBytes.up);
	const headers = pickHeaders(hop.headers, check.version && 'header' in check.version ? check.version.header : undefined, secrets);
	const version = readVersion(check.version, hop.headers, hop.end === 'complete' ? body : undefined, secrets);
	const fields: Fields = {
		outcome: 'up',
		status: hop.status,
		summary: summaryLine(hop, check.expect.maxBytes, latencyMs, secrets),
		...(excerpt === undefined ? {} : {excerpt}),
		...(headers ? {headers} : {}),
		...(version === undefined ? {} : {version}),
		...extra,
	};
	return reason ? {...fields, outcome: 'failing', reason} : fields;
}
