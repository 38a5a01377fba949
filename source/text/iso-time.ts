/**
 * An ISO 8601 date, or date and time (`T` or a space between), with a zone or none: `2026-12-02`,
 * `2026-12-02T15:06:06.123456`, `2026-12-02 15:06:06Z`, `…+09:00`, `…+0900`, `…-05`, Ruby's `… UTC` and
 * `… +0900`, Java's `…+01:00[Europe/Paris]` and Go's `time.Time` as its String() writes it, `… +0000 UTC`,
 * `… -0500 EST m=+0.0012` and `… +0545 +0545` for a zone with no name (the offset decides; a fraction's digits
 * past the millisecond are dropped). Read here, not by Date.parse (a freshness field, `report --since`), which reads a time without a zone in uptop's own
 * zone (one endpoint up in UTC, 9 h stale in Tokyo) and takes days that do not exist (`2026-02-30`) and text after
 * the time.
 */
const isoTimestamp = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,30}))?)?(?: ?(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)(?: (?:[A-Z]{2,5}|[+-]\d{2}(?:\d{2})?))?(?:\[[\w/+-]{1,64}\])?(?: m=[+-]\d{1,12}(?:\.\d{1,12})?)?)?)?$/i;

/** A timestamp as read, and whether it named no zone (then it was read as UTC, which a freshness reason says). */
export type IsoTime = {readonly ms: number; readonly zoneless: boolean};

export function readIsoTime(text: string): IsoTime | undefined {
	const match = isoTimestamp.exec(text.trim());
	if (match === null) return undefined;
	const [, year, month, day, hours = '0', minutes = '0', seconds = '0', fraction = '', zone] = match;
	const date = new Date(0);
	date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
	if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
	// 24:00 is the end of a day in ISO 8601; 24:30 is no time.
	const endOfDay = Number(hours) === 24 && Number(minutes) === 0 && Number(seconds) === 0 && Number(fraction || '0') === 0;
	if ((Number(hours) > 23 && !endOfDay) || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
	const offsetMinutes = zone === undefined || !/^[+-]/.test(zone) ? 0 : offsetOf(zone);
	// Offsets in use run from −12:00 to +14:00; `+99:99` is no zone.
	if (Math.abs(offsetMinutes) > 14 * 60) return undefined;
	const timeMs = ((Number(hours) * 60 + Number(minutes) - offsetMinutes) * 60 + Number(seconds)) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
	// A date alone is UTC midnight in ISO 8601 as ECMAScript reads it; a time without a zone is read the same way.
	return {ms: date.getTime() + timeMs, zoneless: zone === undefined};
}

/** `+09:00`, `+0900`, `-05` → minutes east of UTC. */
function offsetOf(zone: string): number {
	const digits = zone.slice(1).replace(':', '');
	// `+05:99` is no offset: as many minutes as an hour has make the reader refuse it (above 14:00, readIsoTime).
	const minutes = Number(digits.slice(2) || '0') > 59 ? Number.POSITIVE_INFINITY : Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
	return zone.startsWith('-') ? -minutes : minutes;
}
