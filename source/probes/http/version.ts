import type {VersionSource} from '../../config/types.js';
import {valueAtPath, type BodyView} from './body.js';
import type {ResponseHeaders} from './exchange.js';
import {clean, headerText} from './text.js';
import type {Secret} from '../../config/types.js';

/** The deployed version the response reports, sanitized and at most 64 characters; undefined if absent. */
export function readVersion(source: VersionSource | undefined, headers: ResponseHeaders, body: BodyView | undefined, secrets: readonly Secret[]): string | undefined {
	if (!source) {
		return undefined;
	}

	let raw: unknown;
	if ('header' in source) {
		const value = headers[source.header.toLowerCase()];
		raw = headerText(Array.isArray(value) ? value[0] : value);
	} else if (body) {
		const parsed = body.json;
		if (parsed.ok) {
			const found = valueAtPath(parsed.value, source.json);
			raw = found.found ? found.value : undefined;
		}
	}

	if (raw === undefined || raw === null || typeof raw === 'object') {
		return undefined;
	}

	const text = clean(String(raw).replaceAll(/^ +| +$/g, ''), secrets, {maxLength: 64});
	return text.length > 0 ? text : undefined;
}
