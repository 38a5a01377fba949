import YAML from 'yaml';
import {ConfigError, type ConfigIssue} from '../config/config-error.js';

/**
 * A hint that holds a YAML snippet (`start with:` and a `checks:` list) on one line, in flow style, for the banner,
 * which has one line: cut after its first line it said `hint: start with:` and nothing more. A hint that is no
 * snippet keeps its first line.
 */
export function oneLineHint(hint: string): string {
	const [first = '', ...rest] = hint.split('\n');
	if (rest.length === 0) return first;
	const lead = first.endsWith(':') && !/^[\w-]+:$/.test(first) ? `${first} ` : '';
	const flow = flowSnippet(lead === '' ? hint : rest.join('\n'));
	return flow === undefined ? first : `${lead}${flow}`;
}

function flowSnippet(text: string): string | undefined {
	try {
		const value: unknown = YAML.parse(text);
		if (value === null || typeof value !== 'object') return undefined;
		const flow = YAML.stringify(value, {collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0}).trim();
		// `{checks: […]}` as a line of the file is `checks: […]`.
		return !Array.isArray(value) && Object.keys(value).length === 1 ? flow.slice(1, -1) : flow;
	} catch {
		return undefined;
	}
}

/**
 * The advice a config error gives, for an uptop already running on the file: it keeps the environment it started
 * with, so `export NAME=…` in another shell (after which `uptop validate` passes) changes nothing for it; and a
 * file it lost is to be put back, not made anew with `uptop init`.
 */
export function forRunningInstance(error: ConfigError): ConfigError {
	const issues = error.issues.map(issue => ({...issue, ...runningHint(issue)}));
	return new ConfigError(issues, {files: error.files, directories: error.directories, sources: error.sources, secrets: error.secrets});
}

function runningHint(issue: ConfigIssue): Partial<ConfigIssue> {
	switch (issue.cause?.kind) {
		case 'unsetVariable': {
			const {name} = issue.cause;
			return {hint: `a running uptop keeps the environment it started with: give a fallback (\${${name}:-value}), or restart it with ${name} set`};
		}

		case 'missingFile': {
			return {hint: 'put the file back: uptop goes on with the last good config until then'};
		}

		default: {
			return {};
		}
	}
}
