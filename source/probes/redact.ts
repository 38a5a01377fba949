/** What replaces a secret wherever it would appear (screen, `--json`, logs, history, reports). */
export const redactionMark = '••••';

/**
 * Replaces every occurrence of each secret, and of its URL-encoded form (error messages from the HTTP
 * stack echo URLs), with `••••`. Longer secrets go first so a secret that contains another is hidden whole.
 */
export function redact(text: string, secrets: readonly string[]): string {
	if (secrets.length === 0 || text.length === 0) {
		return text;
	}

	const forms = new Set<string>();
	for (const secret of secrets) {
		if (secret.length === 0) {
			continue;
		}

		forms.add(secret);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) {
			forms.add(encoded);
		}
	}

	let output = text;
	for (const form of [...forms].sort((a, b) => b.length - a.length)) {
		output = output.split(form).join(redactionMark);
	}

	return output;
}

/** Redacts every string inside a JSON-like value (for `--json`, history lines and reports). */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
	if (secrets.length === 0) {
		return value;
	}

	if (typeof value === 'string') {
		return redact(value, secrets) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => redactDeep(item, secrets)) as T;
	}

	if (typeof value === 'object' && value !== null) {
		const output: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) {
			output[key] = redactDeep(item, secrets);
		}

		return output as T;
	}

	return value;
}
