import {isDecimalText} from '../../config/decimal-text.js';
import type {HttpExpect, StatusRange} from '../../config/types.js';
import {jsonPreview} from '../json-preview.js';
import {matchText, matchingTimeoutWords, tooSlowMessage, type TextMatcher} from '../text-match.js';
import type {Reason} from '../types.js';
import {valueAtPath, type BodyView} from './body.js';
import {exactInteger, isBeyondDouble, jsonTextAtPath} from './json-number-text.js';
import type {ResponseHeaders} from './exchange.js';
import {clean, headerText} from './text.js';
import type {Secret} from '../../config/types.js';

export function statusMatches(status: number, ranges: readonly StatusRange[]): boolean {
	return ranges.length === 0 || ranges.some(range => status >= range.min && status <= range.max);
}

function formatRange(range: StatusRange): string {
	if (range.min === range.max) {
		return String(range.min);
	}

	if (range.min % 100 === 0 && range.max === range.min + 99) {
		return `${range.min / 100}xx`;
	}

	return `${range.min}-${range.max}`;
}

/** `[{200,200},{204,204}]` → "200 or 204"; `[{200,299}]` → "2xx". */
export function formatStatusRanges(ranges: readonly StatusRange[]): string {
	const parts = ranges.map(range => formatRange(range));
	return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)!}`;
}

export function statusReason(status: number, ranges: readonly StatusRange[], secrets: readonly Secret[]): Reason {
	return {code: 'expect:status', message: clean(`status ${status}, expected ${formatStatusRanges(ranges)}`, secrets)};
}

function show(value: unknown): string {
	if (typeof value === 'number' && !Number.isFinite(value)) {
		return `${value} (a number too large to read)`;
	}

	if (typeof value !== 'string') {
		return jsonPreview(value, 60);
	}

	return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of the body's value at a path, read only when a comparison needs its digits (json-number-text.ts). */
type TextAt = () => string | undefined;

/**
 * An integer expected beyond what a double holds, or a body's integer beyond it, compared digit for digit:
 * 9007199254740993 is not 9007199254740992, though both read as the same double. Undefined where doubles are exact
 * (the comparison below decides).
 */
function integersEqual(expected: unknown, actual: unknown, textAt: TextAt): boolean | undefined {
	if (typeof actual !== 'number' || !Number.isFinite(actual)) return undefined;
	const wanted = typeof expected === 'string' && isDecimalText(expected) ? exactInteger(expected) : typeof expected === 'number' && Number.isInteger(expected) ? exactInteger(String(expected)) : undefined;
	if (wanted === undefined) return undefined;
	if (!isBeyondDouble(wanted) && Number.isSafeInteger(actual)) return undefined;
	const text = textAt();
	// The body's number is no integer (`9007199254740993.5`), or too large to build: it is not the one expected.
	const got = text === undefined ? undefined : exactInteger(text);
	return got !== undefined && got === wanted;
}

function primitiveEqual(expected: unknown, actual: unknown, textAt: TextAt): boolean {
	const exact = integersEqual(expected, actual, textAt);
	if (exact !== undefined) {
		return exact;
	}

	if (expected === actual) {
		return true;
	}

	// YAML `version: 2` should match JSON "2" and the reverse: configs are written by people.
	const primitive = (value: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof value);
	if (primitive(expected) && primitive(actual) && String(expected) === String(actual)) {
		return true;
	}

	// A number written `2.0` or `1.10` reaches here as that text (the config keeps its digits, so that `1.10`
	// is not the version 1.1): it matches the JSON string written the same, and the JSON number of its value.
	return typeof expected === 'string' && typeof actual === 'number' && isDecimalText(expected) && Number(expected) === actual;
}

/**
 * Whether `actual` is written as the JSON text of `expected` is (the same keys in the same order), without
 * writing either out: the walk goes no deeper than the config's value, however deep the body nests.
 */
function sameJson(expected: unknown, actual: unknown): boolean {
	if (Array.isArray(expected)) {
		return Array.isArray(actual) && actual.length === expected.length && expected.every((item, index) => sameJson(item, actual[index]));
	}

	if (isPlainObject(expected)) {
		if (!isPlainObject(actual)) {
			return false;
		}

		const keys = Object.keys(expected);
		const actualKeys = Object.keys(actual);
		return keys.length === actualKeys.length && keys.every((key, index) => actualKeys[index] === key && sameJson(expected[key], actual[key]));
	}

	return (typeof actual !== 'object' || actual === null) && JSON.stringify(expected) === JSON.stringify(actual);
}

/**
 * The first place where `actual` does not contain `expected`, as "path: expected X, got Y". `segments`: the path's
 * keys (a nested expectation's key may hold a dot), `bodyText` the JSON they are read from.
 */
function jsonDifference(path: string, segments: readonly string[], expected: unknown, actual: {found: true; value: unknown} | {found: false}, bodyText: string): string | undefined {
	if (!actual.found) {
		return `json ${path}: expected ${show(expected)}, got nothing (missing)`;
	}

	if (isPlainObject(expected)) {
		if (!isPlainObject(actual.value)) {
			return `json ${path}: expected an object, got ${show(actual.value)}`;
		}

		for (const [key, value] of Object.entries(expected)) {
			const inner = Object.hasOwn(actual.value, key) ? {found: true as const, value: actual.value[key]} : {found: false as const};
			const difference = jsonDifference(`${path}.${key}`, [...segments, key], value, inner, bodyText);
			if (difference) {
				return difference;
			}
		}

		return undefined;
	}

	if (Array.isArray(expected)) {
		return sameJson(expected, actual.value) ? undefined : `json ${path}: expected ${show(expected)}, got ${show(actual.value)}`;
	}

	let text: string | undefined;
	const textAt = () => (text ??= jsonTextAtPath(bodyText, segments));
	if (primitiveEqual(expected, actual.value, textAt)) return undefined;
	// `expected null, got null` would not say that the body holds the text "null", not JSON null; `got
	// 9007199254740992` would not say that the body holds 9007199254740993: its digits, as written.
	const got = expected === null && typeof actual.value === 'string' && actual.value.trim() === 'null' ? `"${actual.value}" (text)`
		: text !== undefined && exactInteger(text) !== undefined ? text
		: show(actual.value);
	return `json ${path}: expected ${show(expected)}, got ${got}`;
}

