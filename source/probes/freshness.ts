import {stat} from 'node:fs/promises';
import {formatDuration} from '../config/duration.js';
import type {FreshnessCheck} from '../config/types.js';
import {atPath, getJson, type JsonReply, withBodyNotes} from './get-json.js';
import {jsonPreview} from './json-preview.js';
import {errorCode} from './net-reason.js';
import {openFilesReason} from './local-limits.js';
import {readIsoTime, type IsoTime} from '../text/iso-time.js';
import {abortedResult, failing, finish, reason, startClock} from './result.js';
import type {ProbeFunction, ProbeResult} from './types.js';

/**
 * 100 years of 365.25 days. Past this an age is no job's: a timestamp in the wrong unit or a made-up one (a
 * field of 1e22 read "115740740719952d 13h in the future"). A last success at the epoch (1970, a field of 0) still
 * reads in days.
 */
const agesWrittenOutSeconds = 36_525 * 86_400;

/**
 * "45s", "3m 10s", "2h 5m", "1d 2h": two units at most, to read at a glance; "more than 100 years" past that.
 * Seconds count under an hour: `maxAge: 90s` is common for a job every minute, and "1m ago" past it would
 * read as inside it.
 */
export function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds > agesWrittenOutSeconds) {
		return 'more than 100 years';
	}

	const pair = (big: number, bigUnit: string, small: number, smallUnit: string) => (small > 0 ? `${big}${bigUnit} ${small}${smallUnit}` : `${big}${bigUnit}`);
	if (seconds < 60) {
		return `${seconds}s`;
	}

	if (seconds < 3600) {
		return pair(Math.floor(seconds / 60), 'm', seconds % 60, 's');
	}

	if (seconds < 86_400) {
		return pair(Math.floor(seconds / 3600), 'h', Math.floor((seconds % 3600) / 60), 'm');
	}

	return pair(Math.floor(seconds / 86_400), 'd', Math.floor((seconds % 86_400) / 3600), 'h');
}

/**
 * The age that crossed a limit, for its reason. formatAge rounds down, so an age just past `maxAge: 20s` reads
 * `20s`, and `20s ago (max 20s)` as a failure looks like a rule of "under 20s"; the rule is "at most", so say "more than".
 */
function agePast(ageMs: number, limitMs: number): string {
	const age = formatAge(ageMs);
	return age === formatAge(limitMs) && !age.startsWith('more than') ? `last success more than ${age} ago` : `last success ${age} ago`;
}

/**
 * How far ahead of uptop's clock a last success may be and still read "just now": a file server's or a job's
 * clock a few seconds off. Further ahead, "just now" would hide that the time cannot be trusted (the job's clock
 * is ahead, or `field` names a next run), while the check stays up for as long as it is ahead.
 */
const futureToleranceMs = 60_000;

/** An epoch number, given as a JSON number or as digits in a string. */
function epochNumber(value: unknown): number | undefined {
	return typeof value === 'number' ? value : (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined);
}

function readTime(value: unknown): IsoTime | undefined {
	const numeric = epochNumber(value);
	if (numeric !== undefined) {
		// Below 1e11 it is seconds: 1e11 s is the year 5138, 1e11 ms is 1973. 0 is the epoch, a time like any other:
		// refused, a job that writes 0 for "never" would read "not a timestamp", which sends the reader to its format.
		return Number.isFinite(numeric) && numeric >= 0 ? {ms: numeric < 1e11 ? numeric * 1000 : numeric, zoneless: false} : undefined;
	}

	return typeof value === 'string' ? readIsoTime(value) : undefined;
}

/** ISO 8601 (a time without a zone read as UTC), epoch seconds or epoch milliseconds (as a number or a numeric string) → epoch ms. */
export function parseTimestamp(value: unknown): number | undefined {
	return readTime(value)?.ms;
}

/**
 * Epoch microseconds (1.7e15 now) and nanoseconds (1.7e18) are between 1e14 µs (1973) and 1e20 ns (5138); read as
 * milliseconds they are tens of thousands of years ahead, and the reason says which units are read.
 */
function looksFinerThanMs(value: unknown): boolean {
	const numeric = epochNumber(value);
	return numeric !== undefined && numeric >= 1e14 && numeric < 1e20;
}

export const probe: ProbeFunction<FreshnessCheck> = async (check, signal) => {
	const answered: {reply?: JsonReply} = {};
	const result = await measure(check, signal, async url => (answered.reply = await getJson(check, url, check.headers, signal)));
	// Every result read from the job status endpoint carries the notes of its body (a charset no decoder knows).
	return answered.reply === undefined ? result : withBodyNotes(result, answered.reply);
};

