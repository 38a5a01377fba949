import path from 'node:path';
import type {Check, Config} from '../config/types.js';
import type {MonitorHandle} from '../monitor/types.js';
import type {AttachedHistory} from '../runtime/attach-history.js';
import {noMatchMessage, selectChecks, type CheckFilters} from './select-checks.js';

/** What a running mode keeps from its command line, to apply a reloaded config the same way as the first. */
export type ReloadSettings = {
	readonly filters: CheckFilters;
	/** `--concurrency`: wins over the file's `concurrency:`. */
	readonly concurrency?: number;
	/** The demo's retargeted port. */
	readonly adjustChecks?: (checks: Check[]) => Check[];
};

/**
 * Hands a reloaded config to a running engine: the checks `--only` / `--group` select (history kept by name),
 * the cap on probes in flight, and the history's secrets and report. Returns the checks now watched, the line
 * that says the reload was applied, and, when the filters match none of the checks, what to say.
 */
export function applyConfig(config: Config, monitor: Pick<MonitorHandle, 'send'>, history: AttachedHistory, settings: ReloadSettings): {checks: readonly Check[]; summary: string; notice?: string} {
	const selected = selectChecks(config.checks, settings.filters);
	const checks = settings.adjustChecks?.(selected) ?? selected;
	monitor.send({type: 'setChecks', checks});
	monitor.send({type: 'setConcurrency', concurrency: settings.concurrency ?? config.concurrency});
	history.setConfig(config);
	const name = path.basename(config.file);
	const summary = `${name} reloaded: ${checks.length} ${checks.length === 1 ? 'check' : 'checks'}`;
	const notice = noMatchMessage(config.checks, selected, settings.filters, name);
	return notice === undefined ? {checks, summary} : {checks, summary, notice};
}
