import {statSync} from 'node:fs';
import type {ConfigIssue} from '../config/config-error.js';
import type {Check} from '../config/types.js';
import {redact} from '../text/redact.js';

const expected = 'a directory the command runs in';

/** What is wrong with a command's written `cwd` as the probe would find it now, or undefined when it is a directory. */
function problemOf(directory: string): {message: string; hint: string} | undefined {
	try {
		if (statSync(directory).isDirectory()) return undefined;
		return {message: `working directory ${directory} is not a directory`, hint: 'name the directory the command is to run in'};
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return {message: `working directory ${directory} does not exist`, hint: 'a relative `cwd:` is read from the directory of the file it is written in; every probe of the check fails until the directory is there'};
		return {message: `cannot look at working directory ${directory}: ${typeof code === 'string' ? code : String(error)}`, hint: 'uptop starts the command there, as the user it runs as'};
	}
}

/**
 * `uptop validate`'s look at the `cwd` a command check writes, as caFileIssues looks at `ca` files (the loader opens
 * nothing): a missing one fails every probe of the check. A path from `${NAME}` stays hidden, as in every output.
 */
export function workingDirectoryIssues(checks: readonly Check[]): ConfigIssue[] {
	const issues: ConfigIssue[] = [];
	for (const check of checks) {
		if (check.kind !== 'command' || check.cwd === undefined || check.cwdSource === undefined) continue;
		const problem = problemOf(check.cwd);
		if (problem !== undefined) issues.push({...check.cwdSource, message: redact(problem.message, check.secrets), expected, hint: redact(problem.hint, check.secrets)});
	}

	return issues;
}
