import {secretText} from '../../text/redact.js';
import type {Secret} from '../../config/types.js';

const knownByList = new WeakMap<readonly Secret[], ReadonlySet<string>>();

function knownTexts(secrets: readonly Secret[]): ReadonlySet<string> {
	let known = knownByList.get(secrets);
	if (known === undefined) {
		known = new Set(secrets.map(secret => secretText(secret)));
		knownByList.set(secrets, known);
	}

	return known;
}

/**
 * A check's secrets with what a probe derives from its settings (a URL's password decoded, the Basic value it sends,
 * a cookie's value). Usually the loader lists them already (config/secrets.ts): the check's list, shared by every
 * check, is then kept as it is, so redact() compiles it once, not once a check.
 */
export function withDerivedSecrets(secrets: readonly Secret[], derived: Iterable<string>): readonly Secret[] {
	const known = knownTexts(secrets);
	const added = [...new Set(derived)].filter(secret => secret.length > 0 && !known.has(secret));
	return added.length === 0 ? secrets : [...secrets, ...added];
}
