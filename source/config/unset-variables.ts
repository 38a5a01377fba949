import {referencedVariables} from './env.js';

/** A line that is all comment (`# - {name: old, url: …${OLD_TOKEN}}`, a check put aside) reads no variable. */
const commentLine = /^[ \t]*#.*$/gm;

/**
 * The variables the config's files refer to (`${NAME}`, `${NAME:-fallback}`) that `env` leaves unset or empty, each
 * once, in the order first written. Where uptop runs they may hold a secret, whose value is then unknown here: a text
 * that holds it cannot be told from any other.
 */
export function unsetVariables(texts: Iterable<string>, env: NodeJS.ProcessEnv): string[] {
	const names = new Set<string>();
	for (const text of texts) {
		for (const name of referencedVariables(text.replaceAll(commentLine, ''))) {
			if ((env[name] ?? '') === '') names.add(name);
		}
	}

	return [...names];
}
