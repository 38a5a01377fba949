import {formatKeys, keysFor, type Mode} from '../keymap.js';

/**
 * What a pause leaves the operator in `mode`, from the keymap: `p resumes, r still rechecks` in the table and
 * the details; nothing over the events list and the help, which bind neither key. The banner stays up there, and
 * promised both.
 */
export function pausedKeys(mode: Mode, isAscii = false): string | undefined {
	const [resume] = keysFor('pause', mode);
	const [recheck] = keysFor('recheck', mode);
	const parts = [
		resume === undefined ? undefined : `${formatKeys([resume], isAscii)} resumes`,
		recheck === undefined ? undefined : `${formatKeys([recheck], isAscii)} still rechecks`,
	].filter(part => part !== undefined);
	return parts.length === 0 ? undefined : parts.join(', ');
}
