import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

/** PEM files for TLS tests, made with the openssl CLI in a temporary directory. */
export type CertFiles = {readonly cert: string; readonly key: string};

export type LeafOptions = {
	readonly issuer?: CertFiles;
	readonly rsaBits?: number;
	/** More lines for the extension file, such as `extendedKeyUsage=clientAuth`. */
	readonly extensions?: readonly string[];
};

export type TestPki = {
	readonly dir: string;
	/** The private CA that signs the leaves (trust it with `ca:`). */
	readonly caFile: string;
	/**
	 * A leaf for `names` (DNS or IP), valid from `fromDays` to `toDays` relative to now (negative = past), signed by
	 * the CA or by `options.issuer` (an intermediate), with a P-256 key or an RSA key of `options.rsaBits`.
	 */
	leaf(file: string, names: readonly string[], fromDays: number, toDays: number, options?: LeafOptions): CertFiles;
	/** A certificate named `commonName` signed by the CA, itself a CA unless `isCa` is false: to sign leaves with. */
	intermediate(file: string, commonName: string, fromDays: number, toDays: number, isCa?: boolean): CertFiles;
	/** A self-signed certificate (no CA) for `names`. */
	selfSigned(file: string, names: readonly string[], days: number): CertFiles;
	cleanup(): void;
};

const openssl = '/usr/bin/openssl';

/** `openssl ca` takes YYMMDDHHMMSSZ (UTCTime) for -startdate / -enddate. */
function utcTime(offsetDays: number): string {
	const iso = new Date(Date.now() + offsetDays * 86_400_000).toISOString();
	return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const altNames = (names: readonly string[]) => names.map(name => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');

function run(args: string[], cwd: string): void {
	execFileSync(openssl, args, {cwd, stdio: ['ignore', 'ignore', 'pipe']});
}

export function createTestPki(): TestPki {
	const dir = mkdtempSync(path.join(tmpdir(), 'uptop-pki-'));
	mkdirSync(path.join(dir, 'issued'));
	writeFileSync(path.join(dir, 'index.txt'), '');
	writeFileSync(path.join(dir, 'serial'), '1000\n');
	writeFileSync(path.join(dir, 'ca.cnf'), [
		'[ca]',
		'default_ca = local',
		'[local]',
		`dir = ${dir}`,
		'database = $dir/index.txt',
		'new_certs_dir = $dir/issued',
		'serial = $dir/serial',
		'default_md = sha256',
		'policy = anything',
		'unique_subject = no',
		'[anything]',
		'commonName = supplied',
		'',
	].join('\n'));
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=uptop test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);

	const issue = (file: string, subject: string, keyType: string[], fromDays: number, toDays: number, extensions: string[], issuer?: CertFiles): CertFiles => {
		const key = path.join(dir, `${file}.key`);
		const cert = path.join(dir, `${file}.pem`);
		writeFileSync(path.join(dir, `${file}.ext`), `${extensions.join('\n')}\n`);
		run(['req', '-new', ...keyType, '-keyout', key, '-out', `${file}.csr`, '-subj', subject], dir);
		run(['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', issuer?.cert ?? 'ca.pem', '-keyfile', issuer?.key ?? 'ca.key', '-in', `${file}.csr`, '-out', cert,
			'-startdate', utcTime(fromDays), '-enddate', utcTime(toDays), '-extfile', `${file}.ext`], dir);
		return {cert, key};
	};

	return {
		dir,
		caFile: path.join(dir, 'ca.pem'),
		leaf(file, names, fromDays, toDays, options = {}) {
			const extensions = [`subjectAltName=${altNames(names)}`, 'basicConstraints=CA:FALSE', ...(options.extensions ?? [])];
			const keyType = options.rsaBits === undefined ? ec : ['-newkey', `rsa:${options.rsaBits}`, '-nodes'];
			return issue(file, `/CN=${names[0]!}`, keyType, fromDays, toDays, extensions, options.issuer);
		},
		intermediate(file, commonName, fromDays, toDays, isCa = true) {
			return issue(file, `/CN=${commonName}`, ec, fromDays, toDays, [`basicConstraints=critical,CA:${isCa ? 'TRUE' : 'FALSE'}`, 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
		},
		selfSigned(file, names, days) {
			const key = path.join(dir, `${file}.key`);
			const cert = path.join(dir, `${file}.pem`);
			run(['req', '-x509', ...ec, '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${names[0]!}`,
				'-addext', `subjectAltName=${altNames(names)}`], dir);
			return {cert, key};
		},
		cleanup() {
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** The key and certificate of `files`, and after it the certificates of `chain` (intermediates the server sends too). */
export function readPem(files: CertFiles, ...chain: readonly CertFiles[]): {cert: Buffer; key: Buffer} {
	return {cert: Buffer.concat([files, ...chain].map(file => readFileSync(file.cert))), key: readFileSync(files.key)};
}
