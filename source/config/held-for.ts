/**
 * How long a state held, to the second and in at most two units: `3s`, `1m 34s`, `2h 5m`, `3d 4h`. A log
 * line about a recovery needs more than the screen's `1m`: "failing for 1m" and "for 1m 59s" are not the same
 * outage in a postmortem.
 */
export function formatHeldFor(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	const units = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const;
	const index = units.findIndex(([, size]) => seconds >= size);
	if (index === -1) return '0s';
	const [unit, size] = units[index]!;
	const whole = Math.floor(seconds / size);
	const next = units[index + 1];
	const rest = next === undefined ? 0 : Math.floor((seconds % size) / next[1]);
	return rest === 0 || next === undefined ? `${whole}${unit}` : `${whole}${unit} ${rest}${next[0]}`;
}

/**
 * " after 1m 34s": how long the state a change left had held, the length of an outage when it ends; with how much
 * of it uptop was not running when a restart continued the state (" (1m 1s of it while uptop was stopped)"), so a
 * post-mortem does not quote an outage no one saw the whole of. Empty after pending. A change a reload of the check's
 * settings made ends in " (config changed)": the edit, not the target, may have ended the outage.
 */
export function heldForText(change: HeldChange): string {
	const configChanged = change.afterReload === true ? ' (config changed)' : '';
	const held = heldMs(change);
	if (held === undefined) return configChanged;
	const unwatched = change.unwatchedMs === undefined || change.unwatchedMs < 1000 ? '' : ` (${formatHeldFor(change.unwatchedMs)} of it while uptop was stopped)`;
	return ` after ${formatHeldFor(held)}${unwatched}${configChanged}`;
}

type HeldChange = {readonly at: number; readonly fromSince?: number; readonly fromHeldMs?: number; readonly unwatchedMs?: number; readonly afterReload?: true};

/**
 * How long the state a change left had held, ms; undefined after pending. The engine's measure (fromHeldMs, on the
 * monotonic clock) when it gave one: the difference of wall times is wrong across a wall-clock step.
 */
export function heldMs(change: HeldChange): number | undefined {
	if (change.fromSince === undefined) return undefined;
	return Math.max(0, change.fromHeldMs ?? change.at - change.fromSince);
}
