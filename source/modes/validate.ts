import path from 'node:path';
import {ConfigError} from '../config/config-error.js';
import {formatConfigError} from '../config/format-config-error.js';
import {loadConfig} from '../config/load-config.js';
import {configSecrets} from '../config/shared-secrets.js';
import {caFileIssues} from './ca-files.js';
import {workingDirectoryIssues} from './working-directories.js';
import {concurrencyNote} from './concurrency-load.js';
import {freshConnectionsNote} from './connection-load.js';
import {emptyCredentialNote} from './empty-credential.js';
import {proxyNote} from './proxy-note.js';
import {describeKeyProblem, historyKeyFile, readHistoryKey} from '../release/history-key.js';
import {resolveStateDir} from '../release/history-records.js';
import {secretNamesNote, type HashedHistory} from './secret-names.js';
import {unreachableSlowNote} from './slow-threshold.js';
import {urlFragmentNote} from './url-fragment.js';

export type ValidateIo = {
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	/** Colour the errors (a terminal on stderr, no NO_COLOR). Default false. */
	readonly color?: boolean;
	/** Where `${NAME}` is looked up. Default: process.env. */
	readonly env?: NodeJS.ProcessEnv;
	/** `--concurrency`: judged instead of the file's `concurrency:`, as the monitor would use it. */
	readonly concurrency?: number;
	/** `--state-dir`: where the history, and the key of checks named from the environment, are kept. */
	readonly stateDir?: string;
};

/** Where the history of a check named from the environment goes, and why not when its key cannot be read. Nothing is made. */
function hashedHistory(io: ValidateIo): HashedHistory {
	const keyFile = historyKeyFile(resolveStateDir({stateDir: io.stateDir, env: io.env ?? process.env}));
	try {
		readHistoryKey(keyFile);
		return {keyFile};
	} catch (error) {
		return {keyFile, problem: describeKeyProblem(error, keyFile)};
	}
}

/**
 * `uptop validate [FILE]`: prints "N checks OK" and returns 0, or prints the errors (file:line:col, code
 * frame, hint; the first 100, then how many more) and returns 1. Only config problems are handled here; anything else is a bug
 * and propagates to the CLI's top-level handler.
 */
export function runValidate(file: string, io: ValidateIo): number {
	try {
		const config = loadConfig(file, {env: io.env});
		// Files and directories the probes open, which the loader does not.
		const caIssues = [...caFileIssues(config.checks), ...workingDirectoryIssues(config.checks)];
		if (caIssues.length > 0) {
			// Shown as the loader's errors are, with the lines they point at.
			const sources = new Map(caIssues.flatMap(issue => {
				const text = config.inputs?.texts.get(path.resolve(issue.file));
				return text === undefined ? [] : [[issue.file, text] as const];
			}));
			io.stderr(`${formatConfigError(new ConfigError(caIssues, {sources, secrets: configSecrets(config.checks)}), {color: io.color})}\n`);
			return 1;
		}

		const count = config.checks.length;
		const included = config.files.length - 1;
		const from = included > 0 ? ` (${file} and ${included} included ${included === 1 ? 'file' : 'files'})` : '';
		io.stdout(`${count} ${count === 1 ? 'check' : 'checks'} OK${from}\n`);
		// Advice, not an error: stdout stays the one line scripts read, and the exit code stays 0.
		const notes = [freshConnectionsNote(config.checks), concurrencyNote(config.checks, io.concurrency ?? config.concurrency), unreachableSlowNote(config.checks), urlFragmentNote(config.checks), emptyCredentialNote(config.checks), proxyNote(config.checks, io.env ?? process.env), secretNamesNote(config.checks, () => hashedHistory(io))].filter(note => note !== undefined);
		if (notes.length > 0) {
			io.stderr(`${notes.join('\n')}\n`);
		}

		return 0;
	} catch (error) {
		if (error instanceof ConfigError) {
			io.stderr(`${formatConfigError(error, {color: io.color})}\n`);
			return 1;
		}

		throw error;
	}
}
