import type {ResponseHeaders} from './exchange.js';

/** How a body's bytes become text: a WHATWG encoding name, and the charset named that no decoder knows, if any. */
export type BodyEncoding = {readonly encoding: string; readonly unknownCharset?: string};

const utf8: BodyEncoding = {encoding: 'utf-8'};

/** `charset=iso-8859-1`, `charset="UTF-16"` among a Content-Type's parameters. */
const charsetParameter = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/** What a byte-order mark at the start says; it wins over the header, as it does in a browser (WHATWG "decode"). */
function byteOrderMark(bytes: Buffer): string | undefined {
	if (bytes.length >= 3 && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) return 'utf-8';
	if (bytes.length >= 2 && bytes[0] === 0xFF && bytes[1] === 0xFE) return 'utf-16le';
	if (bytes.length >= 2 && bytes[0] === 0xFE && bytes[1] === 0xFF) return 'utf-16be';
	return undefined;
}

/**
 * The encoding a response body is written in: its byte-order mark's, else the charset its Content-Type names
 * (a WHATWG label: `iso-8859-1` reads as windows-1252, `utf-16` as UTF-16LE), else UTF-8. A charset no decoder
 * knows is read as UTF-8, as before, and named so that a note can say so.
 */
export function bodyEncoding(bytes: Buffer, headers: ResponseHeaders | undefined): BodyEncoding {
	const marked = byteOrderMark(bytes);
	if (marked !== undefined) {
		return marked === 'utf-8' ? utf8 : {encoding: marked};
	}

	const contentType = headers?.['content-type'];
	const match = charsetParameter.exec((Array.isArray(contentType) ? contentType[0] : contentType) ?? '');
	const label = (match?.[1] ?? match?.[2] ?? '').trim();
	if (label === '' || /^utf-?8$/i.test(label)) {
		return utf8;
	}

	try {
		const {encoding} = new TextDecoder(label);
		return encoding === 'utf-8' ? utf8 : {encoding};
	} catch {
		// A server's own word: cut, as the note quotes it (the note is cleaned of anything unsafe when stored).
		return {encoding: 'utf-8', unknownCharset: label.length > 40 ? `${label.slice(0, 39)}…` : label};
	}
}

/** `bytes` as text in `encoding`, without a leading byte-order mark; a malformed sequence becomes U+FFFD. */
export function decodeBody(bytes: Buffer, encoding: string): string {
	if (encoding !== 'utf-8') {
		// TextDecoder drops the byte-order mark of its own encoding, the only one bodyEncoding lets through.
		return new TextDecoder(encoding).decode(bytes);
	}

	// Buffer's decoder is the fast path for the common case; it keeps a mark, which is no part of the text.
	const text = bytes.toString('utf8');
	return text.charCodeAt(0) === 0xFE_FF ? text.slice(1) : text;
}
