/**
 * Request headers the HTTP client (undici) frames or manages itself. Written under `headers:`, each one either
 * fails every probe before a byte is sent, or is dropped: the check could never send what the config says. The
 * list is the client's own (test/config/refused-headers.test.ts sends each one through it), not a guess at
 * which headers are "hop-by-hop": `TE`, `Trailer` and `Proxy-Connection` go out as written, and stay allowed.
 */
const refusedHeaders: Readonly<Record<string, {readonly why: string; readonly hint: string}>> = {
	'transfer-encoding': {
		why: 'the HTTP client frames the request body itself and refuses this header, so every probe would fail',
		hint: 'remove it: uptop sends `body:` with the length it has',
	},
	'content-length': {
		why: 'the HTTP client sets it from `body:` itself and refuses a length that is not a plain number',
		hint: 'remove it: uptop sends the length of `body:` itself',
	},
	expect: {
		why: 'the HTTP client does not send Expect (100-continue) and refuses the request, so every probe would fail',
		hint: 'remove it: uptop sends the body at once, without waiting for a 100 Continue',
	},
	upgrade: {
		why: 'the HTTP client does not switch protocols (WebSocket, h2c) and refuses this header, so every probe would fail',
		hint: 'remove it: a check is one plain HTTP request and its answer',
	},
	'keep-alive': {
		why: 'the HTTP client manages its connections itself and refuses this header, so every probe would fail',
		hint: 'remove it: `keepAlive: true` reuses a connection between probes; false, the default, opens one per probe',
	},
	connection: {
		why: 'the HTTP client sends only `close` or `keep-alive` as written: another value is replaced (an empty one fails every probe)',
		hint: 'remove it: only `close` or `keep-alive` go out as written, and `keepAlive: true` reuses a connection between probes (false, the default, opens one per probe)',
	},
};

/**
 * Values of these headers that the client sends as written: `Connection: close` (lower-cased), and a
 * `Content-Length` that is a plain number, which build-check.ts holds against the length of `body:`.
 */
const sentAsWritten: Readonly<Record<string, RegExp>> = {
	connection: /^\s*(close|keep-alive)\s*$/i,
	'content-length': /^\d+$/,
};

/** Why a request header of this name (any case) and value cannot be sent, for `headers:`; undefined when it can. */
export function refusedHeaderProblem(name: string, value?: unknown): {readonly message: string; readonly hint: string} | undefined {
	const key = name.toLowerCase();
	const refused = Object.hasOwn(refusedHeaders, key) ? refusedHeaders[key] : undefined;
	if (refused === undefined) return undefined;
	const allowed = Object.hasOwn(sentAsWritten, key) ? sentAsWritten[key] : undefined;
	const text = typeof value === 'number' ? String(value) : value;
	if (allowed !== undefined && typeof text === 'string' && allowed.test(text)) return undefined;
	return {message: `\`${name}\` under \`headers:\` cannot be sent: ${refused.why}`, hint: refused.hint};
}

/**
 * A `Content-Length` the client would not send as written: with no body it is dropped, and one that is not the
 * body's length in bytes fails every probe. Undefined when it is the length of the body.
 */
export function contentLengthProblem(value: string, body: string | undefined): {readonly message: string; readonly hint: string} | undefined {
	const hint = 'remove it: uptop sends the length of `body:` itself';
	if (body === undefined) return {message: `\`Content-Length: ${value}\` with no \`body:\`: the HTTP client drops it, so it is never sent`, hint};
	const bytes = Buffer.byteLength(body);
	return Number(value) === bytes ? undefined : {message: `\`Content-Length: ${value}\` is not the length of \`body:\` (${bytes} bytes): the HTTP client would refuse every probe`, hint};
}

