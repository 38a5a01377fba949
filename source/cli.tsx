#!/usr/bin/env node
import {accessSync, constants, existsSync, statSync} from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import meow from 'meow';
import type {Check, Config} from './config/types.js';
import {loadConfig} from './config/load-config.js';
import {didYouMean} from './config/did-you-mean.js';
import {ConfigError} from './config/config-error.js';
import {maxConcurrency} from './config/format.js';
import {checkDuration, parseDuration} from './config/duration.js';
import {formatConfigError, maxIssuesShown} from './config/format-config-error.js';
import {runValidate} from './modes/validate.js';
import {onceSignalExit, onceWaitSignalExit} from './modes/once-signal.js';
import {noMatchMessage, selectChecks} from './modes/select-checks.js';
import {keymapHelpLines} from './ui/keymap.js';
import {isAsciiTerminal, isColourAllowed, isUtf8Locale} from './ui/terminal.js';
import {chooseBackground, isBackgroundLeftToTerminal, isThemeName, themeProblem} from './ui/theme-choice.js';
import {askTerminalBackground} from './runtime/ask-terminal-background.js';
import type {DemoFleet} from './runtime/demo-fleet.js';
import {withoutGlobalFetch} from './runtime/without-global-fetch.js';
import {findFlagProblem, joinDashValue, valueFlags} from './runtime/flag-problems.js';
import {helpAsked, withShortHelp} from './runtime/help-asked.js';
import {subcommandFlagProblem} from './runtime/subcommand-flags.js';
import {readOnlyReportProblem} from './modes/read-only-report.js';
import {exitAfterRun, forStderr, installExitHandlers, isExitUnderway, onCleanup, runCleanups, setSignalExit, writeStderrLine} from './runtime/process-exit.js';

const flagSpec = {
	config: {type: 'string', shortFlag: 'c'},
	demo: {type: 'boolean', default: false},
	once: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	only: {type: 'string', isMultiple: true},
	group: {type: 'string', isMultiple: true},
	color: {type: 'boolean', default: true},
	ascii: {type: 'boolean', default: false},
	theme: {type: 'string'},
	bell: {type: 'boolean', default: false},
	stateDir: {type: 'string'},
	history: {type: 'boolean', default: true},
	report: {type: 'string'},
	since: {type: 'string'},
	check: {type: 'string'},
	concurrency: {type: 'number'},
	wait: {type: 'string'},
	debug: {type: 'boolean', default: false},
} as const;

// Before meow, whose own report of an unknown flag exits 2: CRITICAL to a Nagios caller of --once.
const flagProblem = findFlagProblem(withShortHelp(process.argv.slice(2)), flagSpec, {config: 'FILE', only: 'GLOB', group: 'GLOB', stateDir: 'DIR', report: 'FILE', since: 'MARKER', check: 'NAME', concurrency: 'N', wait: 'DURATION', theme: 'NAME'});
if (flagProblem !== undefined) {
	writeStderrLine(flagProblem);
	process.exit(3);
}

