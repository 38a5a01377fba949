import {useCallback, useRef, useState} from 'react';

/** How long a notice on the status line stays, in the engine's time (its snapshots come every second). */
const noticeMs = 5000;

/**
 * The status line's notice: what the last key did ("rechecking search"), until the next key or for five seconds
 * of the engine's clock (`snapshotAt`, no timer in the UI). Without the limit "rechecking search" stayed up for
 * as long as no key came, an hour after the recheck had answered. `onShow` runs when a notice is given.
 */
export function useNotice(snapshotAt: number, onShow: () => void): readonly [string | undefined, (text: string | undefined) => void] {
	const [shown, setShown] = useState<{readonly text: string; readonly at: number} | undefined>(undefined);
	const at = useRef(snapshotAt);
	at.current = snapshotAt;
	const show = useCallback((text: string | undefined) => {
		setShown(text === undefined ? undefined : {text, at: at.current});
		if (text !== undefined) onShow();
	}, [onShow]);
	return [shown !== undefined && snapshotAt - shown.at < noticeMs ? shown.text : undefined, show];
}
