import fs from 'node:fs';
import path from 'node:path';
import {ConfigError} from '../config/config-error.js';
import {formatConfigError} from '../config/format-config-error.js';
import {loadConfig} from '../config/load-config.js';
import {historyFileFor, NoHomeError} from '../release/history-records.js';
import {loadHistoryFor} from '../release/real-ids.js';
import {prepareReport} from '../release/prepare-report.js';
import {renderReport, type ReportInput} from '../release/report.js';
import {noFilters, noMatchMessage, selectChecks, type CheckFilters} from './select-checks.js';
import {zonelessSinceNote} from './zoneless-since.js';
import {ReadOnlyReportError, readOnlyReportProblem} from './read-only-report.js';
import {describeHistoryReadProblem} from '../release/history-problem.js';
import {hiddenByKey} from '../release/hidden-by-key.js';
import {danglingLinkCode, refuseDanglingLinkOnTheWay} from '../release/make-directory.js';

export type ReportOptions = {
	readonly configPath: string;
	/** `--since`: a marker label (substring) or an ISO 8601 time. Default: the latest marker. */
	readonly since?: string;
	/** `--state-dir`; default the XDG state directory. */
	readonly stateDir?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** Wall clock, epoch ms. Default Date.now. */
	readonly now?: () => number;
	readonly windowMs?: number;
	readonly stdout?: (text: string) => void;
	readonly stderr?: (text: string) => void;
	/** `--only` / `--group`: the report covers the checks they select. Default: all. */
	readonly filters?: CheckFilters;
};

/** What to do when the history is another user's: the report is made where the history is readable. */
const ownerSuggestion = (owner: string): string => `run uptop report as ${owner}, or watch with a --state-dir of your own`;

/** What to do when it cannot be read otherwise. */
const readSuggestion = 'point --state-dir at the directory uptop keeps this history in';

/**
 * What is wrong with the state directory of `historyFile` when it (or a directory above it) is a symlink to nothing,
 * as a run says it (make-directory.ts), with what to do for a report: the history was kept where the link pointed,
 * so an empty report from there would hide that. Undefined when the history is merely not there yet.
 */
function brokenStateDirectory(historyFile: string): string | undefined {
	try {
		refuseDanglingLinkOnTheWay(path.dirname(historyFile));
		return undefined;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== danglingLinkCode) throw error;
		return `${(error as Error).message}; restore or mount that directory, or ${readSuggestion}`;
	}
}

/**
 * `uptop report [--config FILE] [--since MARKER]`: the Markdown release report from the config's history
 * file, to stdout. Exit 0 with a report (also when there is no marker yet: the report says so), 3 when the
 * config is invalid or `--since` matches nothing (or is a time after now).
 */
export function runReport(options: ReportOptions): number {
	const stdout = options.stdout ?? ((text: string) => process.stdout.write(text));
	const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
	const env = options.env ?? process.env;
	let config;
	try {
		config = loadConfig(options.configPath, {env});
	} catch (error) {
		if (error instanceof ConfigError) {
			stderr(`${formatConfigError(error)}\n`);
			return 3;
		}

		throw error;
	}

	let historyFile;
	let history;
	try {
		historyFile = historyFileFor(config.file, {stateDir: options.stateDir, env});
	} catch (error) {
		if (!(error instanceof NoHomeError)) throw error;
		stderr(`uptop report: ${error.message}\n`);
		return 3;
	}

	try {
		history = loadHistoryFor(historyFile, config.checks);
	} catch (error) {
		stderr(`uptop report: cannot read ${historyFile}: ${describeHistoryReadProblem(error, historyFile, ownerSuggestion, readSuggestion)}\n`);
		return 3;
	}

	// Said once here, and by each check it hides in the report: their records are there, under ids nothing matches.
	const hidden = hiddenByKey(history, config.checks, config.checks, readSuggestion, ownerSuggestion);
	if (hidden !== undefined) stderr(`uptop report: the records of checks named from the environment cannot be matched to them: ${hidden.words}\n`);

	if (history.isMissing) {
		const broken = brokenStateDirectory(historyFile);
		if (broken !== undefined) {
			stderr(`uptop report: cannot read ${historyFile}: ${broken}\n`);
			return 3;
		}

		// The report still comes (a release pipeline may ask before the first result); this says why it is empty.
		stderr(`uptop report: no history yet at ${historyFile}: uptop records it while it watches ${path.basename(config.file)} (on the screen, as plain lines or with --json; not with --once), with the same --state-dir\n`);
	}

	const filters = options.filters ?? noFilters;
	const checks = selectChecks(config.checks, filters);
	const noMatch = noMatchMessage(config.checks, checks, filters, path.basename(config.file));
	if (noMatch !== undefined) {
		stderr(`uptop report: ${noMatch}\n`);
		return 3;
	}

	const input = prepareReport({
		configFile: path.basename(config.file),
		checks,
		history,
		since: options.since,
		now: (options.now ?? Date.now)(),
		...(options.windowMs === undefined ? {} : {windowMs: options.windowMs}),
	});
	if ('error' in input) {
		stderr(`uptop report: ${input.error}\n`);
		return 3;
	}

	const note = zonelessSinceNote(options.since, input.isSinceTime === true);
	if (note !== undefined) stderr(`uptop report: ${note}\n`);
	stdout(renderReport(hidden === undefined ? input : {...input, unreadableKey: hidden}));
	return 0;
}

/**
 * `--report FILE` on exit: writes the report next to FILE first and renames it into place, so a crash
 * mid-write never leaves half a report behind.
 */
export function writeReportFile(file: string, input: ReportInput): void {
	const target = path.resolve(file);
	const temporary = `${target}.tmp-${process.pid}`;
	// Made read-only during the run: the rename below would replace it all the same.
	const readOnly = readOnlyReportProblem(target);
	if (readOnly !== undefined) throw new ReadOnlyReportError(readOnly);
	try {
		fs.writeFileSync(temporary, renderReport(input));
		fs.renameSync(temporary, target);
	} finally {
		fs.rmSync(temporary, {force: true});
	}
}