const cli = meow(`
	Usage
	  $ uptop [FILE]                 watch the checks in FILE (default ./checks.yaml)
	  $ uptop --demo                 start the built-in demo fleet and watch it
	  $ uptop --once [FILE]          run every check once, print a table, exit 0/1/2/3 (Nagios)
	  $ uptop --json [FILE]          NDJSON: one object per check with --once, else a stream of events
	  $ uptop validate [FILE]        check FILE and print "N checks OK" or its errors
	                                 (the first ${maxIssuesShown}, then how many more)
	  $ uptop init [FILE|DIR]        write a starter checks.yaml to edit (never over an existing file)
	  $ uptop mark [--config FILE] [--check NAME] "LABEL"   add a deploy marker the running instance shows
	                                 (--check: that check's deployment; the others keep their comparison)
	  $ uptop report [--config FILE] [--since MARKER]   Markdown release report to stdout
	                                 (MARKER: a marker's label, or a time: 2026-11-25T14:30Z,
	                                 2026-11-25 14:30 UTC; a time without a zone is UTC)

	Options
	  --config, -c FILE   the checks file (same as the FILE argument)
	  --demo              start the demo fleet (127.0.0.1:47800) and watch ./checks.yaml of uptop
	                      (when 47800 is in use, on another port, which uptop names)
	  --once              run every check once and exit with the worst state
	  --wait DURATION     with --once: run every check again (every 2s) until all are up in one
	                      round, at most DURATION (90s, 2m); then the last round's table and code.
	                      The last round is finished whole: up to DURATION plus a round: the longest
	                      of a check's timeout times (retries + 1), times the turns --concurrency makes
	  --json              machine-readable NDJSON on stdout
	  --only GLOB         only checks whose name matches (repeatable)
	  --group GLOB        only checks whose group matches (repeatable)
	  --no-color          no colours (also NO_COLOR=1)
	  --theme NAME        colours for the terminal's background: light, dark, or auto (the default:
	                      as COLORFGBG says, else as the terminal answers when asked for its
	                      background colour, else dark); also UPTOP_THEME=NAME
	  --ascii             only ASCII: symbols, sparklines, the --once table, plain lines
	                      (--json stays UTF-8)
	  --bell              ring the terminal bell when a check turns failing
	  --state-dir DIR     where history is kept (default $XDG_STATE_HOME/uptop)
	  --no-history        do not read or write the history file
	  --report FILE       write a Markdown release report to FILE on exit
	  --concurrency N     probes in flight at most (overrides \`concurrency:\` in the file;
	                      default: sized from the checks' answer times, at least 32)
	  --debug             print stack traces for uptop's own errors
	  --help, --version

	Exit codes
	  0 all up · 1 worst is slow or warn · 2 something failing · 3 unknown (bad config or flag, nothing ran,
	  or a plugin could not tell and nothing is failing)
	  validate: 0 valid, 1 invalid or unreadable, 3 a usage error (such as two files)
	  or its verdict could not be written (stdout on a full disk)
	  mark: 0 marker added (also when stdout cannot take the confirmation: it goes to stderr),
	  3 no marker added (bad input, or its history file cannot be written)
	  report: 0 written, 3 not (bad config, a --since no marker matches or a time after now,
	  or stdout on a full disk)
	  init: 0 written, 1 not (the file exists or cannot be written)
	  watching (no --once): 0 stopped by q or SIGTERM, 1 stdout (a log, --json) or the --report
	  FILE could not be written, or the history it is made from could not be written in full

${keymapHelpLines().map(line => `	${line}`).join('\n')}
`, {
	importMeta: import.meta,
	argv: joinDashValue(withShortHelp(process.argv.slice(2)), valueFlags(flagSpec)),
	flags: flagSpec,
	allowUnknownFlags: false,
});

const asked = helpAsked(withShortHelp(process.argv.slice(2)));
if (asked === 'help') cli.showHelp(0);
if (asked === 'version') cli.showVersion();

const {flags} = cli;
const subcommands = new Set(['validate', 'init', 'mark', 'report']);
/** What `uptop mark` printed, to say it on stderr when stdout cannot take it. */
let markConfirmation: string | undefined;
const [first, ...rest] = cli.input;
const subcommand = first !== undefined && subcommands.has(first) ? first : undefined;
const positional = subcommand === undefined ? cli.input : rest;

function bundledDemoConfig(): string {
	return fileURLToPath(new URL('../checks.yaml', import.meta.url));
}

function resolveConfigPath(): string {
	if (flags.demo) {
		return bundledDemoConfig();
	}

	return path.resolve(flags.config ?? (subcommand === 'mark' ? undefined : positional[0]) ?? 'checks.yaml');
}

function loadOrExit(file: string): Config {
	try {
		return loadConfig(file, {env: process.env});
	} catch (error) {
		if (error instanceof ConfigError) {
			writeStderrLine(formatConfigError(error, {color: false}));
			process.exit(3);
		}

		throw error;
	}
}

