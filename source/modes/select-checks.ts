import type {Check} from '../config/types.js';

/** `*` matches any run of characters, `?` one; case-insensitive; the whole name must match. */
export function globToRegExp(glob: string): RegExp {
	const escaped = glob.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${escaped}$`, 'i');
}

/** Keeps the checks whose name matches any `--only` glob and whose group matches any `--group` glob. */
export function selectChecks(checks: readonly Check[], filters: {only: readonly string[]; group: readonly string[]}): Check[] {
	const only = filters.only.map(globToRegExp);
	const groups = filters.group.map(globToRegExp);
	return checks.filter(check =>
		(only.length === 0 || only.some(pattern => pattern.test(check.name)))
		&& (groups.length === 0 || groups.some(pattern => pattern.test(check.group ?? ''))));
}
