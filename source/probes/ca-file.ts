/**
 * What a `ca:` file holds, judged as the TLS client will read it. Node's client takes every certificate block in
 * the file and passes over anything else without a word: a private key, a CSR or DER bytes given as the CA left the
 * check failing as "unknown issuer" or "self-signed certificate", which sends the reader after the server.
 */

/** The blocks OpenSSL's reader takes as a certificate: at the start of a line, with these labels only. */
const certificateBlock = /^-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----/m;

/** What a file without a certificate block holds instead, in words, from the first thing that tells. */
function whatItHolds(bytes: Uint8Array, text: string): string {
	if (bytes.length === 0) return 'it is empty';
	// DER starts with an ASN.1 SEQUENCE (0x30) and a length; PEM and any other text start with a printable byte.
	if (bytes[0] === 0x30 && bytes.length > 1 && (bytes[1] === 0x82 || bytes[1] === 0x81 || bytes[1]! < 0x80)) return 'it looks like DER, binary';
	if (/^[ \t]+-----BEGIN (?:TRUSTED |X509 )?CERTIFICATE-----/m.test(text)) return 'its -----BEGIN CERTIFICATE----- line is indented, and is not read so';
	const label = /^-----BEGIN ([A-Z\d ]+)-----/m.exec(text)?.[1];
	if (label !== undefined && label.endsWith('PRIVATE KEY')) return 'it holds a private key';
	if (label !== undefined && label.endsWith('CERTIFICATE REQUEST')) return 'it holds a certificate request (CSR), not the certificate made from it';
	if (label === 'PUBLIC KEY') return 'it holds a public key';
	if (label !== undefined) return `it holds a PEM block of another kind, ${label}`;
	return /[\u0000-\u0008\u000E-\u001F]/.test(text) ? 'it is binary' : 'it is text with no PEM block in it';
}

/** Why the TLS client would take no certificate from this ca file, and what to give instead; undefined when it holds one. */
export function caContentProblem(file: string, bytes: Uint8Array): {readonly message: string; readonly hint: string} | undefined {
	// A UTF-8 byte-order mark (a Windows editor's) before the first line: OpenSSL's reader passes over it.
	const text = Buffer.from(bytes).toString('latin1').replace(/^\u00EF\u00BB\u00BF/, '');
	if (certificateBlock.test(text)) return undefined;
	const what = whatItHolds(bytes, text);
	const convert = what.startsWith('it looks like DER') ? `: openssl x509 -inform der -in ${file} -out ca.pem` : '';
	return {message: `ca file ${file} holds no PEM certificate (${what})`, hint: `give the CA's certificate in PEM${convert}`};
}

/** caContentProblem as one line, for a probe's reason. */
export function caContentReason(file: string, bytes: Uint8Array): string | undefined {
	const problem = caContentProblem(file, bytes);
	return problem === undefined ? undefined : `${problem.message}; ${problem.hint}`;
}

/** The words for a ca file that could not be read, when its error code has better ones than the code itself. */
export function caReadProblem(file: string, error: unknown): string | undefined {
	return (error as {code?: unknown} | null)?.code === 'EISDIR' ? `ca file ${file} is a directory; give the CA's certificate file in PEM` : undefined;
}