async function main(): Promise<number> {
	const io = {stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(forStderr(text))};
	if (flags.check !== undefined && subcommand !== 'mark') {
		writeStderrLine('uptop: --check goes with uptop mark (to choose which checks to watch, use --only)');
		return 3;
	}

	// The report is made from the history file of a running monitor: without one, --report would write nothing.
	if (flags.report !== undefined && subcommand === undefined && (flags.once || !flags.history)) {
		writeStderrLine(flags.once
			? 'uptop: --report goes with a running monitor (the live screen or the --json stream), not --once: it compares the results before and after a deploy marker'
			: 'uptop: --report is made from the history file, which --no-history turns off: drop one of them');
		return 3;
	}

	// Written when uptop exits: a CI job that watched a whole release must not learn only then that it cannot be.
	const reportProblem = flags.report !== undefined && subcommand === undefined ? reportFileProblem(flags.report) : undefined;
	if (reportProblem !== undefined) {
		writeStderrLine(`uptop: --report ${flags.report}: ${reportProblem}`);
		return 3;
	}

	if (!flags.history && (subcommand === 'mark' || subcommand === 'report')) {
		writeStderrLine(`uptop: --no-history goes with a running monitor, not with uptop ${subcommand}, which ${subcommand === 'mark' ? 'writes its marker to' : 'reads'} the history (--state-dir DIR names another directory)`);
		return 3;
	}

	if (flags.concurrency !== undefined && (subcommand === 'mark' || subcommand === 'report')) {
		writeStderrLine(`uptop: --concurrency goes with a running monitor (and validate, which judges it), not with uptop ${subcommand}`);
		return 3;
	}

	if (flags.concurrency !== undefined && !(Number.isInteger(flags.concurrency) && flags.concurrency >= 1 && flags.concurrency <= maxConcurrency)) {
		writeStderrLine(`uptop: --concurrency expects a whole number from 1 to ${maxConcurrency}, found ${typedValue('--concurrency') ?? flags.concurrency}`);
		return 3;
	}

	const commandFlagProblem = subcommandFlagProblem(process.argv.slice(2), subcommand);
	if (commandFlagProblem !== undefined) {
		writeStderrLine(commandFlagProblem);
		return 3;
	}

	if (flags.theme !== undefined && !isThemeName(flags.theme)) {
		writeStderrLine(themeProblem('--theme', flags.theme));
		return 3;
	}

	const waitProblem = flags.wait === undefined ? undefined : findWaitProblem(flags.wait);
	if (waitProblem !== undefined) {
		writeStderrLine(waitProblem);
		return 3;
	}

	if (subcommand === 'init') {
		if (positional.length > 1 || (positional.length === 1 && flags.config !== undefined)) {
			writeStderrLine(`uptop: init writes one file (got ${[flags.config, ...positional].filter(Boolean).join(', ')})`);
			return 3;
		}

		const {runInit} = await import('./modes/init.js');
		return runInit(path.resolve(flags.config ?? positional[0] ?? 'checks.yaml'), fileURLToPath(new URL('../schema/checks.schema.json', import.meta.url)), io);
	}

	const filters = {only: flags.only ?? [], group: flags.group ?? []};
	const usageProblem = positionalProblem();
	if (usageProblem !== undefined) {
		writeStderrLine(usageProblem.message);
		return usageProblem.code;
	}

	if (subcommand === 'validate') {
		return runValidate(resolveConfigPath(), {...io, ...(flags.concurrency === undefined ? {} : {concurrency: flags.concurrency}), ...(flags.stateDir === undefined ? {} : {stateDir: flags.stateDir})});
	}

	if (subcommand === 'mark' || subcommand === 'report') {
		const label = subcommand === 'mark' ? positional.join(' ') : undefined;
		const release = await import('./modes/release-commands.js');
		const write = subcommand === 'mark' ? (text: string) => {
			markConfirmation = text;
			io.stdout(text);
		} : io.stdout;
		return release.runReleaseCommand(subcommand, {configPath: resolveConfigPath(), label, checkName: flags.check, since: flags.since, stateDir: flags.stateDir, write, stderr: io.stderr, filters});
	}

	const configPath = resolveConfigPath();
	const isTerminal = process.stdout.isTTY === true && process.stdin.isTTY === true && process.env.TERM !== 'dumb';
	const isLive = !flags.once && !flags.json && isTerminal;
	// no-color.org: NO_COLOR set and not empty; an empty one (NO_COLOR= in a CI template) leaves colour on.
	const isColor = flags.color && isColourAllowed(process.env);
	// Only the live screen has colours, and only with colour on is there a palette to choose: a mistyped
	// UPTOP_THEME must not fail a Nagios caller of --once, nor a screen started with NO_COLOR.
	const themeChoice = isLive && isColor ? chooseBackground(flags.theme, process.env) : undefined;
	if (themeChoice !== undefined && 'problem' in themeChoice) {
		writeStderrLine(themeChoice.problem);
		return 3;
	}

	// The live screen's modules (Ink, React, yoga) start loading before the config is parsed: their files are
	// read off this thread meanwhile, instead of after it with the thread waiting (~5 ms of the first frame).
	const liveModule = isLive ? withoutGlobalFetch(async () => import('./modes/live.js')) : undefined;
	liveModule?.catch(() => undefined);
	const config = loadOrExit(configPath);
	// With colours to choose and nothing saying which, the terminal is asked for its background (OSC 11) while
	// the screen's modules load: after the config, so a bad one exits before an answer could land in the shell.
	// Not on the Linux console, which answers no OSC 11, would print the query's text, and is black.
	const backgroundAsk = isLive && isColor && isBackgroundLeftToTerminal(flags.theme, process.env) && process.env.TERM !== 'linux'
		? askTerminalBackground(process.stdin, process.stdout)
		: undefined;
	// An exit before the screen (a signal while asking, the demo fleet failing) waits for the answer too, for the same
	// reason, and hands the shell its terminal out of raw mode.
	if (backgroundAsk !== undefined) onCleanup(async () => backgroundAsk.finishBeforeExit());
	let checks: Check[] = selectChecks(config.checks, filters);
	const noMatch = noMatchMessage(config.checks, checks, filters, path.basename(config.file));
	let demo: DemoFleet | undefined;
	let demoNote: string | undefined;
	// Loaded only for --demo: it spawns the fleet, and node:child_process costs every other start ~5 ms.
	const demoModule = flags.demo ? await import('./runtime/demo-fleet.js') : undefined;
	if (demoModule) {
		const {demoPortNote, retargetDemoChecks, startDemoFleet} = demoModule;
		try {
			demo = await startDemoFleet();
			onCleanup(() => demo?.stop());
			checks = retargetDemoChecks(checks, demo.port);
			demoNote = demoPortNote(demo.port);
		} catch (error) {
			writeStderrLine(`uptop: cannot start the demo fleet: ${(error as Error).message}`);
			return 1;
		}
	}

	// Headless, on stderr like the other start-up notes (stdout keeps its format); the screen shows it in its banner.
	if (demoNote !== undefined && !isLive) writeStderrLine(`uptop: ${demoNote}`);

	if (noMatch !== undefined && !isLive) {
		// --once still prints its UNKNOWN line and exits 3; the stream modes would run with nothing to probe.
		writeStderrLine(`uptop: ${noMatch}`);
		if (!flags.once) return 3;
	}

	if (flags.once) {
		// Each mode is loaded only when used: the live screen never loads the probes on this thread (they run
		// in the worker), and the headless modes never load Ink and React.
		const [{runOnce}, {createMonitor}, {probeCheck}] = await Promise.all([import('./modes/once.js'), import('./monitor/monitor.js'), import('./probes/index.js')]);
		const concurrency = flags.concurrency ?? config.concurrency;
		const monitor = createMonitor({checks, probe: probeCheck, concurrency});
		const ascii = flags.ascii || isAsciiTerminal(process.stdout, process.env);
		// The value parses (checked in main() before anything ran). Progress goes to stderr, stdout stays --once's,
		// and stderr may be a terminal that cannot show UTF-8 while stdout is a file.
		const wait = flags.wait === undefined ? {} : {waitMs: parseDuration(flags.wait), progress: writeStderrLine, progressAscii: flags.ascii || isAsciiTerminal(process.stderr, process.env)};
		// The table fits the terminal it is written to; a file or pipe gets the 120 cells of a log line (the default).
		const columns = process.stdout.isTTY === true && process.stdout.columns > 0 ? {columns: process.stdout.columns} : {};
		return runOnce({checks, monitor, isJson: flags.json, write: io.stdout, concurrency, ascii, ...wait, ...columns});
	}

	const history = {isEnabled: flags.history, stateDir: flags.stateDir, reportFile: flags.report, filters};
	if (!isLive) {
		const {runStream, streamStdout} = await import('./modes/stream.js');
		// Plain lines can reach a terminal too (stdin not one, as in `uptop < /dev/null`, or TERM=dumb): one that
		// is not UTF-8 would show `→` and `—` as mojibake. A log file keeps them, as --once does.
		return runStream({config, checks, isJson: flags.json, write: streamStdout(flags.json), ascii: flags.ascii || isAsciiTerminal(process.stdout, process.env), history, filters, concurrency: flags.concurrency, adjustChecks: demoAdjust(demo, demoModule)});
	}

	const {runLive} = await liveModule!;
	const terminalBackground = await backgroundAsk?.background;
	// A signal came while the terminal was asked: its handler is restoring the terminal and exits with the signal's
	// code. A screen drawn now would flash up in the alternate screen after that restore, and a code returned from
	// here would cut the exit short.
	if (isExitUnderway()) return new Promise<never>(() => undefined);
	return runLive({
		config,
		checks,
		filters,
		...(noMatch === undefined ? {} : {notice: noMatch}),
		...(demoNote === undefined ? {} : {note: demoNote}),
		options: {color: isColor, ascii: flags.ascii || !isUtf8Locale(process.env), bell: flags.bell, background: terminalBackground ?? themeChoice?.background ?? 'dark'},
		history,
		concurrency: flags.concurrency,
		adjustChecks: demoAdjust(demo, demoModule),
		...(backgroundAsk === undefined ? {} : {afterScreen: async () => backgroundAsk.finishBeforeExit(), beforeSuspend: async () => backgroundAsk.awaitLateAnswer()}),
	});
}

