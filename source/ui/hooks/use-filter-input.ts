import {useInput} from 'ink';
import {commandFor, keyName} from '../keymap.js';
import type {Intent} from '../view/view-reducer.js';

/**
 * Text typed into the filter prompt. Active only while filtering; keys the keymap binds in filter mode
 * (enter, esc, ctrl-c) are left to `useKeymap`.
 */
export function useFilterInput(isActive: boolean, dispatch: (intent: Intent) => void): void {
	useInput(
		(input, key) => {
			const name = keyName(input, key);
			if (commandFor('filter', name) !== undefined) {
				return;
			}

			if (name === 'backspace') {
				dispatch({type: 'eraseFilter'});
				return;
			}

			if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) {
				return;
			}

			// Pasted text arrives as one string; keep printable characters only.
			const text = input.replace(/[\p{Cc}\p{Cf}]/gu, '');
			if (text !== '') {
				dispatch({type: 'typeFilter', text});
			}
		},
		{isActive},
	);
}
