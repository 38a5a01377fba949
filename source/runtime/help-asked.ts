/**
 * `help` or `version` when `--help` or `--version` is among the flags (before a `--`), wherever it stands.
 * meow answers them only when they are the one argument, so `uptop init --help` wrote a checks.yaml,
 * `uptop mark "deploy 1.5" --help` added a marker to the running release's history and `uptop --once --help`
 * probed every check: a person asking how a command works must not have it run.
 */
export function helpAsked(argv: readonly string[]): 'help' | 'version' | undefined {
	for (const argument of argv) {
		if (argument === '--') return undefined;
		if (argument === '--help') return 'help';
		if (argument === '--version') return 'version';
	}

	return undefined;
}
