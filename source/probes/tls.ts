import {readFile} from 'node:fs/promises';
import net from 'node:net';
import tls, {type PeerCertificate, type TLSSocket} from 'node:tls';
import type {TlsCheck} from '../config/types.js';
import {caContentReason, caReadProblem} from './ca-file.js';
import {onConnectionAttempt} from './connection-attempt.js';
import {certificateName, certificateProblem, isoDate, peerChain} from './certificate-problem.js';
import {errorCode, reasonFromNetError} from './net-reason.js';
import {formatDays} from '../config/duration.js';
import {abortedResult, failing, finish, reason, safeText, startClock} from './result.js';
import type {Certificate, ProbeFunction, ProbeResult, Reason} from './types.js';
import {hostPortText} from '../config/host-port-text.js';

const dayMs = 86_400_000;

function describe(check: TlsCheck, peer: PeerCertificate, now: number): Certificate {
	const validTo = Date.parse(peer.valid_to);
	const subject = certificateName(peer.subject);
	const issuer = certificateName(peer.issuer);
	return {
		...(subject === undefined ? {} : {subject: safeText(subject, check, {maxLength: 200})}),
		...(issuer === undefined ? {} : {issuer: safeText(issuer, check, {maxLength: 200})}),
		validTo,
		daysLeft: Math.floor((validTo - now) / dayMs),
	};
}

/** Why a completed handshake is still not acceptable, in the order an operator cares about. */
function verdict(check: TlsCheck, socket: TLSSocket, peer: PeerCertificate, name: string): Reason | undefined {
	const authError = socket.authorizationError as unknown;
	const hostnameReason = () => reason(check, 'tls:hostname', `certificate does not match ${name} (it names ${peer.subjectaltname ?? certificateName(peer.subject) ?? 'nothing'})`);
	const code = typeof authError === 'string' ? authError : errorCode(authError);
	if (authError && code !== 'ERR_TLS_CERT_ALTNAME_INVALID') {
		// The chain only now: walking it costs a copy of every certificate, and a trusted one needs none.
		const problem = code === undefined ? undefined : certificateProblem(code, peerChain(socket));
		// Node's verify codes are a fixed set of names, so one it has no words for is safe to show as it is.
		return problem ? reason(check, problem.code, problem.message) : reason(check, 'tls:untrusted', `certificate not trusted (${code ?? 'no reason given'})`);
	}

	if (authError || tls.checkServerIdentity(name, peer)) {
		return hostnameReason();
	}

	return undefined;
}

export const probe: ProbeFunction<TlsCheck> = async (check, signal) => {
	const clock = startClock();
	const target = hostPortText(check.host, check.port);
	const name = check.servername ?? check.host;
	let ca: Buffer | undefined;
	if (check.ca !== undefined) {
		try {
			ca = await readFile(check.ca);
		} catch (error) {
			return failing(clock, check, reason(check, 'internal', caReadProblem(check.ca, error) ?? `cannot read ca file ${check.ca}: ${errorCode(error) ?? String(error)}`));
		}

		const problem = caContentReason(check.ca, ca);
		if (problem !== undefined) return failing(clock, check, reason(check, 'internal', problem));
	}

	if (signal.aborted) {
		return abortedResult(clock, check, signal, 'timeout:connect', `connect to ${target}`);
	}

	return new Promise<ProbeResult>(resolve => {
		let connectMs: number | undefined;
		let isDone = false;
		const socket = tls.connect({
			host: check.host,
			port: check.port,
			// SNI carries names only, never addresses.
			...(net.isIP(name) === 0 ? {servername: name} : {}),
			...(ca === undefined ? {} : {ca}),
			// Verified below by hand, so an untrusted certificate is still described (issuer, expiry).
			rejectUnauthorized: false,
		});

		onConnectionAttempt(socket, check.host, at => {
			clock.startMs = at;
		});

		const settle = (result: ProbeResult) => {
			if (isDone) {
				return;
			}

			isDone = true;
			signal.removeEventListener('abort', onAbort);
			socket.destroy();
			resolve(result);
		};

		const onAbort = () => {
			settle(connectMs === undefined
				? abortedResult(clock, check, signal, 'timeout:connect', `connect to ${target}`)
				: abortedResult(clock, check, signal, 'timeout:tls', 'TLS handshake'));
		};

		signal.addEventListener('abort', onAbort, {once: true});
		socket.once('connect', () => {
			connectMs = performance.now() - clock.startMs;
		});

		socket.once('secureConnect', () => {
			const tlsMs = performance.now() - clock.startMs - (connectMs ?? 0);
			const peer = socket.getPeerCertificate();
			if (!peer || Object.keys(peer).length === 0) {
				settle(failing(clock, check, reason(check, 'tls:handshake', 'server sent no certificate')));
				return;
			}

			const now = Date.now();
			const certificate = describe(check, peer, now);
			const expires = `${formatDays(certificate.daysLeft)} (${isoDate(certificate.validTo)})`;
			const base = finish(clock, {outcome: 'up', summary: ''});
			const phases = {connectMs, tlsMs, totalMs: base.latencyMs};
			const extra = {certificate, phases};
			const why = verdict(check, socket, peer, name);
			if (why) {
				settle({...failing(clock, check, why, extra), latencyMs: base.latencyMs});
			} else if (certificate.daysLeft < check.failDays) {
				settle({...failing(clock, check, reason(check, 'tls:expiring', `certificate expires in ${expires}`), extra), latencyMs: base.latencyMs});
			} else if (certificate.daysLeft < check.warnDays) {
				const warnReason = reason(check, 'tls:expiring', `certificate expires in ${expires}`);
				settle({...base, ...extra, outcome: 'warn', reason: warnReason, summary: warnReason.message});
			} else {
				const protocol = socket.getProtocol() ?? 'TLS';
				settle({...base, ...extra, summary: safeText(`${protocol} · ${certificate.subject ?? 'certificate'} · expires in ${expires}`, check)});
			}
		});

		socket.once('error', error => {
			settle(failing(clock, check, reasonFromNetError(check, error, target)));
		});
	});
};
