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

/**
 * `-h` as `--help`, up to a `--`: the short form people type first (`uptop -h`) was refused as an unknown flag. No
 * other flag of uptop's is `-h`.
 */
export function withShortHelp(argv: readonly string[]): string[] {
	const end = argv.indexOf('--');
	return argv.map((argument, index) => (argument === '-h' && (end === -1 || index < end) ? '--help' : argument));
}
