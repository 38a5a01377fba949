/**
 * The words an HTML page shows, for an excerpt: a proxy's 502 page or a framework's error page is markup first
 * (`<!DOCTYPE html>`, `<head>`, a stylesheet), and its message, and the `nginx/1.22.1` line that tells a proxy's
 * error from the app's, would be cut from the few lines an excerpt keeps.
 */

/** Whether a Content-Type names an HTML page. */
export function isHtmlType(contentType: string | undefined): boolean {
	const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
	return type === 'text/html' || type === 'application/xhtml+xml';
}

/** Whether a body is HTML: its Content-Type says so, or it starts as a page does (`<!doctype html>`, `<html>`). */
export function isHtml(contentType: string | undefined, text: string): boolean {
	return isHtmlType(contentType) || /^\s*<(?:!doctype\s+html|html[\s>])/i.test(text.slice(0, 200));
}

/** Elements whose content is no text a reader sees. */
const hiddenElements = new Set(['script', 'style', 'template', 'noscript', 'svg', 'math', 'object', 'iframe', 'textarea', 'select']);

/** Elements that start a line of their own: a heading and a paragraph should not run into each other. */
const lineElements = new Set([
	'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
	'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'li',
	'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'title', 'tr', 'ul',
]);

/** Named references an error page uses; others stay as they were written. */
const namedReferences: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: ' '};

/** A character reference at a position: `&amp;`, `&#39;`, `&#x27;`. Sticky: tried where an `&` is, no search. */
const reference = /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([a-zA-Z]{2,6}));/y;

/** A tag's name right after its `<` or `</`. Sticky, as `reference` is. */
const tagName = /([a-zA-Z][a-zA-Z\d-]*)/y;

/** The text of a character reference at `at`, and where it ends; undefined when `&` starts none. */
function referenceAt(html: string, at: number): {text: string; end: number} | undefined {
	reference.lastIndex = at;
	const match = reference.exec(html);
	if (!match) return undefined;
	const [whole, decimal, hex, name] = match;
	const end = at + whole.length;
	if (name !== undefined) {
		const text = namedReferences[name.toLowerCase()];
		return text === undefined ? undefined : {text, end};
	}

	return {text: referencedCharacter(Number.parseInt(decimal ?? hex!, decimal === undefined ? 16 : 10)), end};
}

/**
 * What a browser shows for 128 to 159 written as a reference (`&#150;`): the windows-1252 character a page meant
 * (HTML's numeric character reference end state). The five windows-1252 leaves undefined are absent.
 */
const windows1252: ReadonlyMap<number, string> = new Map([
	[0x80, '€'], [0x82, '‚'], [0x83, 'ƒ'], [0x84, '„'], [0x85, '…'], [0x86, '†'], [0x87, '‡'], [0x88, 'ˆ'], [0x89, '‰'],
	[0x8A, 'Š'], [0x8B, '‹'], [0x8C, 'Œ'], [0x8E, 'Ž'], [0x91, '‘'], [0x92, '’'], [0x93, '“'], [0x94, '”'], [0x95, '•'],
	[0x96, '–'], [0x97, '—'], [0x98, '˜'], [0x99, '™'], [0x9A, 'š'], [0x9B, '›'], [0x9C, 'œ'], [0x9E, 'ž'], [0x9F, 'Ÿ'],
]);

/**
 * The character a numeric reference names. A control (C0 but HTML's white space, DEL, a C1 windows-1252 does not
 * name), a NUL, a surrogate or a number past Unicode is the replacement character: a page's text must not carry
 * `&#x1b;]52;…&#7;` or `&#x9b;` to a terminal as the control itself, whatever cleans it later.
 */
function referencedCharacter(code: number): string {
	if (code >= 0x80 && code <= 0x9F) return windows1252.get(code) ?? '\uFFFD';
	const isWhiteSpace = code === 0x09 || code === 0x0A || code === 0x0C || code === 0x0D;
	const isControl = (code < 0x20 && !isWhiteSpace) || code === 0x7F;
	const isCharacter = code <= 0x10_FF_FF && (code < 0xD8_00 || code > 0xDF_FF);
	return isControl || !isCharacter ? '\uFFFD' : String.fromCodePoint(code);
}

const quotationMark = 0x22;
const apostrophe = 0x27;
const equalsSign = 0x3D;
const greaterThan = 0x3E;

