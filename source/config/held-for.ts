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
