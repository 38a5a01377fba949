import {describe, expect, it} from 'vitest';
import {findFlagProblem, joinDashValue, valueFlags} from '../../source/runtime/flag-problems.js';

const spec = {
	config: {type: 'string', shortFlag: 'c'},
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	only: {type: 'string'},
	history: {type: 'boolean'},
	stateDir: {type: 'string'},
	concurrency: {type: 'number'},
} as const;
const placeholders = {config: 'FILE', only: 'GLOB', stateDir: 'DIR', concurrency: 'N'};
const problem = (...argv: string[]) => findFlagProblem(argv, spec, placeholders);

describe('findFlagProblem', () => {
	it('accepts known flags in every spelling meow reads, values included', () => {
		expect(problem('--once', '--json', 'checks.yaml')).toBeUndefined();
		expect(problem('--no-history', '--state-dir', '/tmp/x', '-c', 'a.yaml', '--concurrency=8')).toBeUndefined();
		expect(problem('--stateDir=/tmp/y', '--config=a.yaml')).toBeUndefined();
		expect(problem('--help')).toBeUndefined();
		// A value that starts with a dash belongs to the flag before it; a negative number is not a flag.
		expect(problem('--only', '-canary', '--concurrency', '-1')).toBeUndefined();
		// After `--` nothing is a flag.
		expect(problem('--', '--weird')).toBeUndefined();
	});

	it('names an unknown flag with the flag it most likely meant', () => {
		expect(problem('--once', '--jsn')).toBe('uptop: unknown flag --jsn; did you mean --json? (uptop --help lists them)');
		expect(problem('--no-histroy')).toBe('uptop: unknown flag --no-histroy; did you mean --no-history? (uptop --help lists them)');
		expect(problem('--conc', '3')).toBe('uptop: unknown flag --conc; did you mean --concurrency? (uptop --help lists them)');
		expect(problem('--bogus')).toBe('uptop: unknown flag --bogus (uptop --help lists them)');
		expect(problem('-x')).toBe('uptop: unknown flag -x (uptop --help lists them)');
	});

	it('refuses a flag that needs a value and has none, or whose next word is another flag', () => {
		expect(problem('--only')).toBe('uptop: --only needs a value (--only GLOB)');
		expect(problem('--state-dir', '--once')).toBe('uptop: --state-dir needs a value (--state-dir DIR)');
		expect(problem('--config=')).toBe('uptop: --config needs a value (--config FILE)');
		expect(problem('-c')).toBe('uptop: -c needs a value (-c FILE)');
		expect(problem('--concurrency', '--', 'x')).toBe('uptop: --concurrency needs a value (--concurrency N)');
	});
});

describe('joinDashValue', () => {
	it('refuses a flag that takes one value given twice, in any spelling, and lets one that takes many repeat', () => {
		// meow threw "can only be set once" with a stack trace, exit 1: a wrapper that adds --state-dir broke so.
		expect(problem('--state-dir', 'a', '--state-dir', 'b')).toBe('uptop: --state-dir is given twice (once before); it takes one value, so give it once');
		expect(problem('-c', 'a.yaml', '--config=b.yaml')).toBe('uptop: --config is given twice (as -c before); it takes one value, so give it once');
		expect(problem('--stateDir=a', '--once', '--state-dir', 'b')).toBe('uptop: --state-dir is given twice (as --stateDir before); it takes one value, so give it once');
		expect(findFlagProblem(['--only', 'a', '--only', 'b', '--once', '--once'], {...spec, only: {type: 'string', isMultiple: true}})).toBeUndefined();
	});

	it('gives a value that starts with one dash to its flag, so meow does not read it as flags', () => {
		expect(joinDashValue(['--once', '--wait', '-5s', 'a.yaml'], '--wait')).toEqual(['--once', '--wait=-5s', 'a.yaml']);
		expect(joinDashValue(['--wait', '2m', '--once'], '--wait')).toEqual(['--wait', '2m', '--once']);
		expect(joinDashValue(['--wait', '--once'], '--wait')).toEqual(['--wait', '--once']);
		expect(joinDashValue(['--', '--wait', '-5s'], '--wait')).toEqual(['--', '--wait', '-5s']);
	});

	it('does so for every flag that takes a value, in every spelling, and leaves the others alone', () => {
		const flags = valueFlags(spec);
		expect(flags).toEqual(['--config', '-c', '--only', '--state-dir', '--stateDir', '--concurrency']);
		expect(joinDashValue(['--once', '-c', '-staging.yaml', '--state-dir', '-d', '--concurrency', '-3', '--json', '-x'], flags))
			.toEqual(['--once', '-c=-staging.yaml', '--state-dir=-d', '--concurrency=-3', '--json', '-x']);
	});
});
