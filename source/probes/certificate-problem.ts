import type {DetailedPeerCertificate, PeerCertificate, TLSSocket} from 'node:tls';
import type {ReasonCode} from './types.js';

/** One certificate of the chain a server sent, as far as a verdict on it needs. Leaf first. */
export type ChainCertificate = {
	/** CN, else O: the server's text, to be sanitized where it is shown. */
	readonly subject?: string;
	/** Epoch ms. */
	readonly validFrom: number;
	readonly validTo: number;
	/** Self-signed: the trust anchor OpenSSL put at the top. */
	readonly isRoot: boolean;
	/** Bits of an RSA key; undefined for any other key type. */
	readonly rsaBits?: number;
};

export type CertificateProblem = {readonly code: ReasonCode; readonly message: string};

export function certificateName(fields: unknown): string | undefined {
	if (typeof fields !== 'object' || fields === null) {
		return undefined;
	}

	const pick = (key: string) => {
		const value = (fields as Record<string, unknown>)[key];
		return Array.isArray(value) ? value.join(', ') : (typeof value === 'string' ? value : undefined);
	};

	return pick('CN') ?? pick('O');
}

/** The chain the socket's peer sent (and OpenSSL completed from the trusted CAs), leaf first, at most 10. */
export function peerChain(socket: TLSSocket): ChainCertificate[] {
	const chain: ChainCertificate[] = [];
	const seen = new Set<PeerCertificate>();
	let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
	while (current && Object.keys(current).length > 0 && !seen.has(current) && chain.length < 10) {
		seen.add(current);
		const issuer: DetailedPeerCertificate | undefined = current.issuerCertificate;
		chain.push({
			...withSubject(certificateName(current.subject)),
			validFrom: Date.parse(current.valid_from),
			validTo: Date.parse(current.valid_to),
			// Node links a self-signed certificate to itself.
			isRoot: issuer === current,
			...(typeof current.modulus === 'string' && typeof current.bits === 'number' ? {rsaBits: current.bits} : {}),
		});
		current = issuer;
	}

	return chain;
}

function withSubject(subject: string | undefined): {subject?: string} {
	return subject === undefined ? {} : {subject};
}

/** OpenSSL verify codes (Node's names for them) that mean "not trusted", with the words shown for them. */
const untrusted = new Map([
	['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown issuer'],
	['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unknown issuer'],
	['UNABLE_TO_GET_ISSUER_CERT', 'incomplete chain'],
	['UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'bad signature'],
	['UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'unreadable issuer key'],
	['CERT_UNTRUSTED', 'untrusted'],
	['CERT_REJECTED', 'rejected'],
	['CERT_REVOKED', 'revoked'],
	['CERT_SIGNATURE_FAILURE', 'bad signature'],
	['ERROR_IN_CERT_NOT_BEFORE_FIELD', 'malformed validity dates'],
	['ERROR_IN_CERT_NOT_AFTER_FIELD', 'malformed validity dates'],
	['INVALID_CA', 'invalid CA certificate'],
	['PATH_LENGTH_EXCEEDED', 'chain too long'],
	['INVALID_PURPOSE', 'not for TLS servers'],
	['CERT_CHAIN_TOO_LONG', 'chain too long'],
]);

/** RSA below this fails OpenSSL's default security level (2) in the Node builds uptop runs on. */
const minimumRsaBits = 2048;

/** A certificate's date as `2026-11-30` (UTC), in the tls and http kinds' messages. */
export const isoDate = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** `certificate` for the leaf, `intermediate certificate "Name"` for one above it: which to renew. */
function named(certificate: ChainCertificate, index: number): string {
	if (index === 0) {
		return 'certificate';
	}

	const role = certificate.isRoot ? 'root certificate' : 'intermediate certificate';
	return certificate.subject === undefined ? role : `${role} "${certificate.subject}"`;
}

/**
 * What an OpenSSL verify code says about the chain, in words, without a "TLS:" prefix (the http kind adds one).
 * `chain` (leaf first), when known, says which certificate expired or is not valid yet, and which key is too weak:
 * OpenSSL's code names the fault, not the certificate. Undefined for a code that is no verdict on the chain.
 */
export function certificateProblem(code: string, chain: readonly ChainCertificate[] = [], now = Date.now()): CertificateProblem | undefined {
	switch (code) {
		case 'CERT_HAS_EXPIRED': {
			const index = chain.findIndex(certificate => certificate.validTo < now);
			const expired = chain[index];
			return {code: 'tls:expired', message: expired ? `${named(expired, index)} expired on ${isoDate(expired.validTo)}` : 'certificate expired'};
		}

		case 'CERT_NOT_YET_VALID': {
			const index = chain.findIndex(certificate => certificate.validFrom > now);
			const early = chain[index];
			return {code: 'tls:not_yet_valid', message: early ? `${named(early, index)} not valid before ${isoDate(early.validFrom)}` : 'certificate not yet valid'};
		}

		case 'DEPTH_ZERO_SELF_SIGNED_CERT': {
			return {code: 'tls:self_signed', message: 'self-signed certificate'};
		}

		case 'SELF_SIGNED_CERT_IN_CHAIN': {
			return {code: 'tls:self_signed', message: 'self-signed certificate in chain'};
		}

		case 'UNSPECIFIED': {
			// Node has no name for OpenSSL's security-level codes (EE_KEY_TOO_SMALL, CA_MD_TOO_WEAK…): they all come as this.
			const index = chain.findIndex(certificate => certificate.rsaBits !== undefined && certificate.rsaBits < minimumRsaBits);
			const weak = chain[index];
			if (weak) {
				const holder = index === 0 ? 'its' : `the ${named(weak, index)}'s`;
				return {code: 'tls:untrusted', message: `certificate not trusted (${holder} ${weak.rsaBits}-bit RSA key is too weak for OpenSSL's security level)`};
			}

			return {code: 'tls:untrusted', message: 'certificate not trusted (rejected by OpenSSL\'s security level: a weak key or signature, most likely)'};
		}

		default: {
			break;
		}
	}

	const words = untrusted.get(code);
	return words === undefined ? undefined : {code: 'tls:untrusted', message: `certificate not trusted (${words})`};
}
