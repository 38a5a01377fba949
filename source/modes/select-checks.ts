import type {Check} from '../config/types.js';
import {composed} from '../text/composed.js';
import {asciiSpelling} from '../ui/text.js';
import {configSecrets, withConfigSecrets} from '../config/shared-secrets.js';
import {redact} from '../text/redact.js';

/**
 * `*` matches any run of characters, `?` one; case-insensitive; the whole name must match. Test it against the
 * name composed (text/composed.ts): the glob is, so `café*` matches `cafe` + a combining accent.
 */
export function globToRegExp(glob: string): RegExp {
	const escaped = composed(glob).replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${escaped}$`, 'i');
}

export type CheckFilters = {readonly only: readonly string[]; readonly group: readonly string[]};

/** No `--only` / `--group`: every check. */
export const noFilters: CheckFilters = {only: [], group: []};

/**
 * A test of a value against `glob`: as written, or, when the glob matches none of `values` so, as ASCII mode
 * spells them (`prufung*` for `prüfung api`, which a LANG=C terminal shows as `prufung api`). Only then: `cafe`
 * beside `café` selects the one written `cafe`.
 */
function globTest(glob: string, values: readonly string[]): (value: string) => boolean {
	const pattern = globToRegExp(glob);
	const asWritten = (value: string) => pattern.test(composed(value));
	return values.some(asWritten) ? asWritten : value => pattern.test(asciiSpelling(value));
}

/**
 * Keeps the checks whose name matches any `--only` glob and whose group matches any `--group` glob: the checks to
 * run, each hiding every secret of the config (shared-secrets.ts), those of the checks left out too.
 */
export function selectChecks(checks: readonly Check[], filters: CheckFilters): Check[] {
	const only = filters.only.map(glob => globTest(glob, checks.map(check => check.name)));
	const groups = filters.group.map(glob => globTest(glob, checks.map(check => check.group ?? '')));
	return checks.filter(check =>
		(only.length === 0 || only.some(test => test(check.name)))
		&& (groups.length === 0 || groups.some(test => test(check.group ?? '')))).map(check => withConfigSecrets(check, checks));
}

/**
 * When `--only` / `--group` select nothing from a config that has checks: what was asked and what there
 * is, so a mistyped name is seen at once instead of an empty screen. Undefined when there is no such miss.
 */
export function noMatchMessage(checks: readonly Check[], selected: readonly Check[], filters: CheckFilters, configName: string): string | undefined {
	if (checks.length === 0 || selected.length > 0 || (filters.only.length === 0 && filters.group.length === 0)) {
		return undefined;
	}

	const asked = [...filters.only.map(glob => `--only ${glob}`), ...filters.group.map(glob => `--group ${glob}`)].join(' ');
	const listed = (values: readonly string[]) => {
		const unique = [...new Set(values)];
		return unique.length > 8 ? `${unique.slice(0, 8).join(', ')}, … (${unique.length})` : unique.join(', ');
	};

	// Named as every output names them: a part that is a secret (`${SVC} api`) is `••••`.
	const secrets = configSecrets(checks);
	const groups = checks.map(check => check.group).filter((group): group is string => group !== undefined).map(group => redact(group, secrets));
	const names = `checks ${listed(checks.map(check => redact(check.name, secrets)))}`;
	// Check names beside --group would read as the groups there are; no wildcard fixes a group that is not there.
	if (filters.group.length > 0 && groups.length === 0) {
		return `no check in ${configName} matches ${asked} (none of its checks is in a group, so --group matches none; --only selects checks by name: it has ${names})`;
	}

	const have = filters.group.length > 0 ? `groups ${listed(groups)}` : names;
	return `no check in ${configName} matches ${asked} (it has ${have}; * and ? are wildcards, case aside)`;
}
