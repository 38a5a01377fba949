import type {Secret} from '../config/types.js';
import {redact} from './redact.js';
import {sanitize, type SanitizeOptions} from './sanitize.js';

/**
 * Target- or error-derived text made safe to store. Secrets are hidden before sanitize runs (it may cut text, and a
 * secret cut in half would no longer match), and again after: escaping may spell one out (a control character as
 * `^G`), and a whole-token value may stand alone once a secret beside it is `••••`. The second pass is left out only
 * where it would be the first call over again: redact() found nothing and sanitize() changed nothing, so it would be
 * given the same text and secrets and return the text as it is. Most texts are such, and a probe cleans several.
 */
export function cleanText(text: string, secrets: readonly Secret[], options?: SanitizeOptions): string {
	const hidden = redact(text, secrets);
	const safe = sanitize(hidden, options);
	return hidden === text && safe === hidden ? safe : redact(safe, secrets);
}
