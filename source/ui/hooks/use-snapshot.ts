import {useCallback, useSyncExternalStore} from 'react';
import type {MonitorHandle, Snapshot} from '../../monitor/types.js';

/** The monitor's latest snapshot; the component renders again when the monitor publishes a new one. */
export function useSnapshot(monitor: MonitorHandle): Snapshot {
	const subscribe = useCallback((onChange: () => void) => monitor.subscribe(() => onChange()), [monitor]);
	return useSyncExternalStore(subscribe, monitor.getSnapshot);
}
