import type {CheckFilters} from './select-checks.js';
import {runMark} from './mark.js';
import {runReport} from './report.js';

export type ReleaseCommandOptions = {
	readonly configPath: string;
	readonly label?: string;
	/** `uptop mark --check NAME`. */
	readonly checkName?: string;
	readonly since?: string;
	readonly stateDir?: string;
	/** `--only` / `--group`, for the report. */
	readonly filters: CheckFilters;
	readonly write: (text: string) => void;
	/** Where errors and notes go (process.stderr when not given). */
	readonly stderr?: (text: string) => void;
};

/** `uptop mark` and `uptop report`, loaded only when asked for. */
export async function runReleaseCommand(kind: 'mark' | 'report', options: ReleaseCommandOptions): Promise<number> {
	if (kind === 'mark') {
		return runMark({configPath: options.configPath, label: options.label ?? '', stateDir: options.stateDir, stdout: options.write, ...(options.stderr === undefined ? {} : {stderr: options.stderr}), ...(options.checkName === undefined ? {} : {checkName: options.checkName})});
	}

	return runReport({configPath: options.configPath, since: options.since, stateDir: options.stateDir, stdout: options.write, ...(options.stderr === undefined ? {} : {stderr: options.stderr}), filters: options.filters});
}
