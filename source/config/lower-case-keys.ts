import type {SourceLocation} from './types.js';
import type {KeysInLowerCase} from './schema-model.js';

/**
 * `Authorization:` and, pasted from curl under it, `authorization:`: one header written twice, and the last one
 * silently replaces the first (a credential swapped). Only the names are quoted: the values may be credentials.
 */
export function lowerCaseDuplicate(rule: KeysInLowerCase, key: string, where: SourceLocation, first: {readonly key: string; readonly where: SourceLocation}): {message: string; hint: string} {
	const at = first.where.line === where.line ? `line ${first.where.line}, column ${first.where.column}` : `line ${first.where.line}`;
	return {
		message: `${rule.noun} \`${key}\` is written twice, here and as \`${first.key}\` on ${at}: ${rule.noun} names are compared in lower case`,
		hint: `keep one of them: ${rule.lastWins}`,
	};
}
