/**
 * JSON.parse after a leading byte-order mark, which UTF-8 decoding drops in a browser's `response.json()`:
 * services on .NET and IIS write one, and their healthy /health would read as "not valid JSON".
 */
export function parseJson(text: string): unknown {
	return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
}