/** With --demo, a reloaded config's checks go to the demo fleet's port as the first ones did. */
function demoAdjust(demo: DemoFleet | undefined, demoModule: typeof import('./runtime/demo-fleet.js') | undefined): ((checks: Check[]) => Check[]) | undefined {
	if (demo === undefined || demoModule === undefined) return undefined;
	return checks => demoModule.retargetDemoChecks(checks, demo.port);
}

/**
 * A mistyped command (`uptop valdate`), a second file (which would be lost behind the first), or no checks.yaml
 * where none was named (a newcomer's first run: the way to the demo).
 */
function positionalProblem(): {message: string; code: number} | undefined {
	const [file, ...extra] = positional;
	// Before the count of files: `uptop valdiate good.yaml` is a typo of a command, not two checks files.
	const command = mistypedCommand(file);
	if (command !== undefined) return {message: `uptop: no command or file \`${file}\`; did you mean \`uptop ${command}\`?`, code: 3};
	// `uptop --once --demo up.yaml` watched the demo and said nothing of the file.
	const ownFile = flags.config ?? (subcommand === 'mark' ? undefined : file);
	if (flags.demo && ownFile !== undefined) {
		return {message: `uptop: --demo watches the built-in demo fleet, not ${ownFile}: drop --demo to watch the file, or the file to watch the demo`, code: 3};
	}

	// `uptop mark other.yaml "deploy 1"`, as the other commands take a file: the marker "other.yaml deploy 1" went to ./checks.yaml's history.
	// A label that only looks like a file name (`uptop mark values.yaml bumped`) is a label.
	if (subcommand === 'mark' && file !== undefined && /\.ya?ml$/i.test(file) && existsSync(file)) {
		const label = extra.join(' ');
		return {message: `uptop: mark takes its label as words and the checks file with --config: uptop mark --config ${file}${label === '' ? ' LABEL' : ` ${JSON.stringify(label)}`}`, code: 3};
	}

	if (extra.length > 0 && subcommand !== 'mark') {
		return {message: `uptop: one checks file at a time (got ${positional.join(', ')}); list the others under include: in it`, code: 3};
	}

	// `uptop validate -c a.yaml b.yaml` read a.yaml, said "4 checks OK" and never looked at b.yaml.
	if (flags.config !== undefined && file !== undefined && subcommand !== 'mark' && path.resolve(flags.config) !== path.resolve(file)) {
		return {message: `uptop: one checks file at a time (got --config ${flags.config} and ${file}); give it once, as FILE or with --config`, code: 3};
	}

	const isDefaultPath = flags.config === undefined && (file === undefined || subcommand === 'mark') && !flags.demo;
	if (isDefaultPath && !existsSync('checks.yaml')) {
		// validate keeps its own code for a file it cannot read: 1, invalid.
		// `uptop --once --only fleet.yaml`: the file went to the flag as its pattern.
		const taken = [...(flags.only ?? []).map(value => ['--only', value] as const), ...(flags.group ?? []).map(value => ['--group', value] as const)]
			.find(([, value]) => /\.ya?ml$/i.test(value) && existsSync(value));
		const hint = taken === undefined
			? 'give the checks file (uptop path/to/checks.yaml or --config FILE), start one with uptop init, or watch the built-in demo: uptop --demo'
			: `${taken[0]} took ${taken[1]} as its pattern; to watch that file, put it first or use --config: uptop ${taken[1]} ${taken[0]} PATTERN`;
		const message = `uptop: no checks.yaml in ${process.cwd()}\n  hint: ${hint}`;
		return {message, code: subcommand === 'validate' ? 1 : 3};
	}

	return undefined;
}

