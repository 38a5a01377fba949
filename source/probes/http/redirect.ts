import type {ResponseHeaders} from './exchange.js';
import {secretText} from '../../text/redact.js';
import {displayUrl, headerText} from './text.js';
import type {Secret} from '../../config/types.js';
import type {Reason} from '../types.js';

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** The absolute URL a redirect response points at, or undefined when it is not a followable redirect. */
export function redirectTarget(status: number, headers: ResponseHeaders, from: URL): URL | undefined {
	if (!redirectStatuses.has(status)) {
		return undefined;
	}

	const location = headers.location;
	// undici reads header bytes as latin1: a Location sent as raw UTF-8 (`/café`) is read back as UTF-8, as a
	// browser and curl take it, or the next hop would go to the percent-encoding of its mojibake.
	const value = headerText(Array.isArray(location) ? location[0] : location);
	if (!value) {
		return undefined;
	}

	try {
		const target = new URL(value, from);
		return target.protocol === 'http:' || target.protocol === 'https:' ? target : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Why a redirect answer was not followed, said in a note (the reason is its status, which the person on call then
 * asks about); undefined for an answer that is no redirect, or one that was followed.
 */
export function unfollowedRedirect(status: number, headers: ResponseHeaders, from: URL): string | undefined {
	if (!redirectStatuses.has(status) || redirectTarget(status, headers, from)) {
		return undefined;
	}

	const location = headerText(Array.isArray(headers.location) ? headers.location[0] : headers.location);
	if (!location) {
		return 'redirect not followed: the answer has no Location';
	}

	return `redirect not followed: Location "${location}" is ${URL.canParse(location, from) ? 'no http or https URL' : 'no valid URL'}`;
}

/** Headers that identify the caller; they never travel to another origin. */
const credentialHeaders = new Set(['authorization', 'proxy-authorization', 'cookie']);

/**
 * The request for the next hop: 303 (and 301/302 after a POST, as browsers do) becomes a GET without
 * body; a different origin loses credential headers and any header whose value holds a secret; another host name
 * loses a custom Host header, as with curl -L: it named the first host's virtual host, and the client would also
 * take it as the TLS server name, asking the next host for the first one's certificate.
 */
export function nextRequest(
	status: number,
	request: {method: string; headers: Readonly<Record<string, string>>; body?: string},
	from: URL,
	to: URL,
	secrets: readonly Secret[],
): {method: string; headers: Record<string, string>; body?: string} {
	const becomesGet = status === 303 ? request.method !== 'HEAD' : (status === 301 || status === 302) && request.method === 'POST';
	const method = becomesGet ? 'GET' : request.method;
	const crossOrigin = from.origin !== to.origin;
	const otherHost = from.hostname !== to.hostname;
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (crossOrigin && (credentialHeaders.has(name) || secrets.some(secret => secretText(secret).length > 0 && value.includes(secretText(secret))))) {
			continue;
		}

		if (otherHost && name === 'host') {
			continue;
		}

		if (becomesGet && (name === 'content-type' || name === 'content-length')) {
			continue;
		}

		headers[name] = value;
	}

	return becomesGet || request.body === undefined ? {method, headers} : {method, headers, body: request.body};
}

/** How a hop is named in redirect messages: its path when on the check's origin, else its URL. */
export function hopName(url: URL, origin: URL): string {
	return url.origin === origin.origin ? `${url.pathname}${url.search}` : displayUrl(url);
}

/**
 * The reason of a hop a redirect led to, saying so: the check's URL answered (a healthy 302), and a reason alone
 * ("timeout waiting for headers") reads as that URL's. Named by origin when the redirect left the check's; a
 * reason that already names the hop's host (a refused connection) only says it came after a redirect. On the
 * check's own origin the host is the check's, and the note "redirected to …" names the path.
 */
export function atRedirectHop(reason: Reason, hop: URL, origin: URL): Reason {
	if (hop.origin === origin.origin) {
		return reason;
	}

	const words = reason.message.split(/[\s(),]+/);
	const namesHost = words.some(word => word === hop.hostname || word.startsWith(`${hop.hostname}:`));
	return {code: reason.code, message: `${reason.message}, after ${namesHost ? 'a redirect' : `redirect to ${hop.origin}`}`};
}