/** The check's result: from its file's time, or the timestamp `fetchStatus` reads from the job status endpoint. */
async function measure(check: FreshnessCheck, signal: AbortSignal, fetchStatus: (url: string) => Promise<JsonReply>): Promise<ProbeResult> {
	const clock = startClock();
	let lastSuccess: number | undefined;
	// What the reason adds when the field's value may have been read other than meant; empty for a file.
	let readNote = '';
	let futureCause = 'a wrong timestamp or clock';
	// The HTTP status of the job status endpoint, on every result read from it: --json's `status` is the HTTP status,
	// a judged age included; a file has none.
	let answered: {status?: number} = {};
	if (check.file !== undefined) {
		try {
			lastSuccess = (await stat(check.file)).mtimeMs;
		} catch (error) {
			const code = errorCode(error);
			if (code === 'EMFILE' || code === 'ENFILE') return failing(clock, check, openFilesReason(code));
			const message = code === 'ENOENT' ? `file not found: ${check.file}` : `cannot read ${check.file} (${code ?? String(error)})`;
			return failing(clock, check, reason(check, code === 'ENOENT' ? 'no_data' : 'unknown', message));
		}
	} else if (check.url !== undefined && check.field !== undefined) {
		const reply = await fetchStatus(check.url);
		if ('aborted' in reply) {
			return abortedResult(clock, check, signal, 'timeout:total', 'fetching job status');
		}

		const excerpt = reply.excerpt === undefined ? {} : {excerpt: reply.excerpt};
		if (!reply.ok) {
			return failing(clock, check, reply.reason, {...(reply.status === undefined ? {} : {status: reply.status}), ...excerpt});
		}

		if (reply.status < 200 || reply.status > 299) {
			const why = reason(check, 'expect:status', `HTTP ${reply.status} from job status endpoint`);
			return failing(clock, check, why, {status: reply.status, ...excerpt});
		}

		answered = {status: reply.status};
		const value = atPath(reply.json, check.field);
		if (value === undefined) {
			return failing(clock, check, reason(check, 'no_data', `field ${check.field} not found`), {status: reply.status});
		}

		// The field is there, with no time in it: what a job status endpoint says before the first success.
		if (value === null) {
			return failing(clock, check, reason(check, 'no_data', `field ${check.field} is null: no time of a last success (has the job never succeeded?)`), {status: reply.status});
		}

		const read = readTime(value);
		if (read === undefined) {
			const shown = typeof value === 'string' ? value.slice(0, 80) : jsonPreview(value, 80);
			return failing(clock, check, reason(check, 'expect:json', `field ${check.field} is not a timestamp: '${shown}'`), {status: reply.status});
		}

		lastSuccess = read.ms;
		// Only what readIsoTime let through, digits, -, :, T, space, . or ,: nothing to sanitize.
		if (read.zoneless) readNote = `${String(value).trim()} has no zone: read as UTC`;
		// Days stale says how long, not why: 0 is more often a job's "never" than a run in 1970.
		if (read.ms === 0) readNote = '0 is the epoch, 1970-01-01: has the job never succeeded?';
		if (looksFinerThanMs(value)) {
			futureCause = `${String(value).trim()} looks like epoch microseconds or nanoseconds; epoch seconds and milliseconds are read`;
		}
	} else {
		return failing(clock, check, reason(check, 'internal', 'freshness check needs url and field, or file'));
	}

	const ageMs = Date.now() - lastSuccess;
	// A clock a little ahead is normal (negative ageMs); a time further ahead than maxAge is no last success
	// this check can judge: read as "just now", a sentinel like 9999-12-31 would keep a dead job up for ever.
	// Said only when the result is not plainly up: a zone read wrong shows as an age hours off.
	const withZone = (text: string) => (readNote === '' ? text : `${text}; ${readNote}`);
	if (-ageMs > check.maxAgeMs) {
		const ahead = `${formatAge(-ageMs)} in the future (more than max ${formatDuration(check.maxAgeMs)} ahead of this clock: ${withZone(futureCause)})`;
		const why = check.file === undefined
			? reason(check, 'expect:json', `field ${check.field ?? ''} is ${ahead}`)
			: reason(check, 'unknown', `${check.file} was modified ${ahead}`);
		return failing(clock, check, why, {summary: `last success ${formatAge(-ageMs)} in the future`, ageMs: Math.round(ageMs), ...answered});
	}

	const summary = ageMs <= -futureToleranceMs
		? `last success ${formatAge(-ageMs)} in the future (a clock ahead?${readNote === '' ? '' : ` ${readNote}`})`
		: (ageMs < 1000 ? 'last success just now' : `last success ${formatAge(ageMs)} ago`);
	const age = {ageMs: Math.round(ageMs), ...answered};
	if (ageMs > check.maxAgeMs) {
		return failing(clock, check, reason(check, 'stale', `${agePast(ageMs, check.maxAgeMs)} (${withZone(`max ${formatDuration(check.maxAgeMs)}`)})`), {summary, ...age});
	}

	if (check.warnAgeMs !== undefined && ageMs > check.warnAgeMs) {
		const why = reason(check, 'stale', `${agePast(ageMs, check.warnAgeMs)} (${withZone(`warn after ${formatDuration(check.warnAgeMs)}, max ${formatDuration(check.maxAgeMs)}`)})`);
		return finish(clock, {outcome: 'warn', summary, reason: why, ...age});
	}

	return finish(clock, {outcome: 'up', summary, ...age});
}
