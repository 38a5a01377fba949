import {readIsoTime} from '../text/iso-time.js';

/** `−05:00`, `+05:30`: minutes east of UTC as an offset, with the minus sign the report's other figures use. */
function offsetText(minutesEast: number): string {
	const sign = minutesEast < 0 ? '−' : '+';
	const minutes = Math.abs(minutesEast);
	return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A `--since` time written without a zone is UTC, the zone the report prints in; but a time copied off the screen
 * (local, unlabelled) or typed from a wall clock is local: west of UTC the window then starts hours early, with no
 * error. Said on stderr when this machine's zone differs at that time, with the line to write for local time.
 * Nothing for a time with its zone, a machine on UTC, or a `--since` the report took for a marker's label
 * (`isSinceTime` false: `--since 2026-12-02` may name the marker "2026-12-02 hotfix").
 */
export function zonelessSinceNote(since: string | undefined, isSinceTime: boolean): string | undefined {
	const time = since === undefined || !isSinceTime ? undefined : readIsoTime(since);
	if (time === undefined || !time.zoneless) return undefined;
	const minutesEast = -new Date(time.ms).getTimezoneOffset();
	if (minutesEast === 0) return undefined;
	const local = new Date(time.ms);
	const clock = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
	const written = since!.trim();
	// Written with an ASCII minus: the time reader takes `-05:00`, not `−05:00`.
	return `--since ${written} has no zone, so it was read as UTC (${clock} here, UTC${offsetText(minutesEast)}); for this machine's local time write "${written} ${offsetText(minutesEast).replace('−', '-')}"`;
}
