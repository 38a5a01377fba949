import {useCallback, useEffect, useRef, useState, type RefObject} from 'react';
import type {CommitPacer} from '../commit-pacer.js';
import {initialViewState, viewReducer, type Intent, type ViewState} from '../view/view-reducer.js';

export type LiveView = {
	/** The view as last committed: what is drawn. */
	readonly view: ViewState;
	/** The view with every intent dispatched so far, also those the pacer has not committed yet. */
	readonly liveView: RefObject<ViewState>;
	readonly getView: () => ViewState;
	/** Draws the live view now. */
	readonly commitView: () => void;
	readonly dispatch: (intent: Intent) => void;
};

/**
 * Text typed into a prompt: echoed at once, not paced like a held key. Typing comes at a typist's pace, and
 * paced it showed each character up to 125 ms late (median 79 ms at a key every 60 ms).
 */
function isTyping(intent: Intent): boolean {
	return intent.type === 'typeFilter' || intent.type === 'eraseFilter' || intent.type === 'typeMark' || intent.type === 'eraseMark';
}

/**
 * The view state and its one `dispatch`. Keys are handled before React renders again (and the pacer may hold a
 * commit back): they read the view as the intents so far made it, and a commit draws the latest. Without a
 * pacer each intent is drawn at once (tests).
 */
export function useLiveView(initialView: ViewState | undefined, pacer: CommitPacer | undefined): LiveView {
	const [view, setView] = useState<ViewState>(initialView ?? initialViewState);
	const liveView = useRef(view);
	const getView = useCallback(() => liveView.current, []);
	const commitView = useCallback(() => {
		setView(liveView.current);
	}, []);
	const dispatch = useCallback((intent: Intent) => {
		liveView.current = viewReducer(liveView.current, intent);
		if (pacer === undefined) {
			commitView();
		} else if (isTyping(intent)) {
			pacer.requestNow(commitView);
		} else {
			pacer.request(commitView);
		}
	}, [pacer, commitView]);
	useEffect(() => () => pacer?.cancel(), [pacer]);
	return {view, liveView, getView, commitView, dispatch};
}
