import {didYouMean} from '../config/did-you-mean.js';

type FlagSpec = Readonly<Record<string, {readonly type: string; readonly shortFlag?: string; readonly isMultiple?: boolean}>>;

const kebab = (name: string): string => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

/** A flag cut short (`--conc`) is the one it begins; otherwise the closest by spelling, negations with negations. */
function suggestFlag(name: string, known: readonly string[]): string | undefined {
	const sameKind = known.filter(candidate => candidate.startsWith('no-') === name.startsWith('no-'));
	const extended = sameKind.filter(candidate => candidate.startsWith(name));
	return extended.length === 1 ? extended[0] : didYouMean(name, sameKind);
}

/**
 * The first flag in `argv` that `spec` does not define (with a suggestion), that needs a value and has none, or
 * that takes one value and is given twice (meow threw a stack trace, exit 1, for a wrapper script's `--state-dir`
 * beside the caller's); undefined when there is no such flag. meow's own report ("Unknown flag") exits 2, which
 * under `--once` is Nagios for CRITICAL: a typo in a cron line would page someone about a service that is fine. A
 * usage error is UNKNOWN (3), like a bad config. A value-less `--report` had started the monitor with an empty file
 * name.
 */
export function findFlagProblem(argv: readonly string[], spec: FlagSpec, placeholders: Readonly<Record<string, string>> = {}): string | undefined {
	const longNames = new Map<string, string>();
	const shortNames = new Map<string, string>();
	const placeholderOf = new Map<string, string>();
	// Every spelling of a flag that takes one value, to its name in `spec`: `-c` and `--config` are one flag.
	const singleValued = new Map<string, string>();
	for (const [name, flag] of Object.entries(spec)) {
		longNames.set(kebab(name), flag.type);
		longNames.set(name, flag.type);
		if (flag.type === 'boolean') longNames.set(`no-${kebab(name)}`, 'boolean');
		if (flag.shortFlag) shortNames.set(flag.shortFlag, flag.type);
		for (const alias of [name, kebab(name), flag.shortFlag]) {
			if (alias !== undefined && placeholders[name] !== undefined) placeholderOf.set(alias, placeholders[name]);
			if (alias !== undefined && flag.type !== 'boolean' && !flag.isMultiple) singleValued.set(alias, name);
		}
	}

	const given = new Map<string, string>();

	for (const name of ['help', 'version']) longNames.set(name, 'boolean');
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--') break;
		if (!argument.startsWith('-') || argument === '-' || /^-\d/.test(argument)) continue;
		const isLong = argument.startsWith('--');
		const name = argument.slice(isLong ? 2 : 1).split('=')[0]!;
		const type = isLong ? longNames.get(name) : shortNames.get(name);
		if (type === undefined) {
			const suggestion = isLong ? suggestFlag(name, [...longNames.keys()].filter(candidate => !/[A-Z]/.test(candidate))) : undefined;
			return `uptop: unknown flag ${isLong ? '--' : '-'}${name}${suggestion ? `; did you mean --${suggestion}?` : ''} (uptop --help lists them)`;
		}

		if (type === 'boolean') continue;
		const flag = `${isLong ? '--' : '-'}${name}`;
		const hasInlineValue = argument.includes('=');
		const value = hasInlineValue ? argument.slice(argument.indexOf('=') + 1) : argv[index + 1];
		// `--report --once`: the word after is a flag of uptop's, not the value.
		const isValueAFlag = !hasInlineValue && value !== undefined && value.startsWith('--') && (value === '--' || longNames.has(value.slice(2).split('=')[0]!));
		if (value === undefined || value === '' || isValueAFlag) {
			return `uptop: ${flag} needs a value${placeholderOf.has(name) ? ` (${flag} ${placeholderOf.get(name)})` : ''}`;
		}

		const once = singleValued.get(name);
		if (once !== undefined) {
			const earlier = given.get(once);
			if (earlier !== undefined) return `uptop: ${flag} is given twice (${earlier === flag ? 'once before' : `as ${earlier} before`}); it takes one value, so give it once`;
			given.set(once, flag);
		}

		// The next word is this flag's value, not a flag of its own (`--only -canary`).
		if (!hasInlineValue) index++;
	}

	return undefined;
}

/** Every spelling of the flags in `spec` that take a value: `--state-dir`, `--stateDir`, `-c`. */
export function valueFlags(spec: FlagSpec): string[] {
	return Object.entries(spec).filter(([, flag]) => flag.type !== 'boolean').flatMap(([name, flag]) => [
		`--${kebab(name)}`, ...(kebab(name) === name ? [] : [`--${name}`]), ...(flag.shortFlag === undefined ? [] : [`-${flag.shortFlag}`]),
	]);
}

/**
 * `--wait -5s` → `--wait=-5s`: meow reads a word that starts with `-` as flags of its own ("Unknown flag", exit
 * 2: CRITICAL to a Nagios caller), so a negative duration would never reach the check that explains it, and
 * `--report -x.md` or `-c -staging.yaml` never reached uptop at all. `flag`: one flag or every flag that takes a value.
 */
export function joinDashValue(argv: readonly string[], flag: string | readonly string[]): string[] {
	const flags = new Set(typeof flag === 'string' ? [flag] : flag);
	const joined: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--') return [...joined, ...argv.slice(index)];
		const value = argv[index + 1];
		if (flags.has(argument) && value !== undefined && value.startsWith('-') && !value.startsWith('--')) {
			joined.push(`${argument}=${value}`);
			index++;
		} else {
			joined.push(argument);
		}
	}

	return joined;
}
