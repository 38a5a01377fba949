import {isAlias, isMap, isScalar, isSeq, type YAMLMap} from 'yaml';
import type {AliasUse} from './alias-notes.js';
import {dnsExpectProblem} from './dns-expect.js';
import {didYouMean} from './did-you-mean.js';
import {builtinDefaults, checkKinds, commonFields, kindFormats} from './format.js';
import {deref, invalid, joinPath, locate, locateOffset, report, stringPairs, throughAlias, type Located, type ReadContext} from './read-context.js';
import {kindAsKeyHint, unknownKindHint} from './kind-hints.js';
import {otherToolKeyHint} from './other-tools.js';
import {incomplete, mergeKeyHint, plain, readObject} from './read-node.js';
import {object} from './schema-model.js';
import type {CheckKind, EnvPart, Secret} from './types.js';

/** A check as written in one file, validated key by key but not yet merged with groups and defaults. */
export type RawCheck = {
	readonly kind: CheckKind;
	readonly values: Readonly<Record<string, unknown>>;
	/** False when some key was invalid (already reported): the check is only used for duplicate names. */
	readonly isComplete: boolean;
	readonly secrets: readonly Secret[];
	readonly envParts: readonly EnvPart[];
	readonly source: Located;
	readonly path: string;
	/** Absolute path of the file it was written in (relative paths in it are resolved against it). */
	readonly absoluteFile: string;
	/**
	 * For a check written as an alias (`- *api`): the alias, where it is written, and the aliases it was read
	 * through with where its anchored text starts and ends, so an error found in that text later names them.
	 */
	readonly alias?: {readonly name: string; readonly at: Located; readonly readThrough: readonly AliasUse[]; readonly from: Located; readonly to: Located};
};

/** Keys that point at another kind, for "did you forget `kind:`?" hints. */
const kindsByKey = (key: string): CheckKind[] => checkKinds.filter(kind => key in kindFormats[kind].fields);

function inferKind(context: ReadContext, node: unknown, path: string, where: Located, label: string): CheckKind | undefined {
	const pairs = stringPairs(context, node, path, true);
	const kindPair = pairs.find(pair => pair.key === 'kind');
	if (!kindPair) {
		if (pairs.some(pair => pair.key === 'url')) {
			return 'http';
		}

		// `<<: *base` whose anchor holds the `url` or `kind`: the merge is what is wrong, not a missing kind.
		const mergeKey = pairs.find(pair => pair.key === '<<');
		if (mergeKey) {
			report(context, locate(context, mergeKey.keyNode, where), joinPath(path, '<<'), `unknown key \`<<\` in ${label}`, {hint: mergeKeyHint});
			return undefined;
		}

		// `ulr:` is an http check with its url misspelled: say that, at the key, rather than ask for a kind.
		const misspelledUrl = pairs.find(pair => pair.key !== 'kind' && !(pair.key in commonFields) && kindsByKey(pair.key).length === 0 && didYouMean(pair.key, ['url']) === 'url');
		if (misspelledUrl) {
			report(context, locate(context, misspelledUrl.keyNode, where), joinPath(path, misspelledUrl.key), `unknown key \`${misspelledUrl.key}\``, {
				hint: 'did you mean `url`? (with `url:` and no `kind:` the check is http)',
			});
			return undefined;
		}

		const guesses = [...new Set(pairs.flatMap(pair => (pair.key === 'expect' || pair.key === 'headers' ? [] : kindsByKey(pair.key))))];
		report(context, where, path, 'missing `kind` (and no `url` for an http check)', {
			expected: `kind: one of ${checkKinds.join(', ')}`,
			hint: otherToolKind(pairs) ?? (guesses.length > 0 ? `add kind: ${guesses.join(' or kind: ')}` : kindWrittenAsKey(pairs) ?? 'add `url:` for an http check, or `kind:`'),
		});
		return undefined;
	}

	const value = plain(context, kindPair.value, joinPath(path, 'kind'));
	if (value === invalid) {
		return undefined;
	}

	if (typeof value === 'string' && (checkKinds as readonly string[]).includes(value)) {
		return value as CheckKind;
	}

	const hostPair = pairs.find(pair => pair.key === 'host');
	const writtenHost = isScalar(hostPair?.value) && typeof hostPair.value.value === 'string' ? hostPair.value.value : undefined;
	const suggestion = typeof value === 'string' ? unknownKindHint(value, writtenHost) ?? didYouMeanHint(value) : undefined;
	report(context, locate(context, kindPair.value, locate(context, kindPair.keyNode)), joinPath(path, 'kind'), `unknown kind \`${String(value)}\``, {
		expected: `one of ${checkKinds.join(', ')}`,
		found: String(value),
		...(suggestion ? {hint: suggestion} : {}),
	});
	return undefined;
}

function didYouMeanHint(value: string): string | undefined {
	const kind = didYouMean(value, checkKinds);
	return kind === undefined ? undefined : `did you mean \`${kind}\`?`;
}

/** Keys of other tools that say what a check probes: a Kubernetes probe's `httpGet:` or `exec:`, Uptime Kuma's `type: port`. */
const otherToolTargetKeys = new Set(['httpGet', 'tcpSocket', 'exec', 'grpc', 'prober', 'type']);

