import {isMap, isScalar, isSeq, type Scalar} from 'yaml';
import {didYouMean, synonymFor} from './did-you-mean.js';
import {emptyReferences, referencedVariables, substituteEnv} from './env.js';
import {secretFromEnv} from './env-secret.js';
import {isSecretPath, lastPathKey, secretParts} from './frame-secrets.js';
import {redact} from '../text/redact.js';
import {deref, invalid, joinPath, keyLocations, locate, locateOffset, report, stringPairs, throughAlias, type Invalid, type Located, type ReadContext} from './read-context.js';
import {found, type Field, type LeafField, type ObjectField, type Written} from './schema-model.js';
import {isDecimalText} from './decimal-text.js';
import {lowerCaseDuplicate} from './lower-case-keys.js';
import {describeForeignTemplate, describeQuotedFallback, findForeignTemplate, findQuotedFallback} from './template-syntax.js';

function substituteScalar(context: ReadContext, node: Scalar, path: string): string | Invalid {
	const value = node.value as string;
	const result = substituteEnv(value, context.env);
	if (result.ok) {
		const names = referencedVariables(value);
		for (const [index, fromEnv] of result.fromEnv.entries()) {
			const at = result.fromEnvAt[index]!;
			context.envParts.push({name: result.fromEnvNames[index]!, value: fromEnv, substituted: result.value, at});
			const secret = secretFromEnv({value: fromEnv, names: names.filter(name => context.env[name] === fromEnv), substituted: result.value, at, isSecretKey: isSecretPath(path)});
			if (secret === undefined) continue;
			context.secrets.push(secret);
			context.allSecrets.push(secret);
		}

		// Set but empty: no secret, but validate says so when it leaves a credential header without its token.
		for (const {name, at} of emptyReferences(value, context.env)) context.envParts.push({name, value: '', substituted: result.value, at});
		return result.value;
	}

	// Point at the reference itself: find it in the scalar's source text (quotes and escapes shift it).
	let where = locate(context, node);
	const range = node.range;
	if (range) {
		const source = context.text.slice(range[0], range[1]);
		let at = source.indexOf(result.reference);
		while (at > 0 && source[at - 1] === '$') {
			at = source.indexOf(result.reference, at + 1);
		}

		if (at >= 0) {
			where = locateOffset(context, range[0] + at, range[0] + at + result.reference.length);
		}
	}

	report(context, where, path, result.message, {hint: result.hint, ...(result.unset === undefined ? {} : {cause: {kind: 'unsetVariable', name: result.unset}})});
	return invalid;
}

