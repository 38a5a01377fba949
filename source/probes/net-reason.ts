import type {Check} from '../config/types.js';
import {certificateProblem} from './certificate-problem.js';
import {reason} from './result.js';
import {localAddressReason, openFilesReason, openFilesShortage} from './local-limits.js';
import type {Reason} from './types.js';

type ErrorLike = {code?: unknown; message?: unknown; errors?: unknown};

/** The error's code, looking inside AggregateError (Happy Eyeballs fails every address at once). */
export function errorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null) {
		return undefined;
	}

	const {code, errors, cause} = error as ErrorLike & {cause?: unknown};
	if (typeof code === 'string') {
		return code;
	}

	if (Array.isArray(errors)) {
		for (const member of errors) {
			const memberCode = errorCode(member);
			if (memberCode) {
				return memberCode;
			}
		}
	}

	return cause === undefined ? undefined : errorCode(cause);
}

/** The first line of the error's message; an object without one is not written out as "[object Object]". */
function firstLine(error: unknown): string {
	if (typeof error === 'object' && error !== null) {
		const message = (error as ErrorLike).message;
		return typeof message === 'string' && message.length > 0 ? message.split('\n')[0]! : '';
	}

	return String(error);
}

/** Handshake faults other than a verdict on the certificate chain (certificate-problem.ts has those). */
const tlsReasons: Record<string, [Reason['code'], string]> = {
	ERR_TLS_CERT_ALTNAME_INVALID: ['tls:hostname', 'certificate does not match host'],
	EPROTO: ['tls:handshake', 'TLS handshake failed'],
	ERR_SSL_WRONG_VERSION_NUMBER: ['tls:handshake', 'TLS handshake failed (wrong version: not a TLS port?)'],
};

/** The addresses a failed connect tried (Node puts each on its error; Happy Eyeballs wraps them), in order, once each. */
export function triedAddresses(error: unknown, found: string[] = [], depth = 0): string[] {
	if (typeof error !== 'object' || error === null || depth > 4) return found;
	const {address, errors, cause} = error as {address?: unknown; errors?: unknown; cause?: unknown};
	if (typeof address === 'string' && !found.includes(address)) found.push(address);
	if (Array.isArray(errors)) for (const member of errors) triedAddresses(member, found, depth + 1);
	return triedAddresses(cause, found, depth + 1);
}

/**
 * "db.internal:5432", or "db.internal:5432 at 10.0.3.17" when a name was resolved: which address refused is
 * what tells one backend of several from the rest, and a \`localhost\` that resolves to 127.0.0.1 from a
 * server listening on ::1 only.
 */
export function targetWithAddresses(target: string, error: unknown): string {
	const host = target.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
	const addresses = triedAddresses(error).filter(address => address !== host);
	return addresses.length === 0 ? target : `${target} at ${addresses.slice(0, 3).join(', ')}`;
}

/**
 * Maps a Node net/tls/dns error to a reason, for the non-HTTP probes. `target` ("db:5432") is named in
 * the message so the row says what failed.
 */
/**
 * What OpenSSL objected to, from its error line `405D…0000:error:0A000098:SSL routines:read_state_machine:excessive
 * message size:../deps/openssl/…/statem.c:635:` (and any detail after the line number, such as the alert number):
 * the thread id, function, source file and line say nothing to the person on call. Undefined for text of another shape.
 */
export function openSslReason(line: string): string | undefined {
	const parts = /^[\dA-F]+:error:[\dA-F]+:[^:]*:[^:]*:([^:]+):[^:]*:\d+:(.*)$/.exec(line);
	if (!parts) {
		return undefined;
	}

	const detail = parts[2]!.trim();
	return detail ? `${parts[1]!}, ${detail}` : parts[1]!;
}

export function reasonFromNetError(check: Check, error: unknown, target: string): Reason {
	const code = errorCode(error);
	switch (code) {
		case 'ECONNREFUSED': {
			return reason(check, 'refused', `connection refused (${targetWithAddresses(target, error)})`);
		}

		// getaddrinfo out of descriptors says one of these: the name was never asked about.
		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			const shortage = openFilesShortage();
			if (shortage) {
				return reason(check, shortage.code, shortage.message);
			}

			return code === 'ENOTFOUND'
				? reason(check, 'dns', `DNS: name not found (${target})`)
				: reason(check, 'dns:unavailable', `DNS: resolver unavailable (${target})`);
		}

		case 'EADDRNOTAVAIL': {
			const local = localAddressReason(target);
			return reason(check, local.code, local.message);
		}

		case 'EMFILE':
		case 'ENFILE': {
			const local = openFilesReason(code);
			return reason(check, local.code, local.message);
		}

		case 'EHOSTUNREACH':
		case 'ENETUNREACH': {
			return reason(check, 'unreachable', `host unreachable (${target}, ${code})`);
		}

		case 'ETIMEDOUT': {
			return reason(check, 'timeout:connect', `timeout (connect to ${target})`);
		}

		case 'ECONNRESET':
		case 'EPIPE': {
			return reason(check, 'reset', `connection reset by peer (${target})`);
		}

		default: {
			break;
		}
	}

	const problem = code === undefined ? undefined : certificateProblem(code);
	if (problem) {
		return reason(check, problem.code, problem.message);
	}

	if (code !== undefined && code in tlsReasons) {
		const [reasonCode, text] = tlsReasons[code]!;
		return reason(check, reasonCode, text);
	}

	if (code?.startsWith('ERR_SSL_')) {
		return reason(check, 'tls:handshake', `TLS handshake failed (${openSslReason(firstLine(error)) ?? firstLine(error)})`);
	}

	const line = firstLine(error);
	return reason(check, 'unknown', [code, line].filter(Boolean).join(': ') || 'unknown error');
}
