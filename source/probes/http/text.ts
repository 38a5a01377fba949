import {cleanText} from '../../text/clean-text.js';
import type {SanitizeOptions} from '../../text/sanitize.js';
import type {Secret} from '../../config/types.js';

/** Target- or error-derived text made safe to store (see cleanText). */
export function clean(text: string, secrets: readonly Secret[], options?: SanitizeOptions): string {
	return cleanText(text, secrets, options);
}

/** A URL as shown to people: never its user:password part. */
export function displayUrl(url: URL): string {
	if (url.username === '' && url.password === '') {
		return url.href;
	}

	const copy = new URL(url.href);
	copy.username = '';
	copy.password = '';
	return copy.href;
}

/**
 * undici hands header values over as latin1; a server that sent UTF-8 would show as mojibake. Re-read
 * them as UTF-8 when they are valid UTF-8, so what the operator sees is what the server sent.
 */
export function headerText(value: string | readonly string[] | undefined): string | undefined {
	if (value === undefined) {
		return undefined;
	}

	const joined = typeof value === 'string' ? value : value.join(', ');
	if (!/[\u0080-\u00FF]/.test(joined)) {
		return joined;
	}

	const utf8 = Buffer.from(joined, 'latin1').toString('utf8');
	return utf8.includes('\uFFFD') ? joined : utf8;
}
