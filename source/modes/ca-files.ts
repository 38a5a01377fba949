import {readFileSync} from 'node:fs';
import type {ConfigIssue} from '../config/config-error.js';
import type {Check} from '../config/types.js';
import {caContentProblem, caReadProblem} from '../probes/ca-file.js';
import {redact} from '../text/redact.js';

const expected = 'a PEM file with the CA\'s certificate (-----BEGIN CERTIFICATE-----)';

/** The `ca` a check's probe reads, and where it was written: a tls check's always, an http check's for an https url. */
function caOf(check: Check): {file: string; at: NonNullable<Extract<Check, {kind: 'tls'}>['caSource']>} | undefined {
	if (check.kind !== 'tls' && !(check.kind === 'http' && /^https:/i.test(check.url))) return undefined;
	return check.ca === undefined || check.caSource === undefined ? undefined : {file: check.ca, at: check.caSource};
}

/** What is wrong with a ca file as the probe would read it now, or undefined when it holds a certificate. */
function problemOf(file: string): {message: string; hint: string} | undefined {
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		if (code === 'ENOENT') return {message: `ca file ${file} does not exist`, hint: 'a relative `ca:` is read from the directory of the file it is written in; every probe of the check fails until the file is there'};
		const directory = caReadProblem(file, error);
		if (directory !== undefined) return {message: directory.replace(/;.*$/, ''), hint: 'name the PEM file of the CA\'s certificate in it'};
		return {message: `cannot read ca file ${file}: ${typeof code === 'string' ? code : String(error)}`, hint: 'uptop reads it at every probe, as the user it runs as'};
	}

	return caContentProblem(file, bytes);
}

/**
 * `uptop validate`'s look at the `ca` files, which the loader does not open (the config stays a pure reading of
 * checks.yaml, and the probe reads its ca afresh each time, as it may be replaced): one missing, unreadable or
 * holding no certificate fails every probe of its checks. One issue per place a `ca:` is written, however many
 * checks it applies to; a path from `${NAME}` stays hidden, as in every output.
 */
export function caFileIssues(checks: readonly Check[]): ConfigIssue[] {
	const issues: ConfigIssue[] = [];
	const seen = new Set<string>();
	for (const check of checks) {
		const ca = caOf(check);
		const key = ca === undefined ? undefined : `${ca.at.file}:${ca.at.line}:${ca.at.column}`;
		if (ca === undefined || key === undefined || seen.has(key)) continue;
		seen.add(key);
		const problem = problemOf(ca.file);
		if (problem !== undefined) issues.push({...ca.at, message: redact(problem.message, check.secrets), expected, hint: redact(problem.hint, check.secrets)});
	}

	return issues;
}
