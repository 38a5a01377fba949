import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export type KeyPair = {readonly key: Buffer; readonly cert: Buffer; readonly certPath: string};

export type TestCertificates = {
	readonly dir: string;
	/** PEM file of the private CA that signed `valid`, `expired` and `wrongHost`. */
	readonly caPath: string;
	/** Signed by the CA, for 127.0.0.1 and localhost. */
	readonly valid: KeyPair;
	/** Signed by the CA, for 127.0.0.1, already expired. */
	readonly expired: KeyPair;
	/** Signed by the CA, for wrong.example only. */
	readonly wrongHost: KeyPair;
	/** Signs itself, for 127.0.0.1. */
	readonly selfSigned: KeyPair;
	readonly remove: () => void;
};

const openssl = '/usr/bin/openssl';

export function hasOpenssl(): boolean {
	return existsSync(openssl);
}

function run(dir: string, args: string[]): void {
	execFileSync(openssl, args, {cwd: dir, stdio: ['ignore', 'ignore', 'pipe']});
}

const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function signed(dir: string, name: string, san: string, days: number): KeyPair {
	writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n`);
	run(dir, ['req', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
	run(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', String(days), '-extfile', `${name}.ext`]);
	return pair(dir, name);
}

function pair(dir: string, name: string): KeyPair {
	const certPath = path.join(dir, `${name}.pem`);
	return {key: readFileSync(path.join(dir, `${name}.key`)), cert: readFileSync(certPath), certPath};
}

/**
 * Generates a private CA and leaf certificates with openssl in a fresh temp directory. The expired one
 * is issued with `-days -1` (its notAfter is a day before now), which OpenSSL reports as expired.
 */
export function makeCertificates(): TestCertificates {
	const dir = mkdtempSync(path.join(tmpdir(), 'uptop-certs-'));
	run(dir, ['req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=uptop test CA']);
	const valid = signed(dir, 'valid', 'IP:127.0.0.1,DNS:localhost', 30);
	const expired = signed(dir, 'expired', 'IP:127.0.0.1,DNS:localhost', -1);
	const wrongHost = signed(dir, 'wrong-host', 'DNS:wrong.example', 30);
	run(dir, ['req', '-x509', ...ecKey, '-keyout', 'self.key', '-out', 'self.pem', '-days', '30', '-subj', '/CN=self', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
	return {
		dir,
		caPath: path.join(dir, 'ca.pem'),
		valid,
		expired,
		wrongHost,
		selfSigned: pair(dir, 'self'),
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}
