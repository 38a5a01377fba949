/**
 * Flags a command does nothing with, typed anyway, are refused rather than dropped: `uptop mark --group payments`
 * added a marker for every check, which reset every other group's before/after, and exited 0. The flags any
 * command takes (help, config, output and debugging ones) are not listed: only those that would change what it does.
 */
const takes: Readonly<Record<string, ReadonlySet<string>>> = {
	mark: new Set(['check', 'state-dir']),
	report: new Set(['since', 'only', 'group', 'state-dir']),
	validate: new Set(['concurrency', 'state-dir']),
	init: new Set([]),
};

/** The flags that decide what a command does, by the commands (or mode) they go with. */
const goesWith: Readonly<Record<string, string>> = {
	once: 'watching checks (uptop --once)',
	json: 'watching checks (uptop --json)',
	wait: 'uptop --once --wait',
	report: 'watching checks (uptop --report FILE)',
	bell: 'the live screen',
	theme: 'the live screen',
	since: 'uptop report',
	check: 'uptop mark',
	only: 'watching checks or uptop report',
	group: 'watching checks or uptop report',
	concurrency: 'watching checks or uptop validate',
	'state-dir': 'watching checks, uptop mark, uptop report and uptop validate',
};

/** The first flag in `argv` (before a `--`) that `subcommand` does not take, said as an error; undefined when none. */
export function subcommandFlagProblem(argv: readonly string[], subcommand: string | undefined): string | undefined {
	const accepted = subcommand === undefined ? undefined : takes[subcommand];
	if (accepted === undefined) return undefined;
	for (const argument of argv) {
		if (argument === '--') break;
		// `--stateDir`, which the flag parser takes too, as `--state-dir`.
		const name = /^--([A-Za-z][A-Za-z-]*)/.exec(argument)?.[1]?.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
		if (name === undefined || accepted.has(name) || goesWith[name] === undefined) continue;
		// A marker names no set of checks: every check, or the one --check names.
		const why = subcommand === 'mark' && (name === 'only' || name === 'group')
			? 'a marker is for every check, or for one with --check NAME (--only and --group choose the checks to watch or report)'
			: `it goes with ${goesWith[name]}`;
		return `uptop ${subcommand}: --${name} does not go with ${subcommand}: ${why}`;
	}

	return undefined;
}