const siblingsOf = (pairs: ReturnType<typeof stringPairs>): Map<string, unknown> => new Map(pairs.map(pair => [pair.key, pair.value]));

function otherToolKind(pairs: ReturnType<typeof stringPairs>): string | undefined {
	const siblings = siblingsOf(pairs);
	for (const {key, value} of pairs) {
		const hint = otherToolTargetKeys.has(key) ? otherToolKeyHint(key, value, siblings) : undefined;
		if (hint !== undefined) return hint;
	}

	return undefined;
}

/** `tcp: db:5432` for `kind: tcp` + `host: db:5432`: the first key that names a kind (or a service) instead of being one. */
function kindWrittenAsKey(pairs: ReturnType<typeof stringPairs>): string | undefined {
	for (const {key, value} of pairs) {
		const hint = kindAsKeyHint(key, isScalar(value) ? value.value : undefined, checkKinds);
		if (hint !== undefined) return hint;
	}

	return undefined;
}

/** `status: 200` on the check itself, one level up from `expect:` (an indentation slip, or a guess): where it goes. */
function expectKeyHint(kind: CheckKind, key: string, value: unknown, context: ReadContext): string | undefined {
	const expect = kindFormats[kind].fields.expect;
	if (expect?.type !== 'object' || !(key in expect.fields)) return undefined;
	const range = (value as {range?: [number, number, number]} | null)?.range;
	const written = range ? context.text.slice(range[0], range[1]).trim() : '';
	const flowValue = written !== '' && !written.includes('\n') ? written : '…';
	return `\`${key}\` goes under \`expect:\`: \`expect: {${key}: ${flowValue}}\``;
}

/** Reports each `expect:` answer a dns check could never get (an address of the other family); whether there was none. */
function dnsAnswersAnswerable(context: ReadContext, node: YAMLMap, values: Readonly<Record<string, unknown>>, path: string): boolean {
	const answers = values.expect;
	if (!Array.isArray(answers)) return true;
	const type = typeof values.type === 'string' ? values.type : builtinDefaults.dnsType;
	const listNode = deref(context, stringPairs(context, node, path, true).find(pair => pair.key === 'expect')?.value, joinPath(path, 'expect'));
	let isAnswerable = true;
	for (const [index, answer] of answers.entries()) {
		const problem = typeof answer === 'string' ? dnsExpectProblem(type, answer, answers.filter((_item, other) => other !== index).map(String)) : undefined;
		if (problem === undefined) continue;
		const itemNode = isSeq(listNode) ? listNode.items[index] : undefined;
		report(context, locate(context, itemNode, locate(context, listNode)), joinPath(joinPath(path, 'expect'), index), problem.message, {hint: problem.hint});
		isAnswerable = false;
	}

	return isAnswerable;
}

/** Reads one entry of a `checks:` list. */
export function readCheck(context: ReadContext, rawNode: unknown, path: string, fallback: Located): RawCheck | undefined {
	let target: unknown;
	const check = throughAlias(context, rawNode, path, node => {
		target = node;
		return readCheckOf(context, node, path, fallback);
	});
	if (check === invalid || check === undefined) return undefined;
	const range = (target as {range?: [number, number, number]} | undefined)?.range;
	if (!isAlias(rawNode) || range === undefined) return check;
	const at = locate(context, rawNode);
	const readThrough = [...context.aliasesReadThrough, {name: rawNode.source, line: at.line}];
	return {...check, alias: {name: rawNode.source, at, readThrough, from: locateOffset(context, range[0]), to: locateOffset(context, range[1])}};
}

function readCheckOf(context: ReadContext, rawNode: unknown, path: string, fallback: Located): RawCheck | undefined {
	const node = deref(context, rawNode, path);
	if (node === invalid) {
		return undefined;
	}

	const where = locate(context, node, fallback);
	if (!isMap(node)) {
		report(context, where, path, 'a check must be a mapping (name: ..., url: ...)', {found: isScalar(node) ? String(node.value) : 'a list'});
		return undefined;
	}

	const namePair = stringPairs(context, node, path, true).find(pair => pair.key === 'name');
	const label = isScalar(namePair?.value) && typeof namePair.value.value === 'string' ? `check \`${namePair.value.value}\`` : `${path}`;
	const kind = inferKind(context, node, path, where, label);
	if (!kind) {
		return undefined;
	}

	const format = kindFormats[kind];
	const field = object('A check', {...commonFields, ...format.fields}, {required: ['name', ...format.required]});
	context.secrets = [];
	context.envParts = [];
	const values = readObject(context, node, field, path, where, {
		label: `${kind} ${label}`,
		hintUnknown: (key, value) => expectKeyHint(kind, key, value, context) ?? otherToolKeyHint(key, value, siblingsOf(stringPairs(context, node, path, true))),
		explainUnknown(key) {
			const owners = kindsByKey(key);
			return owners.length > 0 ? `\`${key}\` belongs to ${owners.join(', ')} checks` : undefined;
		},
	});
	if (values === invalid) {
		return undefined;
	}

	const isAnswerable = kind !== 'dns' || dnsAnswersAnswerable(context, node, values, path);
	return {kind, values, isComplete: isAnswerable && !incomplete.has(values), secrets: context.secrets, envParts: context.envParts, source: where, path, absoluteFile: context.absoluteFile};
}
