import {uniqueSecrets} from './secrets.js';
import type {Check, Secret} from './types.js';

const sharedOf = new WeakMap<readonly Check[], readonly Secret[]>();
const copies = new WeakMap<Check, Check>();

/**
 * Every config secret, for each check of `checks` (a config's, as loaded) to hide: a debug endpoint that echoes
 * another service's token, or a check named after another's `${TENANT}`, would show it in that check's row,
 * `--json` record and plain lines otherwise. The loader lists a check's own (Check.secrets); this is for running.
 */
export function configSecrets(checks: readonly Check[]): readonly Secret[] {
	let shared = sharedOf.get(checks);
	if (shared === undefined) {
		shared = Object.freeze(uniqueSecrets(checks.flatMap(check => check.secrets)));
		sharedOf.set(checks, shared);
	}

	return shared;
}

/** `check` (one of `checks`) hiding every secret of `checks`: the same copy for the same check. */
export function withConfigSecrets(check: Check, checks: readonly Check[]): Check {
	let copy = copies.get(check);
	if (copy === undefined) {
		const secrets = configSecrets(checks);
		copy = secrets.length === check.secrets.length ? check : {...check, secrets};
		copies.set(check, copy);
	}

	return copy;
}

/**
 * The secrets of `checks`, each once: checks a run watches share one list (withConfigSecrets), so each list is read
 * once, not once a check: 2,000 checks would give 4 million entries.
 */
export function everySecret(checks: Iterable<Check>): Secret[] {
	const lists = new Set<readonly Secret[]>();
	for (const check of checks) lists.add(check.secrets);
	return uniqueSecrets([...lists].flat());
}

