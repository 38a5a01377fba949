import {parseJson} from '../parse-json.js';
import {decodeBody} from './charset.js';

/** The kept response body, decoded (in `encoding`, see bodyEncoding) and parsed at most once, on demand. */
export class BodyView {
	#text: string | undefined;
	#json: {ok: true; value: unknown} | {ok: false} | undefined;

	constructor(readonly bytes: Buffer, readonly encoding = 'utf-8') {}

	get text(): string {
		this.#text ??= decodeBody(this.bytes, this.encoding);
		return this.#text;
	}

	get json(): {ok: true; value: unknown} | {ok: false} {
		if (this.#json === undefined) {
			try {
				this.#json = {ok: true, value: parseJson(this.text)};
			} catch {
				this.#json = {ok: false};
			}
		}

		return this.#json;
	}
}

/** `checks.db.status`, `items.0.name` → the value there, or `found: false`. */
export function valueAtPath(root: unknown, path: string): {found: true; value: unknown} | {found: false} {
	let value = root;
	for (const segment of path.split('.')) {
		if (Array.isArray(value) && /^\d+$/.test(segment)) {
			const index = Number(segment);
			if (index >= value.length) {
				return {found: false};
			}

			value = value[index];
		} else if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) {
			value = (value as Record<string, unknown>)[segment];
		} else {
			return {found: false};
		}
	}

	return {found: true, value};
}
