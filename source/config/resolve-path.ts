import path from 'node:path';
import type {EnvPart} from './types.js';

/**
 * A file setting (`ca`, `cwd`, `file`) made absolute against the directory of the file it was written in. The
 * `${NAME}`s in it are recorded again with that directory: the path the check holds is no longer the text they
 * were substituted into (`certs/${CA}.pem` is now `/etc/uptop/certs/internal.pem`), and the `by hand` command
 * (hand-command.ts) still writes the path with the variable, not `/etc/uptop/••••`.
 */
export function resolveSettingPath(written: string, directory: string, envParts: EnvPart[]): string {
	const resolved = path.resolve(directory, written);
	if (resolved !== written) {
		for (const part of envParts.filter(part => part.substituted === written && part.relativeTo === undefined)) envParts.push({...part, relativeTo: directory});
	}

	return resolved;
}
