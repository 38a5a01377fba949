import fs from 'node:fs';
import path from 'node:path';
import {didYouMean} from '../config/did-you-mean.js';
import {checkNameHint} from './check-name-hint.js';
import {findUnreadableFile, type UnreadableFile} from '../config/unreadable-file.js';
import {unsetVariables} from '../config/unset-variables.js';
import {redact} from '../text/redact.js';
import {sanitize} from '../text/sanitize.js';
import {describeKeyProblem, historyKeyFile} from '../release/history-key.js';
import {hasRecordedResults} from '../release/has-recorded-results.js';
import {describeHistoryProblem} from '../release/history-problem.js';
import {historyPlaceFor, NoHomeError} from '../release/history-records.js';
import {openHistoryWriter} from '../release/history-store.js';
import {hasLiveWatcher} from '../release/watcher-presence.js';
import type {Secret} from '../config/types.js';
import {composed} from '../text/composed.js';
import {plainEmoji} from '../ui/plain-emoji.js';
import {asciiSpelling} from '../ui/text.js';

export type MarkOptions = {
	readonly configPath: string;
	readonly label: string;
	/** `--state-dir`; default the XDG state directory. */
	readonly stateDir?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Config secrets to redact from the label; by default read from the config, also one with errors. */
	readonly secrets?: readonly Secret[];
	/** `--check NAME`: the marker is that check's deployment only; the others keep their comparison. */
	readonly checkName?: string;
	/** Wall clock, epoch ms. Default Date.now. */
	readonly now?: () => number;
	readonly stdout?: (text: string) => void;
	readonly stderr?: (text: string) => void;
};

/**
 * What to do when the key cannot be used, instead of a run's "--state-dir …, or --no-history": a marker under another
 * state directory reaches no running instance, and mark has no history to turn off. Without --check it needs no key.
 */
const keySuggestion = 'leave out --check to mark every check instead';

/** What to do about a key another user made: ask them, or mark without it. */
const keyOwnerSuggestion = (owner: string): string => `run uptop mark as ${owner}, or ${keySuggestion}`;

/** What to do when the history file cannot be written: the marker counts only where a running instance reads. */
const writeSuggestion = 'point --state-dir at the directory the running uptop keeps its history in';

/**
 * What to do when the history is another user's (root's uptop, a second person on the bastion): a --state-dir of
 * one's own would take the marker where that uptop never reads.
 */
const ownerSuggestion = (owner: string): string => `run uptop mark as ${owner}, whose uptop keeps this history there`;

/**
 * The config's secrets, and its check names when it loads. A config with errors still has secrets: a label that
 * holds one (a token from `${TOKEN}`) must not go into the history in the clear because of a typo in the file.
 * A file of it that cannot be read (another user's 0600 file, a directory in its place) hides which values are
 * secret: `unreadable` names it, and no marker is added. `unset` names the variables it reads that are not set
 * here, whose values (set where uptop runs) cannot be found in the label.
 */
async function readConfig(configPath: string, env: NodeJS.ProcessEnv): Promise<{secrets: readonly Secret[]; names?: readonly string[]; unset: readonly string[]} | {unreadable: UnreadableFile}> {
	const {findConfigSecrets, loadConfig} = await import('../config/load-config.js');
	const {ConfigError} = await import('../config/config-error.js');
	try {
		const {checks, inputs} = loadConfig(configPath, {env});
		return {secrets: checks.flatMap(check => check.secrets), names: checks.map(check => check.name), unset: unsetVariables(inputs?.texts.values() ?? [], env)};
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		const unreadable = findUnreadableFile(error.files, error.directories);
		return unreadable === undefined ? {secrets: findConfigSecrets(configPath, {env}), unset: unsetVariables(error.sources.values(), env)} : {unreadable};
	}
}

/**
 * Why no marker was added for a config that cannot be read, and what to do: a label typed or expanded by a deploy
 * script may hold any of the config's secrets, and uptop hides only those it knows, so it writes none rather than
 * one it cannot vouch for.
 */
function describeUnreadable({file, code, reason, isSpecial}: UnreadableFile): string {
	const suggestion = code === 'EACCES' || code === 'EPERM'
		? 'run uptop mark as a user that can read it (the one uptop runs as)'
		: isSpecial ? 'make it a regular file, or leave it out of the config\'s includes' : 'point --config at the checks file the running uptop uses';
	return `uptop mark: cannot read ${file} (${reason}), so which values in the label are its secrets is unknown; no marker added: ${suggestion}\n`;
}

/**
 * The check `--check` names: by its name as the environment makes it (`--check "$SVC api"`), or by the name every
 * output shows (`•••• api`, copied from the screen) when no other check shows the same. Names are check ids.
 */
function findCheck(checkName: string, names: readonly string[], secrets: readonly Secret[]): {name: string} | {matches: number} {
	if (names.includes(checkName)) return {name: checkName};
	// The same letters written another way (`café` typed, `cafe` + a combining accent in the config): names are
	// unique in this form (config/load-config.ts), so at most one.
	const sameLetters = names.find(name => composed(name) === composed(checkName));
	if (sameLetters !== undefined) return {name: sameLetters};
	// The name as the screen and --once show it, copied from there: an emoji without its style selector (`☁` for
	// `☁️`), or accents dropped in ASCII mode (`prufung` for `prüfung`). Taken only when one name reads so.
	for (const shown of [(text: string) => plainEmoji(composed(text)), asciiSpelling]) {
		const typed = shown(checkName);
		const alike = names.filter(name => shown(name) === typed);
		if (alike.length === 1) return {name: alike[0]!};
	}

	const shownAlike = names.filter(name => {
		const shown = redact(name, secrets);
		return shown !== name && shown === checkName;
	});
	return shownAlike.length === 1 ? {name: shownAlike[0]!} : {matches: shownAlike.length};
}

