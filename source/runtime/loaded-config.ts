import {ConfigError, type ConfigIssue} from '../config/config-error.js';
import type {Config, Secret} from '../config/types.js';
import {signatureOf} from './watched-load.js';

/** A ConfigError as plain data: what a structured clone (a thread's message) carries of it, its class aside. */
type ConfigErrorData = {
	readonly issues: readonly ConfigIssue[];
	readonly files: readonly string[];
	readonly directories: readonly string[];
	readonly sources: ReadonlyMap<string, string>;
	readonly secrets: readonly Secret[];
};

/**
 * A config load's outcome as it crosses from the thread that loaded it (config-thread.ts), with its signature
 * (what the watcher compares), worked out there too: for 2,000 checks it is a JSON text of a megabyte.
 */
export type LoadedConfig = {readonly signature: string} & ({readonly config: Config} | {readonly error: ConfigErrorData});

export function toLoaded(result: Config | ConfigError): LoadedConfig {
	const signature = signatureOf(result);
	if (!(result instanceof ConfigError)) return {signature, config: result};
	const {issues, files, directories, sources, secrets} = result;
	return {signature, error: {issues, files, directories, sources, secrets}};
}

export function fromLoaded(loaded: LoadedConfig): Config | ConfigError {
	if ('config' in loaded) return loaded.config;
	const {issues, ...context} = loaded.error;
	return new ConfigError(issues, context);
}
