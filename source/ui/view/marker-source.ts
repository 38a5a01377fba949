import type {Marker} from '../../monitor/types.js';

/**
 * How a marker's source reads on screen, as the release report says it: one from `uptop mark` is `uptop mark`, not
 * `command`, which reads as the command check kind. `key` (the `m` key) and `version` read as they are.
 */
export function markerSourceText(source: Marker['source']): string {
	return source === 'command' ? 'uptop mark' : source;
}
