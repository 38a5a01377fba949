import {describe, expect, it} from 'vitest';
import {reasonFromError, timeoutReason} from '../../source/probes/http.js';

const coded = (code: string, message = `${code} happened`): Error => Object.assign(new Error(message), {code});

describe('reasonFromError', () => {
	it.each([
		[coded('ENOTFOUND', 'getaddrinfo ENOTFOUND api.invalid'), 'dns', 'DNS: name not found (api.invalid)'],
		[coded('EAI_AGAIN'), 'dns:unavailable', 'DNS: resolver unavailable (api.invalid)'],
		[coded('ECONNREFUSED'), 'refused', 'connection refused (api.invalid:80)'],
		[coded('EHOSTUNREACH'), 'unreachable', 'network unreachable (EHOSTUNREACH, api.invalid:80)'],
		// This host's side (out of local ports, or no address on that network), not the target's network.
		[coded('EADDRNOTAVAIL', 'connect EADDRNOTAVAIL 203.0.113.7:80 - Local (0.0.0.0:0)'), 'local:address', 'this host has no free local port or address for api.invalid:80 (EADDRNOTAVAIL)'],
		[coded('EMFILE', 'connect EMFILE 127.0.0.1:8765 - Local (undefined:undefined)'), 'local:files', 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'],
		[coded('ENFILE'), 'local:files', 'this host has run out of open files (ENFILE, the system-wide limit)'],
		[coded('UND_ERR_CONNECT_TIMEOUT'), 'timeout:connect', 'timeout after 5s (connecting to api.invalid:80)'],
		[coded('UND_ERR_HEADERS_TIMEOUT'), 'timeout:headers', 'timeout after 5s (waiting for headers)'],
		[coded('UND_ERR_BODY_TIMEOUT'), 'timeout:body', 'timeout after 5s (reading body)'],
		[coded('UND_ERR_SOCKET', 'other side closed'), 'reset', 'server closed connection'],
		[coded('ECONNRESET'), 'reset', 'connection reset by peer'],
		[coded('EPIPE'), 'reset', 'connection reset by peer'],
		[coded('UND_ERR_HEADERS_OVERFLOW'), 'protocol', 'invalid HTTP response: headers over 16 KiB, the most uptop reads (curl reads up to 300 KB)'],
		[coded('HPE_INVALID_CONSTANT'), 'protocol', 'invalid HTTP response (HPE_INVALID_CONSTANT)'],
		[coded('UND_ERR_RES_CONTENT_LENGTH_MISMATCH'), 'truncated', 'body truncated: shorter than its Content-Length'],
		[coded('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls:self_signed', 'TLS: self-signed certificate'],
		[coded('SELF_SIGNED_CERT_IN_CHAIN'), 'tls:self_signed', 'TLS: self-signed certificate in chain'],
		[coded('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'tls:untrusted', 'TLS: certificate not trusted (unknown issuer)'],
		[coded('CERT_NOT_YET_VALID'), 'tls:not_yet_valid', 'TLS: certificate not yet valid'],
		[coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls:hostname', 'TLS: certificate does not match api.invalid'],
		[coded('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'tls:handshake', 'TLS handshake failed (wrong version: is this a TLS port?)'],
		[coded('EPROTO', 'SSL routines:ssl3_get_record:wrong version number'), 'tls:handshake', 'TLS handshake failed (wrong version: is this a TLS port?)'],
		[coded('UND_ERR_INVALID_ARG', 'invalid method'), 'internal', 'uptop internal error (UND_ERR_INVALID_ARG): invalid method'],
	])('%s → %s', (error, code, message) => {
		expect(reasonFromError(error, {timeoutMs: 5000, target: 'api.invalid:80'})).toEqual({code, message});
	});

	it('names the addresses a refused name was tried at, from each error Happy Eyeballs made', () => {
		const refusedAt = (address: string) => Object.assign(coded('ECONNREFUSED', `connect ECONNREFUSED ${address}:80`), {address, port: 80});
		const both = Object.assign(new AggregateError([refusedAt('10.0.3.17'), refusedAt('10.0.3.18')], 'connect failed'), {code: 'ECONNREFUSED'});
		expect(reasonFromError(both, {target: 'api.internal:80'}).message).toBe('connection refused (api.internal:80 at 10.0.3.17, 10.0.3.18)');
		expect(reasonFromError(new TypeError('fetch failed', {cause: refusedAt('127.0.0.1')}), {target: 'localhost:80'}).message).toBe('connection refused (localhost:80 at 127.0.0.1)');
		// An address written as the target is not named twice.
		expect(reasonFromError(refusedAt('::1'), {target: '[::1]:80'}).message).toBe('connection refused ([::1]:80)');
		expect(reasonFromError(refusedAt('127.0.0.1'), {target: '127.0.0.1:80'}).message).toBe('connection refused (127.0.0.1:80)');
	});

	it('looks inside AggregateError (Happy Eyeballs) and cause chains', () => {
		const both = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed');
		expect(reasonFromError(both).code).toBe('refused');
		const wrapped = new TypeError('fetch failed', {cause: new Error('socket', {cause: coded('ECONNRESET')})});
		expect(reasonFromError(wrapped).code).toBe('reset');
	});

	it('uses the phase: a reset during the TLS handshake is a handshake failure', () => {
		expect(reasonFromError(coded('ECONNRESET'), {phase: 'tls'})).toEqual({code: 'tls:handshake', message: 'TLS handshake failed (connection closed by server)'});
		expect(reasonFromError(coded('ECONNRESET'), {phase: 'headers'}).message).toBe('connection reset by peer before sending headers');
	});

	it('names the expiry date of an expired certificate when known', () => {
		const validTo = Date.UTC(2024, 2, 1, 12);
		const certificateChain = [{validFrom: Date.UTC(2024, 0, 1), validTo, isRoot: false}];
		expect(reasonFromError(coded('CERT_HAS_EXPIRED'), {certificateChain})).toEqual({code: 'tls:expired', message: 'TLS: certificate expired on 2024-03-01'});
		expect(reasonFromError(coded('CERT_HAS_EXPIRED')).message).toBe('TLS: certificate expired');
	});

	it('names the certificate of the chain that expired, not the leaf, and hides what the subject carries', () => {
		const year = 365 * 86_400_000;
		const certificateChain = [
			{subject: 'api.example', validFrom: Date.now() - year, validTo: Date.now() + year, isRoot: false},
			{subject: 'Inter\u001B[2J CA', validFrom: Date.now() - 2 * year, validTo: Date.UTC(2024, 10, 30, 12), isRoot: false},
			{subject: 'Root', validFrom: Date.now() - 3 * year, validTo: Date.now() + 3 * year, isRoot: true},
		];
		expect(reasonFromError(coded('CERT_HAS_EXPIRED'), {certificateChain})).toEqual({code: 'tls:expired', message: 'TLS: intermediate certificate "Inter^[[2J CA" expired on 2024-11-30'});
	});

	it('says in words what OpenSSL refused for every verify code, never [object Object]', () => {
		expect(reasonFromError(coded('INVALID_PURPOSE'))).toEqual({code: 'tls:untrusted', message: 'TLS: certificate not trusted (not for TLS servers)'});
		expect(reasonFromError(coded('CERT_REVOKED'))).toEqual({code: 'tls:untrusted', message: 'TLS: certificate not trusted (revoked)'});
		expect(reasonFromError(coded('UNSPECIFIED'))).toEqual({code: 'tls:untrusted', message: 'TLS: certificate not trusted (rejected by OpenSSL\'s security level: a weak key or signature, most likely)'});
	});

	it('an abort: TimeoutError is a timeout in the given phase, AbortError is cancelled (DOMException numeric codes ignored)', () => {
		expect(reasonFromError(new DOMException('late', 'TimeoutError'), {phase: 'body', timeoutMs: 1500, bodyBytes: 3})).toEqual({code: 'timeout:body', message: 'timeout after 1.5s (reading body, 3 B received)'});
		expect(reasonFromError(new DOMException('bye', 'AbortError'))).toEqual({code: 'cancelled', message: 'cancelled'});
	});

	it('unknown errors keep code and first line only, sanitized and redacted', () => {
		const hostile = coded('E_WEIRD', `broke \u001B]2;title\u0007 at https://u:hunter22@h/\nsecond line with stack`);
		expect(reasonFromError(hostile, {secrets: ['hunter22']})).toEqual({code: 'unknown', message: 'E_WEIRD: broke ^[]2;title^G at https://u:••••@h/'});
		expect(reasonFromError('a string').code).toBe('unknown');
		expect(reasonFromError(undefined).message).toBe('undefined');
	});
});

describe('timeoutReason', () => {
	it('words each phase and formats the timeout', () => {
		expect(timeoutReason('dns', {timeoutMs: 500})).toEqual({code: 'timeout:connect', message: 'timeout after 500ms (resolving name)'});
		// With the target known, the message names it: the address for a connect, the name for a lookup.
		expect(timeoutReason('connect', {timeoutMs: 500, target: 'db.internal:5432'})).toEqual({code: 'timeout:connect', message: 'timeout after 500ms (connecting to db.internal:5432)'});
		expect(timeoutReason('dns', {timeoutMs: 500, target: 'db.internal:5432'})).toEqual({code: 'timeout:connect', message: 'timeout after 500ms (resolving db.internal)'});
		expect(timeoutReason('headers', {timeoutMs: 500, target: 'db.internal:5432'})).toEqual({code: 'timeout:headers', message: 'timeout after 500ms (waiting for headers)'});
		expect(timeoutReason('tls', {timeoutMs: 5000})).toEqual({code: 'timeout:tls', message: 'timeout after 5s (TLS handshake)'});
		expect(timeoutReason('total', {timeoutMs: 10_000})).toEqual({code: 'timeout:total', message: 'timeout after 10s (deadline)'});
	});
});
