import {lookup, Resolver} from 'node:dns/promises';
import net from 'node:net';
import type {DnsCheck} from '../config/types.js';
import {openFilesReason, openFilesShortage} from './local-limits.js';
import {errorCode} from './net-reason.js';
import {abortedResult, failing, finish, formatSeconds, reason, safeText, startClock} from './result.js';
import type {ProbeFunction, ProbeResult, Reason} from './types.js';

type Answer = {readonly text: string; readonly name?: string};

const trimDot = (name: string) => name.replace(/\.$/, '');

async function query(resolver: Resolver, name: string, type: string): Promise<Answer[]> {
	switch (type) {
		case 'A': {
			return (await resolver.resolve4(name)).map(text => ({text}));
		}

		case 'AAAA': {
			return (await resolver.resolve6(name)).map(text => ({text}));
		}

		case 'CNAME': {
			return (await resolver.resolveCname(name)).map(text => ({text: trimDot(text)}));
		}

		case 'NS': {
			return (await resolver.resolveNs(name)).map(text => ({text: trimDot(text)}));
		}

		case 'MX': {
			return (await resolver.resolveMx(name)).map(({priority, exchange}) => ({text: `${priority} ${trimDot(exchange)}`, name: trimDot(exchange)}));
		}

		case 'TXT': {
			return (await resolver.resolveTxt(name)).map(chunks => ({text: chunks.join('')}));
		}

		case 'SRV': {
			return (await resolver.resolveSrv(name)).map(({priority, weight, port, name: target}) => ({
				text: `${priority} ${weight} ${port} ${trimDot(target)}`,
				name: trimDot(target),
			}));
		}

		default: {
			throw Object.assign(new Error(`unsupported record type ${type}`), {code: 'EUNSUPPORTED'});
		}
	}
}

/** "host", "host:port", "[v6]:port", "v6" → the form setServers takes, resolving a server name first. */
async function serverAddress(server: string): Promise<string> {
	let host = server;
	let port: string | undefined;
	const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(server);
	if (bracketed) {
		host = bracketed[1]!;
		port = bracketed[2];
	} else if (net.isIPv6(server)) {
		host = server;
	} else if (server.includes(':')) {
		const at = server.lastIndexOf(':');
		host = server.slice(0, at);
		port = server.slice(at + 1);
	}

	if (net.isIP(host) === 0) {
		host = (await lookup(host)).address;
	}

	const shown = net.isIPv6(host) ? `[${host}]` : host;
	return port === undefined ? host : `${shown}:${port}`;
}

/** Characters of answers an excerpt keeps, as a command check keeps of its output: every result holds one. */
const excerptLength = 1000;
/** Room kept for the line that counts the answers left out. */
const moreRoom = 24;

/** The answers one a line, whole, as many as fit in excerptLength; then how many more there were. */
function answersExcerpt(shown: readonly string[]): string {
	const whole = shown.join('\n');
	if (whole.length <= excerptLength) return whole;
	const kept: string[] = [];
	let length = 0;
	for (const answer of shown) {
		if (length + answer.length + 1 > excerptLength - moreRoom) break;
		kept.push(answer);
		length += answer.length + 1;
	}

	const left = shown.length - kept.length;
	return [...kept, `… ${left} more ${left === 1 ? 'answer' : 'answers'}`].join('\n');
}

/** The name sent to the server: `query`, when the check's own name is only for display. */
function queriedName(check: DnsCheck): string {
	return check.query ?? check.name;
}

function noRecordsReason(check: DnsCheck): Reason {
	return reason(check, 'dns:nodata', `no ${check.type} records for ${queriedName(check)}`);
}

/** A local-limits reason, its message made safe as every reason of this check is. */
function localReason(check: DnsCheck, local: Reason): Reason {
	return reason(check, local.code, local.message);
}

/** Why the name of the check's `server` could not be turned into an address. */
function resolverLookupReason(check: DnsCheck, error: unknown): Reason {
	const code = errorCode(error);
	if (code === 'EMFILE' || code === 'ENFILE') return localReason(check, openFilesReason(code));
	// getaddrinfo that could not read its configuration for want of descriptors says the name was not found.
	const shortage = openFilesShortage();
	if (shortage) return localReason(check, shortage);
	const why = code === 'ENOTFOUND' ? 'name not found' : code === 'EAI_AGAIN' ? 'the system resolver did not answer' : code ?? 'lookup failed';
	return reason(check, 'dns:unavailable', `cannot look up the resolver ${check.server ?? ''}: ${why}`);
}

