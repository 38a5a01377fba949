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
		why: 'the HTTP client sets it from `body:` itself: one written here is dropped, or fails every probe when it differs',
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
		why: 'the HTTP client sets it itself: a value written here is not sent as written (an empty one fails every probe)',
		hint: 'remove it: `keepAlive: true` reuses a connection between probes; false, the default, opens one per probe',
	},
};

/** Why a request header of this name (any case) cannot be sent, for `headers:`; undefined when it can. */
export function refusedHeaderProblem(name: string): {readonly message: string; readonly hint: string} | undefined {
	const refused = Object.hasOwn(refusedHeaders, name.toLowerCase()) ? refusedHeaders[name.toLowerCase()] : undefined;
	return refused === undefined ? undefined : {message: `\`${name}\` under \`headers:\` cannot be sent: ${refused.why}`, hint: refused.hint};
}

