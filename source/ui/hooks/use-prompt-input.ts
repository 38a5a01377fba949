import {useInput} from 'ink';
import {commandFor, isPromptMode, keyNames, type Mode} from '../keymap.js';
import {modeOf, type Intent, type ViewState} from '../view/view-reducer.js';

export type PromptMode = 'filter' | 'mark';

// Pasted text arrives as one string; keep printable characters only.
const unprintable = /[\p{Cc}\p{Cf}]/u;

/** What typing `names` into a prompt does: text in runs, backspace erases one character. */
export function promptIntents(mode: PromptMode, names: readonly string[]): Intent[] {
	const intents: Intent[] = [];
	let text = '';
	const flush = () => {
		if (text !== '') {
			intents.push(mode === 'filter' ? {type: 'typeFilter', text} : {type: 'typeMark', text});
		}

		text = '';
	};

	for (const name of names) {
		if (name === 'backspace') {
			flush();
			intents.push(mode === 'filter' ? {type: 'eraseFilter'} : {type: 'eraseMark'});
		} else if (name === 'space') {
			text += ' ';
		} else if ([...name].length === 1 && !unprintable.test(name)) {
			text += name;
		}
	}

	flush();
	return intents;
}

/**
 * Who types a chunk into a prompt. The prompt's own input handler takes a chunk when the prompt is on
 * screen and the chunk holds none of the keys the prompt binds (enter, esc, ctrl-c); every other chunk is
 * the keymap's, which types the text around those keys itself, so `/pay` or `mfix⏎` arriving at once keeps
 * every character and in order.
 */
export function promptOwnsChunk(renderedMode: Mode, liveMode: Mode, names: readonly string[]): boolean {
	return isPromptMode(liveMode) && renderedMode === liveMode && names.every(name => commandFor(liveMode, name) === undefined);
}

/** Text typed into the filter or marker note prompt; active only while that prompt is on screen. */
export function usePromptInput(mode: PromptMode, renderedMode: Mode, getView: () => ViewState, dispatch: (intent: Intent) => void): void {
	useInput(
		(input, key) => {
			const names = keyNames(input, key);
			const liveMode = modeOf(getView());
			if (liveMode !== mode || !promptOwnsChunk(renderedMode, liveMode, names)) {
				return;
			}

			for (const intent of promptIntents(mode, names)) {
				dispatch(intent);
			}
		},
		{isActive: renderedMode === mode},
	);
}