function dnsReason(check: DnsCheck, error: unknown, via: string): Reason {
	const code = errorCode(error);
	const {type} = check;
	// The display name ("payments dns") would send the reader looking for a record that was never asked for.
	const name = queriedName(check);
	switch (code) {
		case 'ENOTFOUND': {
			return reason(check, 'dns', `NXDOMAIN: name not found (${name})`);
		}

		case 'ENODATA': {
			return noRecordsReason(check);
		}

		case 'ESERVFAIL': {
			return reason(check, 'dns:servfail', `SERVFAIL from ${via} for ${name}`);
		}

		case 'ETIMEOUT': {
			return reason(check, 'dns:timeout', `timeout after ${formatSeconds(check.timeoutMs)} (no answer from ${via})`);
		}

		case 'ECONNREFUSED': {
			// c-ares says so too when it could not open its socket: uptop out of descriptors, the server never asked.
			const shortage = openFilesShortage();
			if (shortage) return localReason(check, shortage);
			// c-ares says the same when a UDP-only resolver answers with TC set and then refuses the retry over TCP.
			return reason(check, 'dns:unavailable', `connection refused by ${via}: nothing listens on its port, or it answered truncated (TC) and refused the retry over TCP`);
		}

		case 'EREFUSED': {
			return reason(check, 'dns:unavailable', `query refused by ${via} (REFUSED)`);
		}

		case 'EBADRESP': {
			// c-ares's text repeats its code and the query ("EBADRESP: queryA EBADRESP name"): say it once, in words.
			return reason(check, 'dns:unavailable', `malformed answer from ${via} for ${name}`);
		}

		case 'EUNSUPPORTED': {
			return reason(check, 'internal', `unsupported record type ${type}`);
		}

		default: {
			const message = error instanceof Error ? error.message : String(error);
			return reason(check, 'dns:unavailable', `${code ?? 'error'}: ${message} (${via})`);
		}
	}
}

/** An IPv6 address in its one short form (`2001:db8:0:0:0:0:0:1` → `2001:db8::1`), as the resolver writes it; else as given. */
function shortIpv6(text: string): string {
	try {
		return new URL(`http://[${text}]/`).hostname.slice(1, -1);
	} catch {
		return text;
	}
}

/**
 * Whether `answer` is the one `expected` names. Names compare without case, as DNS does; an IPv6 address in any of
 * its written forms; a TXT record as written, case and all: a verification token or an SPF rule is not the same in
 * another case.
 */
function matches(answer: Answer, expected: string, type: string): boolean {
	const written = expected.trim();
	if (type === 'TXT') return answer.text === written;
	if (type === 'AAAA') return shortIpv6(answer.text.toLowerCase()) === shortIpv6(written.toLowerCase());
	const want = trimDot(written).toLowerCase();
	return answer.text.toLowerCase() === want || answer.name?.toLowerCase() === want;
}

export const probe: ProbeFunction<DnsCheck> = async (check, signal) => {
	const clock = startClock();
	const type = check.type.toUpperCase();
	// c-ares gives up at the deadline too (one try), so a silent server ends as ETIMEOUT, not a hang.
	const resolver = new Resolver({timeout: Math.max(1, check.timeoutMs), tries: 1});
	const via = check.server ?? 'system resolver';
	let stopWaiting: ((reason: unknown) => void) | undefined;
	const onAbort = () => {
		resolver.cancel();
		stopWaiting?.(signal.reason);
	};

	signal.addEventListener('abort', onAbort, {once: true});
	let answers: Answer[];
	try {
		if (check.server !== undefined) {
			// getaddrinfo cannot be cancelled; stop waiting for it at the deadline instead.
			const address = await Promise.race([serverAddress(check.server), new Promise<never>((_resolve, reject) => {
				stopWaiting = reject;
			})]).catch((error: unknown) => {
				// The resolver's own name, not the queried one: its ENOTFOUND is no NXDOMAIN of the record asked for.
				if (signal.aborted) throw error;
				return resolverLookupReason(check, error);
			});
			if (typeof address !== 'string') return failing(clock, check, address);
			resolver.setServers([address]);
		}

		answers = signal.aborted ? [] : await query(resolver, queriedName(check), type);
	} catch (error) {
		if (signal.aborted) {
			return abortedResult(clock, check, signal, 'dns:timeout', `no answer from ${via}`);
		}

		return failing(clock, check, dnsReason(check, error, via));
	} finally {
		signal.removeEventListener('abort', onAbort);
	}

	if (signal.aborted) {
		return abortedResult(clock, check, signal, 'dns:timeout', `no answer from ${via}`);
	}

	if (answers.length === 0) {
		// c-ares says ENODATA for an empty answer, but returns no records, without an error, for one that holds only
		// a CNAME (a dangling one, or one whose target has no record of this type): no record either way.
		return failing(clock, check, noRecordsReason(check));
	}

	const shown = answers.map(answer => safeText(answer.text, check, {maxLength: 120}));
	const list = shown.slice(0, 5).join(', ') + (shown.length > 5 ? ', …' : '');
	const summary = `${answers.length} ${answers.length === 1 ? 'answer' : 'answers'}: ${list}`;
	const missing = (check.expectAnswers ?? []).filter(expected => !answers.some(answer => matches(answer, expected, type)));
	if (missing.length > 0) {
		const why = reason(check, 'expect:answer', `${type} ${queriedName(check)}: expected ${missing.join(', ')}, got ${list || 'nothing'}`);
		return failing(clock, check, why, {excerpt: answersExcerpt(shown)});
	}

	const result: ProbeResult = finish(clock, {outcome: 'up', summary: safeText(summary, check), excerpt: answersExcerpt(shown)});
	return result;
};
