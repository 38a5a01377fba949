import {createRequire} from 'node:module';
import type {Phases} from '../types.js';
import type {Trace} from './connector.js';
import type {HopResponse, ResponseHeaders} from './exchange.js';
import {formatBytes} from '../../config/format-bytes.js';
import {clean, headerText} from './text.js';
import {decodeBody} from './charset.js';
import {htmlText, isHtml} from './html-text.js';
import type {Secret} from '../../config/types.js';

// Required, not imported: an ESM import of node:http reads every export, and reading WebSocket, CloseEvent and
// MessageEvent loads Node's own bundled fetch client: ~40 ms in every probing thread's start-up.
const {STATUS_CODES} = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** Phase durations summed over the hops of one probe (redirects add theirs). */
export class PhaseClock {
	dnsMs?: number;
	connectMs?: number;
	tlsMs?: number;
	ttfbMs?: number;
	transferMs?: number;
	/** How old the kept connection a hop reused was (the last such hop's). */
	reusedConnectionAgeMs?: number;
	/** When the last new connection could carry the request (connected, or its TLS handshake done). */
	private readyAt?: number;

	addConnection(trace: Trace): void {
		const start = trace.connectStartAt;
		this.readyAt = trace.secureAt ?? trace.connectedAt;
		if (start === undefined) {
			return;
		}

		if (trace.lookupAt !== undefined) {
			this.dnsMs = (this.dnsMs ?? 0) + (trace.lookupAt - start);
		}

		if (trace.connectedAt !== undefined) {
			this.connectMs = (this.connectMs ?? 0) + (trace.connectedAt - (trace.lookupAt ?? start));
		}

		if (trace.secureAt !== undefined && trace.connectedAt !== undefined) {
			this.tlsMs = (this.tlsMs ?? 0) + (trace.secureAt - trace.connectedAt);
		}
	}

	addResponse(response: HopResponse): void {
		if (response.requestAt !== undefined && response.firstByteAt !== undefined) {
			// undici starts a request before its connection exists; the wait for the connection is counted
			// in connect and TLS already, so time to first byte starts when the request could be written.
			const sentAt = Math.max(response.requestAt, this.readyAt ?? response.requestAt);
			this.ttfbMs = (this.ttfbMs ?? 0) + (response.firstByteAt - sentAt);
		}

		if (response.firstByteAt !== undefined) {
			this.transferMs = (this.transferMs ?? 0) + (response.endAt - response.firstByteAt);
		}
	}

	phases(totalMs: number): Phases {
		// Microseconds are plenty. The parts round down, so they never add up to more than the total: latency
		// runs from the connection attempt, and the parts now cover nearly all of it.
		const part = (ms: number): number => Math.max(0, Math.floor(ms * 1000) / 1000);
		const phases: Partial<Record<keyof Phases, number>> = {};
		if (this.dnsMs !== undefined) phases.dnsMs = part(this.dnsMs);
		if (this.connectMs !== undefined) phases.connectMs = part(this.connectMs);
		if (this.tlsMs !== undefined) phases.tlsMs = part(this.tlsMs);
		if (this.ttfbMs !== undefined) phases.ttfbMs = part(this.ttfbMs);
		if (this.transferMs !== undefined) phases.transferMs = part(this.transferMs);
		phases.totalMs = Math.max(0, Math.round(totalMs * 1000) / 1000);
		if (this.reusedConnectionAgeMs !== undefined) phases.reusedConnectionAgeMs = Math.round(this.reusedConnectionAgeMs);
		return phases as Phases;
	}
}

/** Response headers worth showing in the detail pane. */
const shownHeaders = ['content-type', 'content-length', 'server', 'location', 'x-app-version', 'x-version', 'retry-after', 'x-request-id'];

export function pickHeaders(headers: ResponseHeaders, extra: string | undefined, secrets: readonly Secret[]): Record<string, string> | undefined {
	const output: Record<string, string> = {};
	for (const name of extra ? [...shownHeaders, extra.toLowerCase()] : shownHeaders) {
		const value = headerText(headers[name]);
		if (value !== undefined) {
			output[name] = clean(value, secrets, {maxLength: 200});
		}
	}

	return Object.keys(output).length > 0 ? output : undefined;
}