/** `$API_HOST`: a `$` and an upper-case name, not `$${`, `${` or `$filter` (an OData query option), nor `$5`. */
const bareVariable = /(?<![$\w])\$([A-Z_][A-Z\d_]*)(?![\w{])/;

/** Reports `$NAME` without braces in a value that is sent as written (it would not be substituted); whether it did. */
function reportBareVariable(context: ReadContext, node: Scalar, path: string): boolean {
	const match = bareVariable.exec(node.value as string);
	if (match === null || !/[A-Z]/.test(match[1]!)) return false;
	const [written, name] = match as unknown as [string, string];
	let where = locate(context, node);
	if (isSecretPath(path)) {
		// The frame hides a credential's value; `$S3CR3T` may be part of it, not a variable's name: quoted in the
		// message, the hint or by the caret's width, it would be spelled out on the screen and in a CI log.
		report(context, where, path, '`$` and a name in this credential are sent as written, not read from the environment', {hint: 'for a variable, write its name in braces, ${NAME}; a credential that holds `$` itself goes under a `secret:` key of its own (docs/config.md)'});
		return true;
	}

	const range = node.range;
	const at = range ? context.text.slice(range[0], range[1]).indexOf(written) : -1;
	if (range && at >= 0) where = locateOffset(context, range[0] + at, range[0] + at + written.length);
	report(context, where, path, `\`${written}\` is not read from the environment: only \`\${${name}}\` is`, {hint: `write \${${name}} (or \${${name}:-fallback})`});
	return true;
}

/** Where `written`, a part of the scalar's value, is in the file: as written there (in double quotes, escaped), or the whole value. */
function locatePart(context: ReadContext, node: Scalar, written: string): Located {
	const range = node.range;
	if (!range) return locate(context, node);
	const source = context.text.slice(range[0], range[1]);
	for (const form of [written, JSON.stringify(written).slice(1, -1)]) {
		const at = source.indexOf(form);
		if (at >= 0) return locateOffset(context, range[0] + at, range[0] + at + form.length);
	}

	return locate(context, node);
}

/** Reports another tool's template (`{{PORT}}`, `%{PORT}`) in a value that is sent as written; whether it did. */
function reportForeignTemplate(context: ReadContext, node: Scalar, path: string): boolean {
	const template = findForeignTemplate(node.value as string);
	if (template === undefined) return false;
	if (isSecretPath(path)) {
		// As for `$NAME` in a credential: the template may be part of its text, which the frame hides.
		report(context, locate(context, node), path, 'another tool\'s template (`{{ }}`, `%{ }`, `$( )`) in this credential is sent as written, not read from the environment', {hint: 'for a variable, write its name in braces, ${NAME}; a credential that holds such text itself goes under a `secret:` key of its own (docs/config.md)'});
		return true;
	}

	report(context, locatePart(context, node, template.written), path, ...messageAndHint(describeForeignTemplate(template)));
	return true;
}

/** Reports `${NAME:-"fallback"}`, whose quotes would be kept; whether it did. A credential's fallback is not quoted back. */
function reportQuotedFallback(context: ReadContext, node: Scalar, path: string): boolean {
	const quoted = typeof node.value === 'string' ? findQuotedFallback(node.value) : undefined;
	if (quoted === undefined) return false;
	if (isSecretPath(path)) {
		report(context, locate(context, node), path, 'the fallback of a `${NAME:-…}` in this credential is in quotes, and uptop would keep them: a fallback is taken as written', {hint: 'write the fallback without quotes'});
		return true;
	}

	report(context, locatePart(context, node, quoted.written), path, ...messageAndHint(describeQuotedFallback(quoted)));
	return true;
}

const messageAndHint = ({message, hint}: {message: string; hint: string}): [string, {hint: string}] => [message, {hint}];

/** Assigns without invoking the `__proto__` setter: a key written in the file is always an own property. */
const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
	Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});
};

/** The text of a plain number scalar when JavaScript would print its value otherwise (`1.10` → "1.10"), else undefined. */
function numberAsWritten(node: Scalar): string | undefined {
	const {source} = node as Scalar & {source?: unknown};
	return node.type === 'PLAIN' && typeof source === 'string' && isDecimalText(source) && source !== String(node.value) ? source : undefined;
}

/** The booleans of YAML 1.1, text in YAML 1.2 (which uptop reads). */
const yamlOneOneBoolean = /^(yes|no|on|off)$/i;

/** The text of a plain number or boolean scalar (`0755`, `1e3`, `TRUE`), for a value that is text. */
function scalarAsWritten(node: Scalar): string | undefined {
	const {source} = node as Scalar & {source?: unknown};
	return node.type === 'PLAIN' && typeof source === 'string' && source !== '' ? source : undefined;
}

/** How a plain number or boolean is read: as YAML reads it, its decimals as written, or all of it as written. */
export type AsWritten = 'no' | 'decimals' | 'scalars';

/**
 * The node as a plain value, with `${ENV}` substituted in every string. With `decimals`, a number whose digits
 * would not survive the conversion (`1.10`, `2.0`) is kept as the text written; with `scalars`, every number and
 * boolean is.
 */
