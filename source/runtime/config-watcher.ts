import {lstatSync, readlinkSync, statSync, watch, type FSWatcher} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {ConfigError} from '../config/config-error.js';
import {inputsUnchanged} from '../config/inputs-unchanged.js';
import type {Config} from '../config/types.js';
import {fromLoaded} from './loaded-config.js';
import {loadInThread, type ThreadLoad} from './load-in-thread.js';
import {isTransientFailure, loadWatched, signatureOf} from './watched-load.js';

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

/** Waits before reading again a file that could not be read for a passing reason: 1 s, 2 s, 4 s, … at most 30 s. */
const retryDelaysMs = [1000, 2000, 4000, 8000, 16_000, 30_000];

/**
 * A config whose files hold more than this is loaded in a thread of its own: ~100 checks, which load here in a few
 * milliseconds, less than a thread costs to start. 2,000 checks (300 KB) took 0.3–1 s, every frame and key held.
 */
const threadAboveBytes = 16 * 1024;

/** Bytes in `files` now: what loading them will cost, about (a file not there counts nothing). */
const bytesIn = (files: readonly string[]): number => files.reduce((sum, item) => {
	try {
		return sum + statSync(item).size;
	} catch {
		return sum;
	}
}, 0);

const isConfigFileName = (name: string): boolean => /\.ya?ml$/i.test(name);

const isDirectory = (directory: string): boolean => {
	try {
		return statSync(directory).isDirectory();
	} catch {
		return false;
	}
};

/** Which directory is at a path: its inode, which a file system gives the next directory at once, and its birth. */
const identityOf = (directory: string): string | undefined => {
	try {
		const {ino, birthtimeMs} = statSync(directory);
		return `${ino}:${birthtimeMs}`;
	} catch {
		return undefined;
	}
};

/** The closest directory above `directory` that is there. */
function nearestDirectory(directory: string): string {
	let above = path.dirname(directory);
	while (!isDirectory(above) && path.dirname(above) !== above) above = path.dirname(above);
	return above;
}

/** The first symlink on the way to `file`, from the root down (the file itself included), or undefined. */
function firstLink(file: string): string | undefined {
	const {root} = path.parse(file);
	let current = root;
	for (const part of file.slice(root.length).split(path.sep).filter(Boolean)) {
		current = path.join(current, part);
		try {
			if (lstatSync(current).isSymbolicLink()) return current;
		} catch {
			return undefined;
		}
	}

	return undefined;
}

/**
 * `file`, every symlink its path goes through, and the path each leads to, up to the file itself: an edit of the
 * real file, or a link swapped to another target (`..data` in a Kubernetes ConfigMap mount), changes the config.
 */
function pathsBehind(file: string): string[] {
	const paths = [file];
	let current = file;
	for (let hop = 0; hop < 8; hop++) {
		const link = firstLink(current);
		if (link === undefined) break;
		let target: string;
		try {
			target = path.resolve(path.dirname(link), readlinkSync(link));
		} catch {
			break;
		}

		current = path.join(target, path.relative(link, current));
		paths.push(link, current);
	}

	return [...new Set(paths)];
}

/**
 * Watches the config file and every file it includes, and calls back after each change that alters
 * the result. It watches the files' DIRECTORIES, not the files: editors such as vim and `sed -i` save
 * by writing a new file and renaming it over the old one, which ends a watch on the old file's inode.
 */
