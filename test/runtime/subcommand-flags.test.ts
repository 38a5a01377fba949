import {describe, expect, it} from 'vitest';
import {subcommandFlagProblem} from '../../source/runtime/subcommand-flags.js';

describe('subcommandFlagProblem', () => {
	it.each([
		// A deploy script's `mark --group payments` marked every check, and reset every other group's comparison.
		[['mark', '--group', 'payments', 'helm upgrade'], 'mark', 'uptop mark: --group does not go with mark: a marker is for every check, or for one with --check NAME (--only and --group choose the checks to watch or report)'],
		[['mark', '--only=x', 'deploy'], 'mark', 'uptop mark: --only does not go with mark: a marker is for every check, or for one with --check NAME (--only and --group choose the checks to watch or report)'],
		[['mark', '--since', 'x', 'deploy'], 'mark', 'uptop mark: --since does not go with mark: it goes with uptop report'],
		[['mark', '--once', 'deploy'], 'mark', 'uptop mark: --once does not go with mark: it goes with watching checks (uptop --once)'],
		[['report', '--once'], 'report', 'uptop report: --once does not go with report: it goes with watching checks (uptop --once)'],
		[['validate', '--json', 'checks.yaml'], 'validate', 'uptop validate: --json does not go with validate: it goes with watching checks (uptop --json)'],
		[['init', '--group', 'x'], 'init', 'uptop init: --group does not go with init: it goes with watching checks or uptop report'],
		[['init', '--stateDir', 'st'], 'init', 'uptop init: --state-dir does not go with init: it goes with watching checks, uptop mark, uptop report and uptop validate'],
	])('refuses %j', (argv, subcommand, message) => {
		expect(subcommandFlagProblem(argv, subcommand)).toBe(message);
	});

	it.each([
		[['mark', '--config', 'c.yaml', '--check', 'orders api', '--state-dir', 'st', 'deploy 1.5'], 'mark'],
		[['mark', '-c', 'c.yaml', '--ascii', '--no-color', '--debug', 'deploy'], 'mark'],
		[['report', '--since', 'deploy', '--only', 'orders*', '--group', 'jobs', '--state-dir', 'st'], 'report'],
		[['validate', '--concurrency', '8', '--state-dir', 'st', 'checks.yaml'], 'validate'],
		// A label that looks like a flag, after `--`, is the label.
		[['mark', '--', '--group'], 'mark'],
		[['--once', '--group', 'x'], undefined],
	])('lets %j through', (argv, subcommand) => {
		expect(subcommandFlagProblem(argv, subcommand)).toBeUndefined();
	});
});
