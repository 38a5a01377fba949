/**
 * The building blocks of the checks.yaml format description (format.ts). The same description
 * drives the validator (read-node.ts) and the JSON Schema generator (json-schema.ts), so the two
 * cannot drift apart.
 */

import {clip, quotedWidth} from './config-error.js';
import {didYouMean} from './did-you-mean.js';
import {unitHint, type CountedUnit} from './unit-hint.js';
import {unicodeName} from '../text/code-point.js';
import {nulProblem} from './nul-character.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

export type LeafResult = {readonly ok: true; readonly value: unknown} | {
	readonly ok: false;
	readonly message: string;
	readonly hint?: string;
	/** The index of the list item the message is about: the error points at it, and `found` is that item. */
	readonly item?: number;
};

/** A value checked as a whole, after `${ENV}` substitution (scalars, or small lists like `[200, 204]`). */
export type LeafField = {
	readonly type: 'leaf';
	readonly description: string;
	/** For messages: "a duration such as 10s". */
	readonly expected: string;
	readonly jsonSchema: JsonSchema;
	/** May be written as `{secret: "..."}`; the value then never appears in output. */
	readonly secretable?: boolean;
	/**
	 * A plain YAML number whose digits JavaScript would print differently (`1.10`, `2.0`, `1e3`) is read as the
	 * text written: for values compared with what a target sends, where `1.10` is a version, not 1.1.
	 */
	readonly numbersAsWritten?: boolean;
	/**
	 * A plain YAML number or boolean is read as the text written (`0755`, `1e3`, `0x1F`, `TRUE`): for text, where
	 * `name: 1.10` or `run: [chmod, 0755]` means those characters, not the number YAML would make of them.
	 */
	readonly scalarsAsWritten?: boolean;
	/**
	 * `$NAME` (upper case, no braces) is an error: a target, a host or a header would get the five characters, where
	 * the person meant the variable (`Bearer $API_TOKEN` pasted from a shell script).
	 */
	readonly refusesBareVariables?: boolean;
	/**
	 * `${PORT:-"8080"}` is an error: a fallback is taken as written, and a URL or a host never holds the quotes a
	 * shell would take off. (Elsewhere a value that does not read with them gets the same error.)
	 */
	readonly refusesQuotedFallbacks?: boolean;
	/**
	 * `\r`, `\n` or `\t` written outside double quotes is an error: YAML reads escapes only there, and bytes sent to a
	 * server (`send: 'PING\r\n'`) would be a backslash and a letter. What `${NAME}` brings is not looked at.
	 */
	readonly refusesWrittenEscapes?: boolean;
	/**
	 * `null` or `~` written is a value, passed to `parse` (an expected JSON null); a value left empty (`key:` and
	 * nothing) still has none: more often a value forgotten than a null meant.
	 */
	readonly takesNull?: boolean;
	readonly parse: (value: unknown, written?: Written) => LeafResult;
};

/** How a leaf's value was written in the file: what a message about it can say to write instead. */
export type Written = {
	/** The key it is the value of (`retries`), for a hint that shows the line to write. */
	readonly key?: string;
	/** In quotes: `retries: "2"` is the text 2, not the number. */
	readonly isQuoted?: boolean;
	/** The `${NAME}` text it was substituted from (`${R:-2}`), and whether each variable in it is set (not empty). */
	readonly reference?: {readonly text: string; readonly variables: ReadonlyArray<{readonly name: string; readonly isSet: boolean}>};
	/** The plain values beside it in the same mapping, by key (a threshold's `unit:`), as YAML read them. */
	readonly siblings?: Readonly<Record<string, unknown>>;
};

export type ListField = {readonly type: 'list'; readonly description: string; readonly items: Field; readonly minItems?: number};

/** A mapping with free keys (headers, env, json expectations). */
export type MapField = {
	readonly type: 'map';
	readonly description: string;
	readonly values: Field;
	readonly keyPattern?: RegExp;
	readonly keyExpected?: string;
	/** Why a key that matches the pattern is refused all the same: a check key indented too far (`timeout:` under `headers:`), a path in another tool's syntax. */
	readonly keyProblem?: (key: string, value: unknown) => {readonly message: string; readonly hint: string} | undefined;
	/** Keys read in lower case (header names): two in one mapping that differ only in letter case are one key written twice. */
	readonly keysInLowerCase?: KeysInLowerCase;
};

/** What a key of a mapping read in lower case is (`header`), and what becomes of the first of two (`only the last is sent`). */
export type KeysInLowerCase = {readonly noun: string; readonly lastWins: string};

