import {ConfigError} from '../config/config-error.js';
import {formatConfigError} from '../config/format-config-error.js';
import {loadConfig} from '../config/load-config.js';
import type {Config} from '../config/types.js';

export const isTransientFailure = (result: Config | ConfigError): boolean =>
	result instanceof ConfigError && result.issues.some(issue => issue.cause?.kind === 'transientRead');

/**
 * An error whose files could not be read for a reason that passes by itself (out of open files, busy), said as
 * one the watcher will read again: `cannot be read (EMFILE): retrying`. Undefined for any other error.
 */
function asRetrying(error: ConfigError): ConfigError | undefined {
	if (!isTransientFailure(error)) return undefined;
	const issues = error.issues.map(issue => (issue.cause?.kind === 'transientRead' ? {...issue, message: `${issue.message}: retrying`} : issue));
	return new ConfigError(issues, {files: error.files, directories: error.directories, sources: error.sources, secrets: error.secrets});
}

/** The config at `file` as the watcher reports it: loaded, or the error that says why not (a passing one as retried). */
export function loadWatched(file: string, env: NodeJS.ProcessEnv | undefined): Config | ConfigError {
	try {
		return loadConfig(file, {env});
	} catch (error) {
		if (error instanceof ConfigError) {
			return asRetrying(error) ?? error;
		}

		throw error;
	}
}

// Everything a reload applies: the checks and the fleet's settings (an edit of `concurrency:` alone is a change).
export const signatureOf = (result: Config | ConfigError): string =>
	result instanceof ConfigError ? `error\n${formatConfigError(result)}` : `ok\n${JSON.stringify({checks: result.checks, concurrency: result.concurrency ?? null})}`;