/** HTML's white space: tab, line feed, form feed, carriage return, space. Codes, not a regex: tried per character. */
function isHtmlSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0A || code === 0x0C || code === 0x0D;
}

/** An ASCII letter, by its code: what may start a tag's name. */
function isAsciiLetter(code: number): boolean {
	return (code >= 0x41 && code <= 0x5A) || (code >= 0x61 && code <= 0x7A);
}

/** Where the tag opened at `at` ends (after its `>`), past any `>` inside a quoted attribute value. */
function tagEnd(html: string, at: number): number {
	let quote = 0;
	// A quote opens a value only right after `=`: `<p class=it's>` is no quoted value, as in a browser.
	let afterEquals = false;
	for (let index = at; index < html.length; index++) {
		const code = html.charCodeAt(index);
		if (quote !== 0) {
			if (code === quote) quote = 0;
		} else if ((code === quotationMark || code === apostrophe) && afterEquals) {
			quote = code;
		} else if (code === greaterThan) {
			return index + 1;
		}

		if (code === equalsSign) afterEquals = true;
		else if (!isHtmlSpace(code)) afterEquals = false;
	}

	return html.length;
}

/** Where the element `name`, hidden from readers, ends: after its closing tag, or at the end of the page. */
function hiddenEnd(html: string, from: number, name: string): number {
	// One search from `from` onwards: the scan stays linear however long the script is.
	const closing = new RegExp(`</${name}[\\s/>]`, 'gi');
	closing.lastIndex = from;
	const match = closing.exec(html);
	return match ? tagEnd(html, match.index) : html.length;
}

/**
 * The text of `html`: the title, headings and paragraphs one a line, tags, comments, scripts and styles left out,
 * character references decoded, runs of white space one space, a line that repeats the one before it (nginx's
 * title and heading) once. One pass over the page; it stops once `maxLength` characters of text are gathered.
 */
export function htmlText(html: string, maxLength: number): string {
	const lines: string[] = [];
	let line = '';
	let length = 0;
	const endLine = () => {
		const text = line.trim();
		line = '';
		if (text !== '' && text !== lines.at(-1)) {
			lines.push(text);
			length += text.length + 1;
		}
	};

	const addText = (text: string) => {
		// White space collapses: a page's indentation and line breaks are layout, not words.
		line += line.endsWith(' ') || line === '' ? text.replace(/^\s+/, '').replaceAll(/\s+/g, ' ') : text.replaceAll(/\s+/g, ' ');
	};

	let index = 0;
	let textStart = 0;
	while (index < html.length && length + line.length < maxLength) {
		const character = html[index]!;
		if (character === '&') {
			const decoded = referenceAt(html, index);
			if (decoded !== undefined) {
				addText(html.slice(textStart, index));
				// Decoded text is the page's words, not layout: `&nbsp;` stays a space but is collapsed like one.
				addText(decoded.text);
				index = decoded.end;
				textStart = index;
				continue;
			}
		} else if (character === '<') {
			const next = html[index + 1];
			if (next === '!' || next === '?' || next === '/' || isAsciiLetter(html.charCodeAt(index + 1))) {
				addText(html.slice(textStart, index));
				index = skipMarkup(html, index, endLine);
				textStart = index;
				continue;
			}
		}

		index++;
	}

	addText(html.slice(textStart, index));
	endLine();
	return lines.join('\n');
}

/** Past the markup at `at` (a comment, a declaration, a tag, a hidden element whole); `endLine` where a line ends. */
function skipMarkup(html: string, at: number, endLine: () => void): number {
	if (html.startsWith('<!--', at)) {
		const end = html.indexOf('-->', at + 4);
		return end === -1 ? html.length : end + 3;
	}

	const next = html[at + 1];
	if (next === '!' || next === '?') return tagEnd(html, at);
	const closing = next === '/';
	tagName.lastIndex = at + (closing ? 2 : 1);
	const name = tagName.exec(html)?.[1]?.toLowerCase();
	const end = tagEnd(html, at);
	if (name === undefined) return end;
	if (lineElements.has(name)) endLine();
	if (!closing && hiddenElements.has(name) && !html.slice(at, end).endsWith('/>')) return hiddenEnd(html, end, name);
	return end;
}
