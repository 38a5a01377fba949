import path from 'node:path';
import {escapeControls, formatLocation, type ConfigError} from '../config/config-error.js';
import type {Check, Config} from '../config/types.js';
import {displayCheck} from '../monitor/display-check.js';
import {checkSettings} from '../monitor/check-settings.js';
import type {MonitorHandle} from '../monitor/types.js';
import type {AttachedHistory} from '../runtime/attach-history.js';
import {noMatchMessage, selectChecks, type CheckFilters} from './select-checks.js';
import {listFirst} from '../config/list-first.js';
import {forRunningInstance, oneLineHint} from './reload-hints.js';

/** What a running mode keeps from its command line, to apply a reloaded config the same way as the first. */
export type ReloadSettings = {
	readonly filters: CheckFilters;
	/** `--concurrency`: wins over the file's `concurrency:`. */
	readonly concurrency?: number;
	/** The demo's retargeted port. */
	readonly adjustChecks?: (checks: Check[]) => Check[];
};

/** Names listed per kind of change before the rest are counted: the line is one line of the screen. */
const namesShown = 3;

/** A check's name as every output shows it: a part from `${NAME}` is `••••`. */
const shownName = (check: Check): string => displayCheck(check).name;

/**
 * What a reload changed among the watched checks (by name, a check's identity): `added api created; removed
 * api never; changed db`, or `no check changed` when the save changed none of them (a comment, a cap).
 */
export function describeChanges(previous: readonly Check[], next: readonly Check[]): string {
	const before = new Map(previous.map(check => [check.id, check] as const));
	const nextIds = new Set(next.map(check => check.id));
	const added = next.filter(check => !before.has(check.id)).map(shownName);
	const removed = previous.filter(check => !nextIds.has(check.id)).map(shownName);
	const changed = next.filter(check => before.has(check.id) && checkSettings(before.get(check.id)!) !== checkSettings(check)).map(shownName);
	const parts = [
		...(added.length > 0 ? [`added ${listFirst(added, namesShown)}`] : []),
		...(removed.length > 0 ? [`removed ${listFirst(removed, namesShown)}`] : []),
		...(changed.length > 0 ? [`changed ${listFirst(changed, namesShown)}`] : []),
	];
	return parts.length > 0 ? parts.join('; ') : 'no check changed';
}

/**
 * Hands a reloaded config to a running engine: the checks `--only` / `--group` select (history kept by name),
 * the cap on probes in flight, and the history's secrets and report. Returns the checks now watched, the line
 * that says the reload was applied and what it changed against `previous` (the checks watched until now), and,
 * when the filters match none of the checks, what to say.
 */
export function applyConfig(config: Config, previous: readonly Check[], monitor: Pick<MonitorHandle, 'send'>, history: AttachedHistory, settings: ReloadSettings): {checks: readonly Check[]; summary: string; notice?: string} {
	const selected = selectChecks(config.checks, settings.filters);
	const checks = settings.adjustChecks?.(selected) ?? selected;
	monitor.send({type: 'setChecks', checks});
	monitor.send({type: 'setConcurrency', concurrency: settings.concurrency ?? config.concurrency});
	history.setConfig(config);
	const name = path.basename(config.file);
	const summary = `${name} reloaded: ${checks.length} ${checks.length === 1 ? 'check' : 'checks'} (${describeChanges(previous, checks)})`;
	const notice = noMatchMessage(config.checks, selected, settings.filters, name);
	return notice === undefined ? {checks, summary} : {checks, summary, notice};
}

/**
 * The one banner line for an edit that was not taken: where, what and the hint of the first error, and how
 * many there are, so that fixing the one shown and saving again is not taken for fixing the file.
 */
export function reloadErrorNotice(error: ConfigError): string {
	const first = forRunningInstance(error).issues[0];
	const count = error.issues.length;
	const head = count > 1 ? `config not reloaded (1 of ${count} errors)` : 'config not reloaded';
	if (first === undefined) return `${head}: ${error.message}`;
	const hint = first.hint === undefined ? undefined : oneLineHint(first.hint);
	return escapeControls(`${head}: ${formatLocation(first)}: ${first.message}${hint ? `; hint: ${hint}` : ''}`);
}