function describe(matcher: TextMatcher): string {
	return 'substring' in matcher ? `"${show(matcher.substring)}"` : `/${matcher.regex}/${matcher.flags}`;
}

/** A regular expression was still running when the probe's signal aborted: `words` say which one. */
export type AbortedMatch = {readonly abortedWhile: string};

/**
 * Checks headers, body and JSON expectations (status is checked before the body is read). Returns the
 * first failure, saying exactly what differed, or undefined when everything matched.
 */
export async function failedExpectation(expect: HttpExpect, headers: ResponseHeaders, body: BodyView, secrets: readonly Secret[], signal: AbortSignal): Promise<Reason | AbortedMatch | undefined> {
	const fail = (code: Reason['code'], message: string): Reason => ({code, message: clean(message, secrets)});
	for (const [name, matcher] of Object.entries(expect.header ?? {})) {
		const value = headerText(headers[name.toLowerCase()]);
		if (value === undefined) {
			return fail('expect:header', `header ${name}: missing, expected ${describe(matcher)}`);
		}

		const match = await matchText(value, matcher, signal);
		if (match === 'aborted') {
			return {abortedWhile: `${matchingTimeoutWords(matcher)} against header ${name}`};
		}

		if (match === 'too_slow') {
			return fail('expect:header', `header ${name}: ${tooSlowMessage(matcher)}`);
		}

		if (match === 'no_match') {
			const verb = 'substring' in matcher ? 'to contain' : 'to match';
			return fail('expect:header', `header ${name}: expected ${verb} ${describe(matcher)}, got "${show(value)}"`);
		}
	}

	const bodyMatch = expect.body ? await matchText(body.text, expect.body, signal) : 'match';
	if (bodyMatch === 'aborted') {
		return {abortedWhile: `${matchingTimeoutWords(expect.body!)} against the body`};
	}

	if (bodyMatch === 'too_slow') {
		return fail('expect:body', `body: ${tooSlowMessage(expect.body!)}`);
	}

	if (bodyMatch === 'no_match') {
		const verb = 'substring' in expect.body! ? 'does not contain' : 'does not match';
		return fail('expect:body', `body ${verb} ${describe(expect.body!)}`);
	}

	if (expect.json && Object.keys(expect.json).length > 0) {
		const parsed = body.json;
		if (!parsed.ok) {
			return fail('expect:json', 'json: body is not valid JSON');
		}

		for (const [path, expected] of Object.entries(expect.json)) {
			const difference = jsonDifference(path, path.split('.'), expected, valueAtPath(parsed.value, path), body.text);
			if (difference) {
				return fail('expect:json', difference);
			}
		}
	}

	return undefined;
}
