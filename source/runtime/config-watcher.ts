import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';
import {ConfigError} from '../config/config-error.js';
import {formatConfigError} from '../config/format-config-error.js';
import {inputsUnchanged} from '../config/inputs-unchanged.js';
import {loadConfig} from '../config/load-config.js';
import type {Config} from '../config/types.js';

export type ConfigWatchHandlers = {
	/** A changed, valid config: apply it (checks keep their history by name). */
	readonly onConfig: (config: Config) => void;
	/** A changed, invalid config: keep running the last good one and show this (file:line:col) until fixed. */
	readonly onError: (error: ConfigError) => void;
};

export type ConfigWatchOptions = {
	/** Quiet period after the last file event before reloading; editors write in several steps. Default 150 ms. */
	readonly debounceMs?: number;
	/** Where `${NAME}` is looked up. Default: process.env. */
	readonly env?: NodeJS.ProcessEnv;
	/** The config (or error) the caller already has, so an unchanged file does not fire. Default: loaded now. */
	readonly initial?: Config | ConfigError;
};

export type ConfigWatcher = {readonly close: () => void};

const isConfigFileName = (name: string): boolean => /\.ya?ml$/i.test(name);

// Everything a reload applies: the checks and the fleet's settings (an edit of `concurrency:` alone is a change).
const signatureOf = (result: Config | ConfigError): string =>
	result instanceof ConfigError ? `error\n${formatConfigError(result)}` : `ok\n${JSON.stringify({checks: result.checks, concurrency: result.concurrency ?? null})}`;

/**
 * Watches the config file and every file it includes, and calls back after each change that alters
 * the result. It watches the files' DIRECTORIES, not the files: editors such as vim and `sed -i` save
 * by writing a new file and renaming it over the old one, which ends a watch on the old file's inode.
 */
export function watchConfig(file: string, handlers: ConfigWatchHandlers, options: ConfigWatchOptions = {}): ConfigWatcher {
	const debounceMs = options.debounceMs ?? 150;
	const watchers = new Map<string, FSWatcher>();
	let files = new Set<string>();
	/** Directories where any YAML file matters (include globs). */
	let globDirectories = new Set<string>();
	let timer: NodeJS.Timeout | undefined;
	let isClosed = false;

	const load = (): Config | ConfigError => {
		try {
			return loadConfig(file, {env: options.env});
		} catch (error) {
			if (error instanceof ConfigError) {
				return error;
			}

			throw error;
		}
	};

	const onEvent = (directory: string, filename: string | Buffer | null): void => {
		const name = filename?.toString();
		if (name === undefined || files.has(path.join(directory, name)) || (globDirectories.has(directory) && isConfigFileName(name))) {
			schedule();
		}
	};

	const track = (result: Config | ConfigError): void => {
		files = new Set(result.files.length > 0 ? result.files : [path.resolve(file)]);
		const fileDirectories = new Set([...files].map(item => path.dirname(item)));
		globDirectories = new Set(result.directories ?? []);
		const wanted = new Set([...fileDirectories, ...globDirectories]);
		for (const [directory, watcher] of watchers) {
			if (!wanted.has(directory)) {
				watcher.close();
				watchers.delete(directory);
			}
		}

		for (const directory of wanted) {
			if (watchers.has(directory)) {
				continue;
			}

			try {
				const watcher = watch(directory, {persistent: false}, (_event, name) => {
					onEvent(directory, name);
				});
				watcher.on('error', () => {
					// The directory went away (or became unreadable): reload, which reports the missing file.
					watcher.close();
					watchers.delete(directory);
					schedule();
				});
				watchers.set(directory, watcher);
			} catch {
				// A directory that does not exist yet cannot be watched; the error names the missing file.
			}
		}
	};

	let last = options.initial ?? load();
	let lastSignature = signatureOf(last);
	track(last);
	// A config the caller loaded earlier may have been edited before the directories were watched (a save
	// right as uptop starts). Now that no later edit can be missed, see whether its files still say the same;
	// only if not (or if it was an error) load it again.
	const initial = options.initial;
	if (initial !== undefined && (initial instanceof ConfigError || initial.inputs === undefined || !inputsUnchanged(initial.inputs))) {
		schedule();
	}

	function reload(): void {
		timer = undefined;
		if (isClosed) {
			return;
		}

		last = load();
		track(last);
		const signature = signatureOf(last);
		if (signature === lastSignature) {
			return;
		}

		lastSignature = signature;
		if (last instanceof ConfigError) {
			handlers.onError(last);
		} else {
			handlers.onConfig(last);
		}
	}

	function schedule(): void {
		if (isClosed) {
			return;
		}

		clearTimeout(timer);
		timer = setTimeout(reload, debounceMs);
	}

	return {
		close() {
			isClosed = true;
			clearTimeout(timer);
			for (const watcher of watchers.values()) {
				watcher.close();
			}

			watchers.clear();
		},
	};
}
