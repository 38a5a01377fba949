/**
 * `--since` as a time: ISO 8601 (`2026-11-25T14:30Z`, `2026-11-25T15:30+01:00`) or the report's own
 * `2026-11-25 14:30:00 UTC`, copied from a report. A time without a zone is UTC, the zone the report prints
 * every time in: read in the machine's zone, the same text would start the window hours apart from one
 * machine to the next, or be refused as after now.
 */
const sinceTime = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})?)?$/i;

/** The time `text` names, in ms since the epoch; undefined when it is not such a time (then it is a marker's label). */
export function parseSinceTime(text: string): number | undefined {
	const match = sinceTime.exec(text);
	if (!match) return undefined;
	const [, date, time = '00:00', zone = 'Z'] = match as unknown as [string, string, string | undefined, string | undefined];
	const offset = /^(z|utc)$/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
	const at = Date.parse(`${date}T${time}${offset}`);
	return Number.isNaN(at) ? undefined : at;
}
