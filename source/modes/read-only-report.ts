import fs from 'node:fs';

/**
 * Why an existing `--report FILE` must not be replaced, if it must not: this user may not write it (chmod 444, or
 * another user's file). Renaming the new report over it needs only the directory, so without this check a report
 * someone made read-only to keep it was silently lost.
 *
 * Asked as access(2) asks (W_OK), not from the mode bits: root writes a 0444 file, as `cp` and `>` do for it, and
 * an ACL or group that grants writing is honoured; what this user could not overwrite in place is not replaced.
 */
export function readOnlyReportProblem(target: string): string | undefined {
	try {
		fs.accessSync(target, fs.constants.W_OK);
		return undefined;
	} catch (error) {
		// Not there (made at exit), or a problem of its directory, said as such.
		const {code} = error as NodeJS.ErrnoException;
		if (code !== 'EACCES' && code !== 'EPERM') return undefined;
	}

	const mode = fs.statSync(target, {throwIfNoEntry: false})?.mode;
	return `it is read-only${mode === undefined ? '' : ` (mode ${(mode & 0o7777).toString(8).padStart(4, '0')})`}, so it is not replaced`;
}

/** Thrown at exit for a report file made read-only while uptop ran. */
export class ReadOnlyReportError extends Error {}
