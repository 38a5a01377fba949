import {useRef} from 'react';
import type {Marker} from '../../monitor/types.js';

/** Same markers, same array: memoized rows redraw only when the markers really change. */
export function useStableMarkers(markers: readonly Marker[]): readonly Marker[] {
	const kept = useRef(markers);
	const previous = kept.current;
	const isSame = previous.length === markers.length && previous.every((marker, index) => {
		const other = markers[index]!;
		return marker.at === other.at && marker.label === other.label && marker.checkId === other.checkId && marker.source === other.source;
	});
	if (!isSame) {
		kept.current = markers;
	}

	return kept.current;
}