/** Why `--report FILE` could not be written (into a temporary file beside it, then renamed), if it could not. */
function reportFileProblem(file: string): string | undefined {
	const target = path.resolve(file);
	try {
		if (statSync(target).isDirectory()) return `it is a directory; name a file in it, such as ${path.join(file, 'release-report.md')}`;
	} catch {
		// Not there yet: it is made at exit.
	}

	const readOnly = readOnlyReportProblem(target);
	if (readOnly !== undefined) return `${readOnly}; name another file, or make this one writable to replace it`;
	const directory = path.dirname(target);
	try {
		if (!statSync(directory).isDirectory()) return `${directory} is not a directory`;
		accessSync(directory, constants.W_OK);
	} catch (error) {
		return (error as {code?: string}).code === 'ENOENT' ? `its directory ${directory} does not exist` : `cannot write in ${directory} (${(error as {code?: string}).code ?? 'error'})`;
	}

	return undefined;
}

/** The command a first word that is neither a command nor a file was probably meant to be. */
function mistypedCommand(word: string | undefined): string | undefined {
	if (subcommand !== undefined || word === undefined || flags.config !== undefined || /[./\\]/.test(word) || existsSync(word)) return undefined;
	return didYouMean(word, [...subcommands]);
}

/** Why `--wait VALUE` cannot be used, if it cannot: it goes with --once, and waits longer than nothing. */
function findWaitProblem(value: string): string | undefined {
	if (!flags.once || subcommand !== undefined) return 'uptop: --wait goes with --once: uptop --once --wait 2m [FILE] runs every check until all are up, at most 2m';
	const duration = checkDuration(value);
	// `uptop --once --wait checks.yaml`: the file went to the flag as its value.
	if (!duration.ok && (/\.ya?ml$/i.test(value) || existsSync(value))) return `uptop: --wait took ${value} as its duration; give one before the file: uptop --once --wait 2m ${value}`;
	if (!duration.ok) return `uptop: --wait ${value}: ${duration.message}; ${duration.hint ?? 'write a duration such as 90s or 2m'}`;
	if (duration.ms <= 0) return `uptop: --wait ${value}: waits for nothing; write a duration longer than 0, such as 90s or 2m`;
	return undefined;
}

