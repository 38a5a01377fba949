/**
 * Runs `load` (an import) with `globalThis.fetch` hidden, then puts it back.
 *
 * Ink lays out with yoga, whose WebAssembly loader fetches its own base64 `data:` URL whenever a global
 * `fetch` exists. In Node that first touch of `fetch` loads Node's bundled HTTP client and runs a whole fetch
 * for a string already in memory: ~60 ms of a ~400 ms start-up, before the first frame. Without `fetch` the
 * loader decodes the same bytes synchronously. The live screen's main thread makes no HTTP requests (probes
 * run in the worker), so nothing else can observe the gap.
 */
export async function withoutGlobalFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (descriptor?.configurable !== true) {
		return load();
	}

	// Deleting the property (not reading it) is what keeps Node from loading its fetch implementation.
	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
