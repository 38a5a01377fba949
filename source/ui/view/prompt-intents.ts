import type {Intent} from './view-reducer.js';

export type PromptMode = 'filter' | 'mark';

// A chunk of keys arrives as one string (typed fast, or pasted where the terminal has no bracketed paste; a
// bracketed paste goes through use-keymap.ts): keep printable characters only.
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