export function plain(context: ReadContext, rawNode: unknown, path: string, asWritten: AsWritten = 'no'): unknown {
	return throughAlias(context, rawNode, path, node => plainOf(context, node, path, asWritten));
}

function plainOf(context: ReadContext, rawNode: unknown, path: string, asWritten: AsWritten): unknown {
	const node = deref(context, rawNode, path);
	if (node === invalid) {
		return invalid;
	}

	if (node === null || node === undefined) {
		return null;
	}

	if (isScalar(node) && isLocalTag(node.tag)) {
		reportTag(context, node, node.tag, path);
		return invalid;
	}

	if (isScalar(node)) {
		if (typeof node.value === 'string' && asWritten === 'decimals' && node.type === 'PLAIN' && yamlOneOneBoolean.test(node.value)) {
			// Compared with what a target sends, the text `yes` never equals the JSON true a person meant.
			const meant = /^(yes|on)$/i.test(node.value) ? 'true' : 'false';
			report(context, locate(context, node), path, `\`${node.value}\` is text in YAML 1.2, so it would never match a JSON ${meant}`, {hint: `write ${meant}; or "${node.value}" in quotes for the text ${node.value}`});
			return invalid;
		}

		if (typeof node.value === 'string') {
			return substituteScalar(context, node, path);
		}

		if ((typeof node.value === 'number' || typeof node.value === 'boolean') && asWritten === 'scalars') {
			return scalarAsWritten(node) ?? node.value;
		}

		if (typeof node.value === 'number' && asWritten === 'decimals') {
			return numberAsWritten(node) ?? node.value;
		}

		if (node.value === null || typeof node.value === 'number' || typeof node.value === 'boolean') {
			return node.value;
		}

		report(context, locate(context, node), path, 'unsupported value (YAML tags such as !!binary are not used in checks.yaml)');
		return invalid;
	}

	if (isSeq(node)) {
		const items = node.items.map((item, index) => plain(context, item, joinPath(path, index), asWritten));
		return items.includes(invalid) ? invalid : items;
	}

	if (isMap(node)) {
		const output: Record<string, unknown> = {};
		let isValid = true;
		for (const {key, value} of stringPairs(context, node, path)) {
			const item = plain(context, value, joinPath(path, key), asWritten);
			isValid &&= item !== invalid;
			setOwn(output, key, item);
		}

		return isValid ? output : invalid;
	}

	return null;
}

/**
 * Words of 4 characters or more with a digit in them (a number, an id, a token) in `text` that are part of `value`,
 * hidden: `12345678` out of `> 12345678s`. Words without one are advice (`a line break`), or a part secretParts hides.
 */
const hideFragments = (text: string, value: string): string =>
	text.replaceAll(/[\p{L}\p{N}_.-]*\p{N}[\p{L}\p{N}_.-]*/gu, word => (word.length >= 4 && value.includes(word) ? '••••' : word));

/** `!oncall`: a tag of the file's own, which uptop gives no meaning (`!!str` and the other YAML tags are read). */
const isLocalTag = (tag: string | undefined): tag is string => tag !== undefined && !tag.startsWith('tag:yaml.org,2002:');

/**
 * `owner: !oncall` is a tag and an empty value, `X-Api-Key: !Zx9k…` an empty header: YAML only warns, and the
 * value that was meant never arrives. A credential is not quoted back.
 */
function reportTag(context: ReadContext, node: Scalar, tag: string, path: string): void {
	const start = node.range ? context.text.lastIndexOf(tag, node.range[0]) : -1;
	const where = start === -1 ? locate(context, node) : locateOffset(context, start, start + tag.length);
	if (isSecretPath(path)) {
		report(context, where, path, 'a value that starts with ! is read as a YAML tag, not as the value', {hint: 'put the value in quotes'});
		return;
	}

	const written = typeof node.value === 'string' && node.value !== '' ? `${tag} ${node.value}` : tag;
	report(context, where, path, `\`${tag}\` is read as a YAML tag, not as the value: a value that starts with ! is one`, {hint: `put it in quotes: "${written}"`});
}

