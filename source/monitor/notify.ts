/**
 * Calls every listener with `value`. A listener that throws is a bug to surface, but it must not leave the
 * engine half-updated or starve the other listeners, so its error is rethrown on a fresh microtask.
 */
export function notify<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
	for (const listener of listeners) {
		try {
			listener(value);
		} catch (error) {
			queueMicrotask(() => {
				throw error;
			});
		}
	}
}
