import type {Check} from '../config/types.js';
import {formatDuration} from '../config/duration.js';
import {displayCheck} from '../monitor/display-check.js';
import {listFirst} from '../config/list-first.js';

/** Names listed before the rest are counted: the note is advice, not a report. */
const namesShown = 3;

/**
 * `validate`'s advice when a written `slow` is not below the check's timeout: a probe that long is stopped at
 * the timeout and fails, so the check can never show slow. Advice, not an error: `slow: 1h` is also how one
 * says "never slow". The built-in 1 s counts too: under a timeout of 1 s or less (`interval: 1s` makes it so) nobody
 * chose it, yet the check can never warn, and that is what the note is for. The hint is half the shortest timeout.
 */
export function unreachableSlowNote(checks: readonly Check[]): string | undefined {
	const unreachable = checks.filter(check => check.slowMs >= check.timeoutMs);
	if (unreachable.length === 0) return undefined;
	const [first] = unreachable;
	// As every output names them: a part from `${NAME}` is `••••`.
	const names = listFirst(unreachable.map(check => `\`${displayCheck(check).name}\``), namesShown);
	const which = unreachable.length === 1
		? `check ${names}: slow ${formatDuration(first!.slowMs)} is not below its timeout ${formatDuration(first!.timeoutMs)}`
		: `checks ${names}: \`slow\` is not below their timeout`;
	const hintMs = Math.max(1, Math.round(Math.min(...unreachable.map(check => check.timeoutMs)) / 2));
	const they = unreachable.length === 1 ? 'it' : 'they';
	return `note: ${which}, so ${they} can never show slow (a probe that long is stopped at the timeout and fails); lower \`slow\` if ${they} should warn before that, e.g. \`slow: ${formatDuration(hintMs)}\`.`;
}
