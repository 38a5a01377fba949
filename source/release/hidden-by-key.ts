import type {Check} from '../config/types.js';
import {everySecret} from '../config/shared-secrets.js';
import {namesSecret} from './hashed-ids.js';
import {describeKeyProblem} from './history-key.js';
import type {LoadedHistory} from './history-load.js';
import type {ReportInput} from './report.js';

/**
 * The checks of `checks` whose records a key that could not be read hides, with why in describeKeyProblem's words
 * (`suggestion`s worded for the command); undefined when the key was read. The writer hashes an id holding any
 * secret of the config (attach-history.ts), so those of `configured`, all the config's checks, count.
 */
export function hiddenByKey(history: LoadedHistory, checks: readonly Check[], configured: readonly Check[], suggestion?: string, ownerSuggestion?: (owner: string) => string): ReportInput['unreadableKey'] {
	if (history.unreadableKey === undefined) return undefined;
	const secrets = everySecret(configured);
	return {
		checkIds: new Set(checks.filter(check => namesSecret(check.id, secrets)).map(check => check.id)),
		words: describeKeyProblem(history.unreadableKey.error, history.unreadableKey.file, suggestion, ownerSuggestion),
	};
}