export type ObjectField = {
	readonly type: 'object';
	readonly description: string;
	readonly fields: Readonly<Record<string, Field>>;
	readonly required?: readonly string[];
	/** Exactly one of these keys must be present. */
	readonly exactlyOne?: readonly string[];
	/** A hint for a value written where the mapping goes (`expect: 200`), given that value as plain data. */
	readonly notMappingHint?: (value: unknown) => string | undefined;
};

export type Field = LeafField | ListField | MapField | ObjectField;

const describe = (value: unknown): string => {
	if (value === null || value === undefined) {
		return 'nothing';
	}

	if (Array.isArray(value)) {
		return 'a list';
	}

	if (typeof value === 'object') {
		return 'a mapping';
	}

	// A message carries the value; a huge one (a pasted blob, a binary file) is cut, not repeated whole.
	const shown = clip(String(value), quotedWidth);
	return typeof value === 'string' ? `"${shown}"` : shown;
};

export const found = describe;

const wrong = (expected: string, value: unknown): LeafResult => ({ok: false, message: `expected ${expected}, found ${describe(value)}`});

/**
 * Control characters a text shown on screen may not hold: `line` text none, `lines` text (notes such as a
 * rollback written as a block scalar) its line breaks and tabs. In a "double-quoted" YAML string `\e[31m`
 * is a real escape sequence: shown as it is, it would recolour, retitle or clear the operator's terminal.
 */
const forbiddenControls = {
	line: /[\u0000-\u001F\u007F-\u009F]/u,
	lines: /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u,
} as const;
const forbiddenControlsSchema = {line: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$', lines: '^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]*$'} as const;

const controlNames: Readonly<Record<number, string>> = {0x07: 'BEL', 0x08: 'BS', 0x09: 'TAB', 0x0A: 'line break', 0x0D: 'CR', 0x1B: 'ESC', 0x7F: 'DEL'};

function controlProblem(string: string, shown: keyof typeof forbiddenControls): LeafResult | undefined {
	const match = forbiddenControls[shown].exec(string);
	if (match === null) return undefined;
	const code = match[0].codePointAt(0)!;
	const name = controlNames[code];
	const what = `${unicodeName(code)}${name ? ` (${name})` : ''}`;
	return {
		ok: false,
		message: `control character ${what} at character ${[...string.slice(0, match.index)].length + 1}: this text is shown in the terminal`,
		hint: 'remove it; in a "double-quoted" string YAML reads \\e, \\a or \\x1b as control characters, so write the text plain or in single quotes',
	};
}

export function text(description: string, options: {secretable?: boolean; nonEmpty?: boolean; emptyHint?: string; pattern?: RegExp; patternHint?: string; shown?: keyof typeof forbiddenControls; expected?: string; refusesBareVariables?: boolean; refusesQuotedFallbacks?: boolean; refusesWrittenEscapes?: boolean; refusesNul?: {readonly what: string; readonly why: string}} = {}): LeafField {
	return {
		type: 'leaf',
		description,
		// "a string" beside `found: ""` would contradict itself.
		expected: options.expected ?? (options.nonEmpty ? 'a non-empty string' : 'a string'),
		jsonSchema: {type: 'string', ...(options.nonEmpty ? {minLength: 1} : {}), ...(options.shown ? {pattern: forbiddenControlsSchema[options.shown]} : {})},
		secretable: options.secretable,
		scalarsAsWritten: true,
		refusesBareVariables: options.refusesBareVariables,
		refusesQuotedFallbacks: options.refusesQuotedFallbacks,
		refusesWrittenEscapes: options.refusesWrittenEscapes,
		parse(value) {
			// Numbers and booleans are accepted as their text: `name: 2024` is a fine display name.
			const string = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
			if (typeof string !== 'string') {
				return wrong('a string', value);
			}

			if (options.nonEmpty && string.trim() === '') {
				return {ok: false, message: 'must not be empty', ...(options.emptyHint === undefined ? {} : {hint: options.emptyHint})};
			}

			const control = options.shown ? controlProblem(string, options.shown) : undefined;
			if (control) {
				return control;
			}

			const nul = options.refusesNul ? nulProblem(string, options.refusesNul.what, options.refusesNul.why) : undefined;
			if (nul) {
				return {ok: false, ...nul};
			}

			if (options.pattern && !options.pattern.test(string)) {
				return {ok: false, message: `\`${string}\` is not valid here`, hint: options.patternHint};
			}

			return {ok: true, value: string};
		},
	};
}

/**
 * A number or boolean from `${NAME}` is text after substitution, as every value from the environment is: read as
 * what it spells, as a duration from `${NAME}` is. JSON Schema sees the reference itself.
 */
const envReferenceSchema = {type: 'string', pattern: '\\$\\{'} as const;

