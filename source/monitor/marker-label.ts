import type {Check} from '../config/types.js';
import {redact} from '../text/redact.js';
import {everySecret} from '../config/shared-secrets.js';

/**
 * A marker's label as uptop keeps and shows it: every secret of the watched checks hidden. A note typed at `m`
 * may hold one (a token pasted by mistake); the history file hides it too, so the screen must not show it.
 */
export function markerLabel(label: string, checks: Iterable<Check>): string {
	return redact(label, everySecret(checks));
}