export function watchConfig(file: string, handlers: ConfigWatchHandlers, options: ConfigWatchOptions = {}): ConfigWatcher {
	// A config given as a pipe (`<(cat checks.yaml)`, a FIFO) was read once and cannot be edited: opened again on an
	// event, its read would wait on the main thread for a writer that may never come.
	if (!isRegularFile(file)) return {close() {}};
	const debounceMs = options.debounceMs ?? 150;
	const watchers = new Map<string, {readonly watcher: FSWatcher; readonly identity: string | undefined}>();
	let files = new Set<string>();
	/** Directories watched in place of one that is missing: any change in them may bring it (back). */
	let lookouts = new Set<string>();
	/** Directories where any YAML file matters (include globs). */
	let globDirectories = new Set<string>();
	let timer: NodeJS.Timeout | undefined;
	let isClosed = false;
	/** Reads in a row that failed for a passing reason; no file event may come when it passes, so the watcher retries. */
	let transientFailures = 0;
	/** The load under way in its thread, and whether a change came after it began (it may not have seen that one). */
	let loading: ThreadLoad | undefined;
	let isOutdated = false;

	const load = (): Config | ConfigError => loadWatched(file, options.env);

	const onEvent = (directory: string, filename: string | Buffer | null): void => {
		const name = filename?.toString();
		if (name === undefined) return;
		const changed = path.join(directory, name);
		// In an include glob's directories a new directory matters too (`teams/b` for teams/*/checks.yaml), and above
		// a directory that is gone, its coming back.
		if (files.has(changed) || lookouts.has(directory) || (globDirectories.has(directory) && (isConfigFileName(name) || globDirectories.has(changed) || isDirectory(changed)))) {
			schedule();
		}
	};

	const track = (result: Config | ConfigError): void => {
		const loaded = result.files.length > 0 ? result.files : [path.resolve(file)];
		// A config read through a symlink (a ConfigMap's checks.yaml -> ..data/checks.yaml): the links and the file they
		// lead to matter as much as the path it was read by.
		files = new Set(loaded.flatMap(item => pathsBehind(item)));
		const fileDirectories = new Set([...files].map(item => path.dirname(item)));
		globDirectories = new Set(result.directories ?? []);
		const named = new Set([...fileDirectories, ...globDirectories]);
		// A directory that is not there (removed, or not made yet) cannot be watched: the nearest one above it is.
		lookouts = new Set([...named].filter(directory => !isDirectory(directory)).map(directory => nearestDirectory(directory)));
		const wanted = new Set([...[...named].filter(directory => isDirectory(directory)), ...lookouts]);
		for (const [directory, watched] of watchers) {
			// A directory removed and made again (a deploy tool's swap) is another one: its old watch sees nothing.
			if (!wanted.has(directory) || identityOf(directory) !== watched.identity) {
				watched.watcher.close();
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
				watchers.set(directory, {watcher, identity: identityOf(directory)});
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
	} else if (isTransientFailure(last)) {
		retryLater();
	}

	/**
	 * Loads the config again; a large one in a thread of its own: parsing and checking 2,000 checks takes the better
	 * part of a second, which on this thread (the screen's) held every frame and key that long. Where no thread can
	 * run (out of descriptors, of memory), here.
	 */
	function reload(): void {
		timer = undefined;
		if (isClosed) {
			return;
		}

		if (loading === undefined && bytesIn(last.files) <= threadAboveBytes) {
			const result = load();
			settle(result, signatureOf(result));
			return;
		}

		if (loading !== undefined) {
			isOutdated = true;
			return;
		}

		loading = loadInThread(file, options.env ?? process.env, loaded => {
			loading = undefined;
			if (loaded === undefined) {
				const result = load();
				settle(result, signatureOf(result));
			} else {
				settle(fromLoaded(loaded), loaded.signature);
			}

			// A save during the load: read again now (its own timer went off while this one was under way).
			if (isOutdated && !isClosed) {
				isOutdated = false;
				clearTimeout(timer);
				reload();
			}
		});
	}

	function settle(result: Config | ConfigError, signature: string): void {
		last = result;
		track(last);
		// An edit saved while uptop was out of descriptors is read once they are free, not at the next save.
		if (isTransientFailure(last)) {
			retryLater();
		} else {
			transientFailures = 0;
		}

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

	function retryLater(): void {
		const delayMs = retryDelaysMs[Math.min(transientFailures, retryDelaysMs.length - 1)]!;
		transientFailures++;
		clearTimeout(timer);
		timer = setTimeout(reload, delayMs);
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
			loading?.cancel();
			loading = undefined;
			for (const {watcher} of watchers.values()) {
				watcher.close();
			}

			watchers.clear();
		},
	};
}

function isRegularFile(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		// Missing now: it may come (an editor's save, a ConfigMap's swap), and is watched for.
		return true;
	}
}