const isSecretWrapper = (node: unknown): boolean =>
	isMap(node) && node.items.length === 1 && isScalar(node.items[0]?.key) && node.items[0].key.value === 'secret';

function readLeaf(context: ReadContext, node: unknown, field: LeafField, path: string, where: Located, siblings?: Readonly<Record<string, unknown>>): unknown {
	if (field.secretable && isSecretWrapper(node)) {
		const inner = (node as {items: Array<{value: unknown}>}).items[0]!.value;
		const innerNode = deref(context, inner, path);
		if (innerNode === invalid) {
			return invalid;
		}

		// A credential written in the file may hold `$ABC`; it is sent as written, never quoted in an error.
		const value = readLeaf(context, innerNode, {...field, secretable: false, refusesBareVariables: false}, joinPath(path, 'secret'), locate(context, inner, where));
		if (typeof value === 'string' && value !== '') {
			context.secrets.push(value);
			context.allSecrets.push(value);
		}

		return value;
	}

	if (field.refusesBareVariables && isScalar(node) && typeof node.value === 'string' && (reportBareVariable(context, node, path) || reportForeignTemplate(context, node, path))) {
		return invalid;
	}

	if (field.refusesQuotedFallbacks && isScalar(node) && reportQuotedFallback(context, node, path)) {
		return invalid;
	}

	const escape = field.refusesWrittenEscapes && isScalar(node) && typeof node.value === 'string' && node.type !== 'QUOTE_DOUBLE'
		? /\\[rnt]/.exec(node.value.replaceAll(/\$\{[^}]*\}/g, ''))?.[0]
		: undefined;
	if (escape !== undefined) {
		// The value is not quoted back: a `send:` may hold a password (AUTH).
		report(context, where, path, `\`${path.split('.').pop()}\` holds ${escape} as two characters, a backslash and ${escape[1]!}: YAML reads escapes only in double quotes`, {
			hint: `write the value in double quotes, where \\r is a carriage return and \\n a line feed: ${path.split('.').pop()}: "…\\r\\n" (a backslash to send, as in a JSON escape, is \\\\ there)`,
		});
		return invalid;
	}

	const value = plain(context, node, path, field.scalarsAsWritten ? 'scalars' : field.numbersAsWritten ? 'decimals' : 'no');
	if (value === invalid) {
		return invalid;
	}

	// What `null` and `~` are written as; an empty value's source is ''.
	const isNullWritten = isScalar(node) && typeof node.source === 'string' && node.source !== '';
	if (value === null && !(field.takesNull && isNullWritten)) {
		const key = lastPathKey(path);
		report(context, where, path, `\`${key}\` has no value`, field.takesNull
			? {expected: field.expected, hint: `write the value the field must have, or null for a JSON null: ${key}: null`}
			: {expected: field.expected});
		return invalid;
	}

	const result = field.parse(value, written(context, node, path, siblings));
	// `timeout: ${T:-"5s"}`: "not a duration" would not say that the quotes are the trouble.
	if (!result.ok && isScalar(node) && reportQuotedFallback(context, node, path)) {
		return invalid;
	}

	if (!result.ok) {
		// A hint rebuilt from a credential or a `${NAME}` value (`add the scheme: http://…`, `write "> 12345678"`) shows
		// the advice, not the value's parts.
		const isHidden = typeof value === 'string' && (isSecretPath(path) || (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')));
		const hint = isHidden && result.hint !== undefined ? hideFragments(redact(result.hint, [value, ...secretParts([value])]), value) : result.hint;
		const itemNode = result.item !== undefined && isSeq(node) ? node.items[result.item] : undefined;
		const shown = itemNode !== undefined && Array.isArray(value) ? {where: locate(context, itemNode, where), found: found(value[result.item!])} : {where, found: found(value)};
		report(context, shown.where, path, withKey(path, result.message), {expected: field.expected, found: shown.found, hint});
		return invalid;
	}

	return result.value;
}

/** How `node` was written, for the leaf to read a number from `${NAME}` and to say what to write instead. */
function written(context: ReadContext, node: unknown, path: string, siblings: Readonly<Record<string, unknown>> | undefined): Written {
	const scalar = isScalar(node) ? node : undefined;
	const text = typeof scalar?.value === 'string' ? scalar.value : undefined;
	const names = text === undefined ? [] : [...new Set(referencedVariables(text))];
	return {
		...(path === '' ? {} : {key: lastPathKey(path)}),
		isQuoted: scalar?.type === 'QUOTE_DOUBLE' || scalar?.type === 'QUOTE_SINGLE',
		...(names.length === 0 ? {} : {reference: {text: text!, variables: names.map(name => ({name, isSet: (context.env[name] ?? '') !== ''}))}}),
		...(siblings === undefined ? {} : {siblings}),
	};
}

/** `expected a string, ...` → `` `expect`: expected a string, ...``: say which key, since a line may hold several. */
const withKey = (path: string, message: string): string => {
	const key = path === '' ? undefined : lastPathKey(path);
	if (key === undefined) return message;
	// "must not be empty" alone does not say which of the line's keys it is about.
	return message.startsWith('expected') ? `\`${key}\`: ${message}` : message.startsWith('must ') ? `\`${key}\` ${message}` : message;
};

const kindOfNode = (node: unknown): string => (isMap(node) ? 'a mapping' : isSeq(node) ? 'a list' : isScalar(node) ? found(node.value) : 'nothing');

/**
 * Checks `node` against `field`; returns the value, or `invalid` after reporting why. `siblings`, the plain values
 * beside it in its mapping, reach a leaf's `parse` (a threshold's hint reads the check's `unit:`).
 */
export function readField(context: ReadContext, rawNode: unknown, field: Field, path: string, fallback?: Located, siblings?: Readonly<Record<string, unknown>>): unknown {
	return throughAlias(context, rawNode, path, node => readFieldOf(context, node, field, path, fallback, siblings));
}

function readFieldOf(context: ReadContext, rawNode: unknown, field: Field, path: string, fallback?: Located, siblings?: Readonly<Record<string, unknown>>): unknown {
	const node = deref(context, rawNode, path);
	if (node === invalid) {
		return invalid;
	}

	const where = locate(context, node, fallback);
	switch (field.type) {
		case 'leaf': {
			return readLeaf(context, node, field, path, where, siblings);
		}

		case 'list': {
			if (!isSeq(node)) {
				report(context, where, path, withKey(path, `expected a list, found ${kindOfNode(node)}`), {hint: 'write a list as [a, b] or as lines starting with "- "'});
				return invalid;
			}

			if (field.minItems !== undefined && node.items.length < field.minItems) {
				report(context, where, path, 'the list is empty');
				return invalid;
			}

			const items = node.items.map((item, index) => readField(context, item, field.items, joinPath(path, index), where));
			return items.includes(invalid) ? invalid : items;
		}

		case 'map': {
			if (!isMap(node)) {
				// `- Authorization: x` under headers: a list of one-pair mappings is a mapping written with dashes.
				const isDashedMapping = isSeq(node) && node.items.length > 0 && node.items.every(item => isMap(item) && item.items.length === 1);
				report(context, where, path, withKey(path, `expected a mapping of name: value, found ${kindOfNode(node)}`), isDashedMapping ? {hint: 'drop the "- " before each name: value line'} : pairsAsTextHint(node, path));
				return invalid;
			}

			const output: Record<string, unknown> = {};
			// Where each value is, as for an object's keys: a cross-key error (a Content-Length against the body) points at it.
			const locations = new Map<string, Located>();
			keyLocations.set(output, locations);
			let isValid = true;
			const byLowerCase = new Map<string, {key: string; where: Located}>();
			for (const {key, keyNode, value} of stringPairs(context, node, path)) {
				locations.set(key, isScalar(value) ? locate(context, value, locate(context, keyNode)) : locate(context, keyNode));
				if (field.keyPattern && !field.keyPattern.test(key)) {
					// A header or env name from `${NAME}` would need substitution in keys, which uptop does not do.
					const hint = key.includes('${') ? `\${NAME} is read in values, not in keys: write the ${field.keyExpected?.replace(/^an? /, '') ?? 'key'} itself` : undefined;
					report(context, locate(context, keyNode), joinPath(path, key), `\`${key}\` is not ${field.keyExpected ?? 'a valid key'}`, hint === undefined ? {} : {hint});
					isValid = false;
					continue;
				}

				// The value as written, or an object for a mapping or a list: enough to tell a setting from a header.
				const problem = field.keyProblem?.(key, isScalar(value) ? value.value : isMap(value) || isSeq(value) ? {} : value);
				if (problem) {
					report(context, locate(context, keyNode), joinPath(path, key), problem.message, {hint: problem.hint});
					isValid = false;
					continue;
				}

				if (field.keysInLowerCase) {
					const here = locate(context, keyNode);
					const first = byLowerCase.get(key.toLowerCase());
					if (first) {
						const {message, hint} = lowerCaseDuplicate(field.keysInLowerCase, key, here, first);
						report(context, here, joinPath(path, key), message, {hint});
						isValid = false;
						continue;
					}

					byLowerCase.set(key.toLowerCase(), {key, where: here});
				}

				const item = readField(context, value, field.values, joinPath(path, key), locate(context, keyNode));
				isValid &&= item !== invalid;
				setOwn(output, key, item);
			}

			return isValid ? output : invalid;
		}

		case 'object': {
			const output = readObject(context, node, field, path, where);
			return output === invalid || incomplete.has(output) ? invalid : output;
		}
	}
}

/**
 * `headers: ["Authorization: Bearer …"]`, `env: [MODE=fast]`: pairs written as text, as curl's -H or a Dockerfile
 * takes them. The hint names the first name only: a value may be a secret.
 */
function pairsAsTextHint(node: unknown, path: string): {hint?: string} {
	if (!isSeq(node) || node.items.length === 0) return {};
	const pairs = node.items.map(item => (isScalar(item) && typeof item.value === 'string' ? /^\s*([\w-]+)\s*(?::\s|=)/.exec(item.value)?.[1] : undefined));
	if (pairs.some(name => name === undefined)) return {};
	const key = path.split('.').at(-1)!;
	const name = key === 'env' ? 'NAME' : 'Name';
	return {hint: `write one ${name}: value per line under \`${key}:\`, without "- ", quoting the value, not the pair: ${pairs[0]!}: "…"`};
}

export type ObjectOptions = {
	/** Explains a key that is not in `field.fields` (e.g. "belongs to tcp checks"); did-you-mean otherwise. */
	readonly explainUnknown?: (key: string) => string | undefined;
	/** A hint for a key that is not in `field.fields`, given its value (another tool's key); did-you-mean otherwise. */
	readonly hintUnknown?: (key: string, value: unknown) => string | undefined;
	/** Words for messages, e.g. "check `payments api`". */
	readonly label?: string;
};

/** Objects returned by `readObject` that had an invalid or missing key (already reported). */
export const incomplete = new WeakSet<object>();

/** YAML merge keys are read as a plain key `<<` (merging is off): where shared settings go instead. */
export const mergeKeyHint = 'merge keys (<<) are not supported; put shared settings in `defaults` or a group';

/**
 * Reads a mapping with known keys. Returns what could be read even when some keys were invalid (then
 * the object is in `incomplete`), so the caller can still check names for duplicates.
 */
export function readObject(context: ReadContext, rawNode: unknown, field: ObjectField, path: string, fallback?: Located, options: ObjectOptions = {}): Record<string, unknown> | Invalid {
	return throughAlias(context, rawNode, path, node => readObjectOf(context, node, field, path, fallback, options));
}

function readObjectOf(context: ReadContext, rawNode: unknown, field: ObjectField, path: string, fallback: Located | undefined, options: ObjectOptions): Record<string, unknown> | Invalid {
	const node = deref(context, rawNode, path);
	if (node === invalid) {
		return invalid;
	}

	const where = locate(context, node, fallback);
	if (!isMap(node)) {
		const hint = field.notMappingHint?.(isScalar(node) ? node.value : isSeq(node) ? node.toJSON() : undefined);
		report(context, where, path, withKey(path, `expected a mapping of key: value, found ${kindOfNode(node)}`), hint === undefined ? {expected: field.description} : {hint});
		return invalid;
	}

	const output: Record<string, unknown> = {};
	const locations = new Map<string, Located>();
	let isValid = true;
	const known = Object.keys(field.fields);
	const pairs = stringPairs(context, node, path);
	// Object.fromEntries defines own properties: a `__proto__` key written in the file sets no prototype.
	const siblings = Object.fromEntries(pairs.flatMap(pair => (isScalar(pair.value) ? [[pair.key, pair.value.value]] : [])));
	// Required keys an unknown key was taken for: its "did you mean" says all, a "missing" error would repeat it.
	const misspelled = new Set<string>();
	for (const {key, keyNode, value} of pairs) {
		const keyWhere = locate(context, keyNode);
		const child = field.fields[key];
		if (!child) {
			const suggestion = synonymFor(key, known) ?? didYouMean(key, known);
			const elsewhere = options.explainUnknown?.(key);
			const isRequired = suggestion !== undefined && (field.required ?? []).includes(suggestion) && !pairs.some(pair => pair.key === suggestion);
			if (isRequired) misspelled.add(suggestion);
			report(context, keyWhere, joinPath(path, key), `unknown key \`${key}\`${options.label ? ` in ${options.label}` : ''}${elsewhere ? ` (${elsewhere})` : ''}`, {
				hint: key === '<<' ? mergeKeyHint : options.hintUnknown?.(key, value) ?? (suggestion ? `did you mean \`${suggestion}\`?${isRequired ? ' (it is required)' : ''}` : `known keys: ${known.join(', ')}`),
			});
			isValid = false;
			continue;
		}

		const item = readField(context, value, child, joinPath(path, key), keyWhere, siblings);
		locations.set(key, isScalar(value) || value === null ? locate(context, value ?? keyNode, keyWhere) : keyWhere);
		if (item === invalid) {
			isValid = false;
		} else {
			setOwn(output, key, item);
		}
	}

	for (const key of field.required ?? []) {
		if (!(key in output) && !pairs.some(pair => pair.key === key) && !misspelled.has(key)) {
			report(context, where, path, `missing \`${key}\`${options.label ? ` in ${options.label}` : ''}`, {expected: describeField(field.fields[key])});
			isValid = false;
		}
	}

	if (field.exactlyOne) {
		// Keys written, read or not: `version: {json: ""}` is one wrong key, not also none of the two.
		const present = field.exactlyOne.filter(key => pairs.some(pair => pair.key === key));
		if (present.length !== 1) {
			report(context, where, path, present.length === 0 ? `expected one of ${field.exactlyOne.map(key => `\`${key}\``).join(' or ')}` : `give only one of ${present.map(key => `\`${key}\``).join(' or ')}`);
			isValid = false;
		}
	}

	keyLocations.set(output, locations);
	if (!isValid) {
		incomplete.add(output);
	}

	return output;
}

const describeField = (field: Field | undefined): string | undefined => (field?.type === 'leaf' ? field.expected : field?.description);