/**
 * What to do about a `${NAME}` that gave a value the key cannot take. The value itself is not quoted: it came from
 * the environment, where it may be a secret; the fallback, when it was read, is in the file already.
 */
function referenceHint(reference: NonNullable<Written['reference']>, what: string): string {
	const names = reference.variables.map(variable => variable.name);
	const unset = reference.variables.filter(variable => !variable.isSet).map(variable => variable.name);
	if (reference.variables.length === 1 && unset.length === 1 && reference.text.includes(':-')) {
		return `${unset[0]!} is not set, so the fallback is read: write ${what} there, or set ${unset[0]!}`;
	}

	return `set ${names.join(' and ')} to ${what}`;
}

/** `retries: "2"`: the hint is the line without its quotes. */
const dropQuotes = (written: Written | undefined, value: string): string => `drop the quotes: ${written?.key === undefined ? '' : `${written.key}: `}${value}`;

/** `unit`: what the number counts, for a hint when it is written with a unit (`14d`, `1MB`). */
export function integer(description: string, min: number, max: number, options: {unit?: CountedUnit} = {}): LeafField {
	const expected = `a whole number from ${min} to ${max}`;
	return {
		type: 'leaf',
		description,
		expected,
		jsonSchema: {anyOf: [{type: 'integer', minimum: min, maximum: max}, envReferenceSchema]},
		parse(value, written) {
			if (typeof value === 'string' && written?.reference) {
				const number = /^-?\d+$/.test(value) ? Number(value) : undefined;
				if (number !== undefined && number >= min && number <= max) return {ok: true, value: number};
				return {ok: false, message: `expected \`${written.reference.text}\` to give ${expected}, found ${describe(value)}`, hint: referenceHint(written.reference, 'a whole number in that range')};
			}

			if (typeof value !== 'number' || !Number.isInteger(value)) {
				const hint = typeof value !== 'string' ? undefined
					: written?.isQuoted && /^-?\d+$/.test(value) ? dropQuotes(written, value)
						: options.unit === undefined ? undefined : unitHint(options.unit, value, written?.key, max);
				return {...wrong(expected, value), ...(hint ? {hint} : {})} as LeafResult;
			}

			return value < min || value > max ? {ok: false, message: `${value} is out of range; expected ${min} to ${max}`} : {ok: true, value};
		},
	};
}

export function boolean(description: string): LeafField {
	return {
		type: 'leaf',
		description,
		expected: 'true or false',
		jsonSchema: {anyOf: [{type: 'boolean'}, envReferenceSchema]},
		parse(value, written) {
			if (typeof value === 'boolean') {
				return {ok: true, value};
			}

			const spelled = typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() : undefined;
			if (typeof value === 'string' && written?.reference) {
				if (spelled !== undefined) return {ok: true, value: spelled === 'true'};
				return {ok: false, message: `expected \`${written.reference.text}\` to give true or false, found ${describe(value)}`, hint: referenceHint(written.reference, 'true or false')};
			}

			const hint = typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)
				? 'YAML 1.2 reads yes/no/on/off as text; write true or false'
				: spelled !== undefined && written?.isQuoted ? dropQuotes(written, spelled) : undefined;
			return {...wrong('true or false', value), ...(hint ? {hint} : {})} as LeafResult;
		},
	};
}

export function oneOf(description: string, values: readonly string[], options: {caseInsensitive?: boolean} = {}): LeafField {
	return {
		type: 'leaf',
		description,
		expected: `one of ${values.join(', ')}`,
		jsonSchema: {type: 'string', enum: [...values]},
		parse(value) {
			const string = typeof value === 'string' && options.caseInsensitive ? value.toUpperCase() : value;
			if (typeof string === 'string' && values.includes(string)) {
				return {ok: true, value: string};
			}

			const near = typeof value === 'string' ? didYouMean(value, values) : undefined;
			return {ok: false, message: `expected one of ${values.join(', ')}, found ${describe(value)}`, ...(near ? {hint: `did you mean \`${near}\`?`} : {})};
		},
	};
}

export const list = (description: string, items: Field, minItems?: number): ListField => ({type: 'list', description, items, minItems});
export const map = (description: string, values: Field, key?: {pattern?: RegExp; expected?: string; keyProblem?: MapField['keyProblem']; inLowerCase?: KeysInLowerCase}): MapField => ({type: 'map', description, values, keyPattern: key?.pattern, keyExpected: key?.expected, keyProblem: key?.keyProblem, keysInLowerCase: key?.inLowerCase});
export const object = (description: string, fields: Record<string, Field>, extra: {required?: string[]; exactlyOne?: string[]; notMappingHint?: ObjectField['notMappingHint']} = {}): ObjectField => ({type: 'object', description, fields, ...extra});