/**
 * Bytes of an HTML page read for its text. A failing answer's: a framework's error page can hold a long stylesheet
 * before its message, and a status not expected was read no further than this anyway. A healthy page's excerpt is
 * a reminder of what the page is, its title: its start suffices, and every probe of a check up pays for it.
 */
export const pageTextBytes = {up: 16 * 1024, failing: 64 * 1024} as const;

/**
 * The first few hundred characters of the body in its `encoding` (see bodyEncoding), line breaks kept: an http
 * check's, and a JSON endpoint's that did not parse. An HTML page's is its text (html-text.ts), not its markup;
 * an encoded body (Content-Encoding: gzip) has none. `pageBytes`: how much of a page is read for its text.
 */
export function excerptOf(bytes: Buffer, secrets: readonly Secret[], encoding = 'utf-8', headers?: ResponseHeaders, pageBytes: number = pageTextBytes.failing): string | undefined {
	if (bytes.length === 0) {
		return undefined;
	}

	// A gzip or br body the probe did not ask for is bytes, not text: the note that it was not decoded says it.
	if (contentEncodingOf(headers) !== undefined) {
		return undefined;
	}

	// Decoding at most 1.2 KB bounds the work; a cut multi-byte character only becomes U+FFFD.
	const start = decodeBody(bytes.subarray(0, 1200), encoding);
	if (!isHtml(headerText(headers?.['content-type']), start)) {
		return clean(start, secrets, {multiline: true, maxLength: 300});
	}

	const page = bytes.length <= 1200 ? start : decodeBody(bytes.subarray(0, pageBytes), encoding);
	const text = htmlText(page, 600);
	return text === '' ? undefined : clean(text, secrets, {multiline: true, maxLength: 300});
}

/** The Content-Encoding of a body uptop did not ask to be encoded (`gzip`, `br`), as the server wrote it; none for identity. */
function contentEncodingOf(headers: ResponseHeaders | undefined): string | undefined {
	const encoding = headerText(headers?.['content-encoding'])?.trim();
	return encoding && encoding.toLowerCase() !== 'identity' ? encoding : undefined;
}

/**
 * The note that says why a body was not read and has no excerpt: a proxy compressed it unasked. Without it the
 * reason reads "invalid JSON" or "body does not contain …", of a body that may be just what was wanted.
 */
export function undecodedBodyNote(headers: ResponseHeaders): string | undefined {
	const encoding = contentEncodingOf(headers);
	return encoding === undefined ? undefined : `body is ${encoding}-encoded and was not decoded`;
}

/** "200 OK · 512 B · 48 ms" */
export function summaryLine(response: HopResponse, maxBytes: number, latencyMs: number, secrets: readonly Secret[]): string {
	// Only spaces are trimmed: String#trim would silently drop characters such as U+FEFF.
	const statusText = response.statusText.replaceAll(/^ +| +$/g, '') || STATUS_CODES[response.status] || '';
	let size: string;
	if (response.end === 'too_large') {
		size = `> ${formatBytes(maxBytes)}`;
	} else if (response.end === 'complete') {
		size = formatBytes(response.bodyBytes);
	} else {
		const declared = Number(response.headers['content-length']);
		size = Number.isFinite(declared) && declared > 0 ? formatBytes(declared) : `≥ ${formatBytes(response.bodyBytes)}`;
	}

	const status = clean(statusText ? `${response.status} ${statusText}` : String(response.status), secrets, {maxLength: 80});
	return `${status} · ${size} · ${summaryLatency(latencyMs)}`;
}

/** `48 ms`; below a millisecond with its tenth, as the table shows it (`0.5ms`): `0 ms` reads as nothing measured. */
export function summaryLatency(latencyMs: number): string {
	if (latencyMs >= 0.95) return `${Math.round(latencyMs)} ms`;
	return latencyMs < 0.05 ? '<0.1 ms' : `${latencyMs.toFixed(1)} ms`;
}