/** A flag's value as typed, for messages: meow has already made it a number (NaN for a word). */
function typedValue(flag: string): string | undefined {
	const args = process.argv.slice(2);
	for (const [index, arg] of args.entries()) {
		if (arg === flag) return args[index + 1];
		if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
	}

	return undefined;
}

// --once whose table could not be written: UNKNOWN, the caller got no result.
// A verdict that never reached its reader is no verdict: --once is UNKNOWN, and validate must not say 1, which
// means the config is invalid. A report that was not written is a report command that failed: 3, as its others.
// uptop mark prints only once its marker is in the history file: a confirmation stdout cannot take (a full disk) is
// no failure, and a deploy script that retried on one would add the marker twice. The confirmation goes to stderr.
installExitHandlers(subcommand === 'mark'
	? {debug: flags.debug, stdoutFailureCode: 0, describeStdoutFailure: reason => `uptop mark: ${markConfirmation?.trim() ?? 'marker added'}; stdout could not take this confirmation: ${reason}`}
	: {debug: flags.debug, stdoutFailureCode: flags.once || subcommand === 'validate' || subcommand === 'report' ? 3 : 1});
// From the start, not only once the probes run: a --once stopped while it loads has no result either.
if (flags.once) setSignalExit(flags.wait === undefined ? onceSignalExit : onceWaitSignalExit);

// Every mode ends here: cleanups (terminal, engine, child processes) run before anything is printed, and the
// exit is explicit so a stray handle can never keep uptop alive after it is done.
main().then(async code => exitAfterRun(code), async error => {
	await runCleanups();
	writeStderrLine(`uptop: ${(error as Error)?.message ?? String(error)}${flags.debug ? `\n${(error as Error)?.stack ?? ''}` : ' (run with --debug for details)'}`);
	process.exit(flags.once ? 3 : 1);
});