/**
 * `uptop mark [--config FILE] [--check NAME] "LABEL"`: appends a marker to that config's history file, where every
 * running instance following the file picks it up. Exit 0 on success, 3 on bad input or a write error.
 */
export async function runMark(options: MarkOptions): Promise<number> {
	const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
	const stdout = options.stdout ?? ((text: string) => process.stdout.write(text));
	const label = sanitize(options.label.trim(), {maxLength: 200});
	if (label.length === 0) {
		stderr('uptop mark: give a label, e.g. uptop mark "helm upgrade payments 1.5.0"\n');
		return 3;
	}

	const configPath = path.resolve(options.configPath);
	if (!fs.existsSync(configPath)) {
		stderr(`uptop mark: config file not found: ${configPath} (the marker goes to that config's history; use --config FILE)\n`);
		return 3;
	}

	const env = options.env ?? process.env;
	const read = options.secrets === undefined || options.checkName !== undefined ? await readConfig(configPath, env) : undefined;
	if (read !== undefined && 'unreadable' in read) {
		stderr(describeUnreadable(read.unreadable));
		return 3;
	}

	const config = read;
	// A config with errors still gets a marker for every check: the running instance keeps its last good config.
	const secrets = options.secrets ?? config?.secrets ?? [];
	const names = config?.names;
	const typedName = options.checkName?.trim();
	let checkName: string | undefined;
	if (typedName !== undefined) {
		if (names === undefined) {
			// Not the name as given: without a config that loads, which of its values are secret is not known, and
			// `--check "$SVC api"` holds one.
			stderr(`uptop mark: --check needs the config to find the check in, and ${configPath} has errors (see uptop validate ${configPath})\n`);
			return 3;
		}

		const found = findCheck(typedName, names, secrets);
		if ('matches' in found && found.matches > 1) {
			stderr(`uptop mark: ${found.matches} checks in ${configPath} show as "${sanitize(typedName)}"; give the name as the environment makes it (--check "$NAME …")\n`);
			return 3;
		}

		if ('matches' in found) {
			// A name with a value from the environment in it is suggested as every output shows it, never in full.
			const shown = names.map(name => redact(name, secrets));
			const typo = didYouMean(typedName, names) ?? didYouMean(typedName, shown);
			const hint = checkNameHint(typedName, shown, typo === undefined ? undefined : redact(typo, secrets));
			stderr(`uptop mark: no check named "${sanitize(redact(typedName, secrets))}" in ${configPath}${hint ? `; ${sanitize(hint)}` : ''}\n`);
			return 3;
		}

		checkName = found.name;
	}

	let place;
	try {
		place = historyPlaceFor(configPath, {stateDir: options.stateDir, env});
	} catch (error) {
		if (!(error instanceof NoHomeError)) throw error;
		stderr(`uptop mark: ${error.message}\n`);
		return 3;
	}

	const {file, keyedOn, realPath} = place;
	// A watcher started a moment ago has recorded nothing yet (its first probes are running), but it follows the file.
	const isWatched = hasRecordedResults(file) || hasLiveWatcher(file);
	let failure: Error | undefined;
	let keyFailure: Error | undefined;
	const now = options.now ?? Date.now;
	const writer = openHistoryWriter({
		file,
		secrets,
		// A check named from the environment is stored under a keyed hash of its name (hashed-ids.ts).
		checkIds: names ?? [],
		now,
		onError(error) {
			failure = error;
		},
		onKeyError(error) {
			keyFailure = error;
		},
	});
	writer.append({t: 'm', at: now(), label, source: 'command', ...(checkName === undefined ? {} : {checkId: checkName})});
	writer.close();
	if (failure) {
		stderr(`uptop mark: cannot write ${file}: ${describeHistoryProblem(failure, file, writeSuggestion, ownerSuggestion)}\n`);
		return 3;
	}

	// The name as every output shows it: one from the environment is never echoed in full.
	const shownName = checkName === undefined ? undefined : redact(checkName, secrets);
	if (keyFailure) {
		stderr(`uptop mark: no marker for "${shownName}": its name holds a value from the environment, and the key its history is kept under cannot be used: ${describeKeyProblem(keyFailure, historyKeyFile(path.dirname(file)), keySuggestion, keyOwnerSuggestion)}\n`);
		return 3;
	}

	stdout(`marker "${redact(label, secrets)}"${shownName === undefined ? '' : ` for "${shownName}"`} added to ${file}\n`);
	if (config !== undefined && config.unset.length > 0) {
		// Refusing would fail the deploy script over a variable only the running uptop needs; written, and said, with
		// the names only: the person can set them and mark again, or know what the history holds.
		stderr(`uptop mark: could not hide values of ${config.unset.join(', ')} (not set here); the label is written as given\n`);
	}

	if (!isWatched) {
		// Still added, exit 0: a first deploy may be marked before the first watch. A mistyped --state-dir would
		// otherwise go unnoticed, its marker shown by no instance.
		// The config the history is keyed on, in full, and the file a symlink on its path leads to, whose history was
		// looked for too: an uptop watching a copy of the file, or through a bind mount, keeps another history, and
		// this is where that shows.
		// A symlink's target is a name nobody typed here, and may hold anything: escaped as target text is.
		const config = keyedOn === realPath ? sanitize(keyedOn) : `${sanitize(keyedOn)}, nor of ${sanitize(realPath)} where it leads,`;
		stderr(`uptop mark: note: no uptop has recorded results of ${config} in ${path.dirname(file)} yet; a running one shows this marker only if it keeps its history there (--state-dir)\n`);
	}

	return 0;
}
