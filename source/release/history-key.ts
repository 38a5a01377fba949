import fs from 'node:fs';
import path from 'node:path';
import {readRefusingForeignSymlinkSync} from './foreign-symlink.js';
import {describeHistoryProblem, ownerProblem, runOwnerSuggestion} from './history-problem.js';
import {makeDirectory} from './make-directory.js';
import {filesBeside} from './files-beside.js';

/** The key a check's id is hashed with when its name holds a secret: one per state directory, beside the history files. */
export function historyKeyFile(stateDir: string): string {
	return path.join(stateDir, 'history-key');
}

const keyText = /^[\da-f]{64}\n?$/;

/**
 * node:crypto, loaded on the first call: at start it would cost every run ~8 ms of its first frame
 * (docs/benchmarks.md), and only a config with a check named from the environment needs it. The writer appends
 * synchronously, so the module is taken with getBuiltinModule at the point of need rather than awaited.
 */
export function loadCrypto(): typeof import('node:crypto') {
	return process.getBuiltinModule('node:crypto');
}

/**
 * The key in `file`; undefined when there is none yet. Throws when it cannot be read or is not a key uptop wrote.
 * Another user's symlink in its place is refused (foreign-symlink.ts), as the history's is: in a state directory
 * others may write in, a key they planted would hash ids they can compute, and show their made-up history under
 * real names. Making a key never follows one (link refuses an existing name), so this read is the only way in.
 */
export function readHistoryKey(file: string): Buffer | undefined {
	let text: string;
	try {
		text = readRefusingForeignSymlinkSync(file).bytes.toString('utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}

	if (!keyText.test(text)) {
		throw new Error(`${file} does not hold a key uptop wrote (64 hex digits); remove it and uptop makes a new one`);
	}

	return Buffer.from(text.trim(), 'hex');
}

/** How old a key's temporary file must be to be another process's leftover: it lives for microseconds. */
const staleTemporaryMs = 60_000;

/**
 * Removes the temporary files (`history-key.<pid>-<hex>.tmp`) of makers killed between writing and linking, which
 * nothing else would ever remove. By age, not by whether the pid is alive: a pid may be reused, or belong to
 * another container sharing the state directory, where a live maker's file would look orphaned. A minute is far
 * past any maker's critical moment. Best effort: a leftover never stops the key being used.
 */
function removeStaleTemporaries(file: string, now: number): void {
	for (const {path: temporary} of filesBeside(file, /^\d+-[\da-f]{8}\.tmp$/)) {
		try {
			if (now - fs.lstatSync(temporary).mtimeMs > staleTemporaryMs) fs.rmSync(temporary, {force: true});
		} catch {
			// Gone meanwhile (another instance cleaned it), or not ours to remove.
		}
	}
}

/**
 * The key in `file`, made when there is none: 32 random bytes, mode 0600. It is written to a file of its own and
 * linked into place, so a reader never sees half a key, and of two instances starting at once the second finds
 * the first's key (link refuses to replace a file) and both hash alike. Throws when it can be neither read nor made.
 */
export function openHistoryKey(file: string): Buffer {
	removeStaleTemporaries(file, Date.now());
	const existing = readHistoryKey(file);
	if (existing !== undefined) return existing;
	makeDirectory(path.dirname(file), 0o700);
	const {randomBytes} = loadCrypto();
	const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
	try {
		fs.writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, {mode: 0o600, flag: 'wx'});
		fs.linkSync(temporary, file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	} finally {
		fs.rmSync(temporary, {force: true});
	}

	const key = readHistoryKey(file);
	if (key === undefined) throw new Error(`${file} vanished as it was made`);
	return key;
}

/**
 * A key problem in plain words: a key file uptop may not read is not one it may not write. A key another user made
 * (0600, as every key is) names its owner: on a shared bastion that is whom to ask. `ownerSuggestion`, what to do
 * then, worded for the command that met it.
 */
export function describeKeyProblem(error: unknown, file: string, suggestion?: string, ownerSuggestion = runOwnerSuggestion): string {
	const code = (error as NodeJS.ErrnoException)?.code;
	if (code === 'EACCES' || code === 'EPERM') return ownerProblem(file, ownerSuggestion) ?? `no permission to read or make ${file}`;
	return describeHistoryProblem(error, file, suggestion, ownerSuggestion);
}
