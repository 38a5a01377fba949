import {request} from 'undici';
import type {Check} from '../config/types.js';
import {errorCode, reasonFromNetError} from './net-reason.js';
import {reason} from './result.js';
import type {Reason} from './types.js';

export const maxJsonBytes = 1024 * 1024;

export type JsonReply =
	| {readonly ok: true; readonly status: number; readonly json: unknown; readonly text: string}
	| {readonly ok: false; readonly reason: Reason; readonly status?: number; readonly text?: string}
	| {readonly ok: false; readonly aborted: true};

/**
 * GET `url` and parse the body as JSON, reading at most 1 MiB. Transport faults, oversized and invalid
 * bodies come back as reasons; the caller decides what a status means (a JSON error body can matter).
 */
export async function getJson(check: Check, url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<JsonReply> {
	let host = url;
	try {
		host = new URL(url).host;
	} catch {
		return {ok: false, reason: reason(check, 'internal', `invalid URL ${url}`)};
	}

	let status: number;
	let text = '';
	try {
		const response = await request(url, {method: 'GET', headers: {accept: 'application/json', ...headers}, signal});
		status = response.statusCode;
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of response.body as AsyncIterable<Buffer>) {
			size += chunk.length;
			if (size > maxJsonBytes) {
				response.body.destroy();
				return {ok: false, status, reason: reason(check, 'too_large', `response exceeded 1 MiB (${host})`)};
			}

			chunks.push(chunk);
		}

		text = Buffer.concat(chunks).toString('utf8');
	} catch (error) {
		if (signal.aborted) {
			return {ok: false, aborted: true};
		}

		const code = errorCode(error);
		if (code === 'UND_ERR_SOCKET') {
			return {ok: false, reason: reason(check, 'reset', `server closed connection (${host})`)};
		}

		if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL') {
			return {ok: false, reason: reason(check, 'internal', `invalid request to ${url}`)};
		}

		return {ok: false, reason: reasonFromNetError(check, error, host)};
	}

	try {
		return {ok: true, status, json: JSON.parse(text) as unknown, text};
	} catch {
		return {ok: false, status, text, reason: reason(check, 'protocol', `HTTP ${status}: invalid JSON from ${host}`)};
	}
}

/** `checks.db.status` → the value at that path, or undefined. Numeric segments index arrays. */
export function atPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) {
			return undefined;
		}

		current = (current as Record<string, unknown>)[key];
	}

	return current;
}
