import {isSecretPath} from './frame-secrets.js';
import type {LeafResult, Written} from './schema-model.js';
import {unicodeName} from '../text/code-point.js';

/**
 * The control characters the HTTP client refuses in a header value (all but the tab): it throws at every probe,
 * which read as "uptop internal error (UND_ERR_INVALID_ARG): invalid authorization header".
 */
const refusedControl = /[\u0000-\u0008\u000A-\u001F\u007F]/u;

const controlNames: Readonly<Record<number, string>> = {0x00: 'NUL', 0x0A: 'line feed', 0x0D: 'carriage return', 0x1B: 'ESC', 0x7F: 'DEL'};

export const codePointOf = (character: string): string => unicodeName(character.codePointAt(0)!);

const named = (character: string): string => {
	const name = controlNames[character.codePointAt(0)!];
	return name === undefined ? codePointOf(character) : `${codePointOf(character)} (${name})`;
};

/** The variables the value was read from, as written: `${API_TOKEN}`. Their names are no secret; their values may be. */
const variablesOf = (written: Written | undefined): string[] => (written?.reference?.variables ?? []).map(variable => variable.name);

/** Whether `character` came from `${NAME}`: the text written in the file does not hold it. */
export const isFromVariable = (character: string, written: Written | undefined): boolean =>
	written?.reference !== undefined && !written.reference.text.includes(character);

/**
 * Whether the character may be shown: not of a credential (`Authorization`, `{secret: …}`), nor from the environment,
 * where a value may be a secret. Its code point is shown instead; its percent-encoded bytes would be the character.
 */
export const isCharacterShown = (character: string, written: Written | undefined): boolean =>
	!isFromVariable(character, written) && !(written?.key !== undefined && isSecretPath(written.key));

/** `` from `${API_TOKEN}` ``, for a message about a value read from the environment. */
export function fromVariables(written: Written | undefined): string {
	const names = variablesOf(written);
	return names.length === 0 ? '' : ` from ${names.map(name => `\`\${${name}}\``).join(' or ')}`;
}

/**
 * A control character the client refuses, in a header's value. From `${NAME}` it is said at the value naming the
 * variable, never its value, line breaks included (a token read from a file keeps its newline). Written in the file,
 * a line break is left to the one-line pattern of the value, which says so; `only` picks which of the two to look at.
 */
export function headerControlProblem(value: string, written: Written | undefined, only: 'fromVariable' | 'written'): LeafResult | undefined {
	const control = [...value].find(character => refusedControl.test(character) && isFromVariable(character, written) === (only === 'fromVariable'));
	if (control === undefined) return undefined;
	const key = `\`${written?.key ?? 'the header'}\``;
	const what = `a control character, ${named(control)}, which a header cannot carry: the HTTP client would refuse every probe`;
	if (only === 'written') {
		return {ok: false, message: `${key}'s value holds ${what}`, hint: 'remove it: in a "double-quoted" string YAML reads escapes such as \\x01, \\u0001 or \\e as control characters'};
	}

	const names = variablesOf(written);
	const holder = names.length === 1 ? names[0]! : `one of ${names.join(', ')}`;
	const isLineBreak = control === '\n' || control === '\r';
	return {
		ok: false,
		message: `${key}'s value${fromVariables(written)} holds ${what}`,
		hint: `${holder} holds a control character (${codePointOf(control)}); set it without it${isLineBreak ? ' (a line break often comes with a value read from a file, or one saved with Windows line ends)' : ''}`,
	};
}
