import type {Secret} from '../config/types.js';

/** What replaces a secret wherever it would appear (screen, `--json`, logs, history, reports). */
export const redactionMark = '••••';

/** The text of a secret, whichever way it is hidden. */
export const secretText = (secret: Secret): string => (typeof secret === 'string' ? secret : secret.wholeToken);

// A token is a run of letters, digits, `_` and `-`; a `.` between two of them (`10.0.0.80`, `api.prod.example`)
// joins them too, while one ending a sentence does not.
const tokenBefore = String.raw`(?<![\p{L}\p{N}_-]|[\p{L}\p{N}]\.)`;
const tokenAfter = String.raw`(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}])`;
const escapeRegExp = (text: string): string => text.replaceAll(/[\\^$.*+?()[\]{}|/]/g, String.raw`\$&`);
const tokenCharacter = /[\p{L}\p{N}_-]/u;

/**
 * The pattern of `form` standing as a whole token. A boundary is asked for only at an end that is itself part of a
 * token: a value ending in `!` or `]` ends its token there, so `a+b!x` still hides `a+b!`.
 */
function wholeTokenPattern(form: string): RegExp {
	const characters = [...form];
	const before = tokenCharacter.test(characters[0]!) ? tokenBefore : '';
	const after = tokenCharacter.test(characters.at(-1)!) ? tokenAfter : '';
	return new RegExp(`${before}${escapeRegExp(form)}${after}`, 'gu');
}

/** Whether `text` from `start` to `end` stands as a whole token, as redact() reads one for a whole-token secret. */
export function isWholeToken(text: string, start: number, end: number): boolean {
	const pattern = wholeTokenPattern(text.slice(start, end));
	pattern.lastIndex = start;
	return pattern.exec(text)?.index === start;
}

/**
 * Replaces every occurrence of each secret, and of its URL-encoded form (error messages from the HTTP
 * stack echo URLs), with `••••`; a TokenSecret only where it is a whole token. Longer secrets go first so a
 * secret that contains another is hidden whole.
 */
export function redact(text: string, secrets: readonly Secret[]): string {
	if (secrets.length === 0 || text.length === 0) {
		return text;
	}

	const forms = new Map<string, boolean>();
	for (const secret of secrets) {
		const value = secretText(secret);
		if (value.length === 0) {
			continue;
		}

		const isWholeTokenOnly = typeof secret !== 'string';
		for (const form of new Set([value, encodeURIComponent(value)])) {
			// Hidden everywhere wins when the same text is also a credential.
			forms.set(form, (forms.get(form) ?? true) && isWholeTokenOnly);
		}
	}

	let output = text;
	for (const [form, isWholeTokenOnly] of [...forms].sort(([a], [b]) => b.length - a.length)) {
		output = isWholeTokenOnly
			? output.replaceAll(wholeTokenPattern(form), redactionMark)
			: output.split(form).join(redactionMark);
	}

	return output;
}

/** Redacts every string inside a JSON-like value (for `--json`, history lines and reports). */
export function redactDeep<T>(value: T, secrets: readonly Secret[]): T {
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
