import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';
import {ConfigError} from '../../source/config/config-error.js';
import {loadConfig} from '../../source/config/load-config.js';

const made: string[] = [];

afterEach(() => {
	for (const directory of made.splice(0)) {
		rmSync(directory, {recursive: true, force: true});
	}
});

/** Writes files (relative path → text, or bytes) into a fresh temp directory, removed after the test. */
export function writeFiles(files: Readonly<Record<string, string | Uint8Array>>, base = tmpdir()): string {
	const directory = mkdtempSync(path.join(base, 'uptop-config-'));
	made.push(directory);
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(directory, name)), {recursive: true});
		writeFileSync(path.join(directory, name), text);
	}

	return directory;
}

/** Loads `text` as checks.yaml from a real file and returns the ConfigError it must throw. */
export function loadError(text: string, env: NodeJS.ProcessEnv = {}, extraFiles: Readonly<Record<string, string>> = {}): ConfigError {
	const directory = writeFiles({'checks.yaml': text, ...extraFiles});
	try {
		loadConfig(path.join(directory, 'checks.yaml'), {env});
	} catch (error) {
		if (error instanceof ConfigError) {
			return error;
		}

		throw error;
	}

	throw new Error('expected a ConfigError, but the config loaded');
}

export function loadText(text: string, env: NodeJS.ProcessEnv = {}, extraFiles: Readonly<Record<string, string>> = {}) {
	const directory = writeFiles({'checks.yaml': text, ...extraFiles});
	return {directory, config: loadConfig(path.join(directory, 'checks.yaml'), {env})};
}
