import type {Secret} from '../config/types.js';
import {foldForPairs, pairCount, PairReader, pairText, secretPairs} from './secret-pairs.js';
import {escapeRegExp, secretPattern, type SecretPatternOptions, tokenBefore, tokenAfter, tokenCharacter} from './secret-pattern.js';
import {hidePieces, pieceAnchor, type PieceEnd, type PieceGroup} from './secret-pieces.js';

/** What replaces a secret wherever it would appear (screen, `--json`, logs, history, reports). */
export const redactionMark = '••••';

/** The text of a secret, whichever way it is hidden. */
export const secretText = (secret: Secret): string => (typeof secret === 'string' ? secret : secret.wholeToken);

/**
 * The pattern of `form` itself standing as a whole token. A boundary is asked for only at an end that is itself part
 * of a token: a value ending in `!` or `]` ends its token there, so `a+b!x` still hides `a+b!`.
 */
function wholeTokenPattern(form: string): RegExp {
	const characters = [...form];
	const before = tokenCharacter.test(characters[0]!) ? tokenBefore : '';
	const after = tokenCharacter.test(characters.at(-1)!) ? tokenAfter : '';
	return new RegExp(`${before}${escapeRegExp(form)}${after}`, 'gu');
}

/** Whether `text` from `start` to `end` stands as a whole token, as redact() reads one for a whole-token secret. */
export function isWholeToken(text: string, start: number, end: number): boolean {
	const pattern = wholeTokenPattern(text.slice(start, end));
	pattern.lastIndex = start;
	return pattern.exec(text)?.index === start;
}

/**
 * One secret text as redact() looks for it, or the anchor of its pieces (secret-pieces.ts): the pairs that rule a
 * text out (as numbers, and as lower-case text), and what hides it in a text, its pattern made when first needed.
 */
type Matcher = {readonly pairs: readonly number[]; readonly plainPairs: readonly string[]; readonly pattern: () => RegExp; readonly hide: (text: string) => string};

// Shared by every secret array that holds the same text: the config loader and report make new arrays of the same
// secrets. A config's secrets are a few hundred at most; the bound only stops a process that reloads forever.
const matchers = new Map<string, Matcher>();
const matcherLimit = 4096;

function matcherFor(value: string, options: SecretPatternOptions): Matcher {
	const key = `${options.wholeToken ? 'w' : 'a'}${options.ignoreCase ? 'i' : 's'}${value}`;
	let matcher = matchers.get(key);
	if (matcher === undefined) {
		if (matchers.size >= matcherLimit) matchers.clear();
		let pattern: RegExp | undefined;
		const pairs = secretPairs(value);
		const patternOf = () => (pattern ??= secretPattern(value, options));
		matcher = {pairs, plainPairs: pairs.map(pair => pairText(pair)), pattern: patternOf, hide: text => text.replaceAll(patternOf(), redactionMark)};
		matchers.set(key, matcher);
	}

	return matcher;
}

/**
 * Finds the few matchers of a large set a text may hold without asking each one: every matcher is filed under one of
 * its pairs, the one fewest others in the set share, so each of a text's pairs leads to a short list. A matcher with
 * no pair (no two ASCII letters or digits side by side) may be in any text.
 */
type PairIndex = {readonly unpaired: readonly number[]; readonly byPair: ReadonlyMap<number, readonly number[]>};

/** A secret set's matchers, in the order they run, and for a large set its index. */
type SecretSet = {readonly matchers: readonly Matcher[]; readonly index: PairIndex | undefined};

/**
 * Up to this many matchers, each one is asked of a text (see dueIn) rather than looked up, and no index is made: a
 * config error passes each secret alone in a new array. A text with no `%` or `\` is then searched for each one's
 * pairs as plain text: searching a 4 KB body for a pair it lacks took about 0.28 µs, reading it into all its pairs
 * 9 µs, so the two meet near 32 (0.03 µs and 1 µs for 200 bytes). A check's own secrets are a few; the history's,
 * every check's.
 */
const fewMatchers = 32;

function indexByPair(matchers: readonly Matcher[]): PairIndex {
	const sharedBy = new Uint32Array(pairCount);
	for (const {pairs} of matchers) for (const pair of pairs) sharedBy[pair]!++;
	const unpaired: number[] = [];
	const byPair = new Map<number, number[]>();
	for (const [index, {pairs}] of matchers.entries()) {
		if (pairs.length === 0) {
			unpaired.push(index);
			continue;
		}

		const rarest = pairs.reduce((best, pair) => (sharedBy[pair]! < sharedBy[best]! ? pair : best));
		const filed = byPair.get(rarest);
		if (filed === undefined) byPair.set(rarest, [index]);
		else filed.push(index);
	}

	return {unpaired, byPair};
}

/**
 * The matchers of a secret set, in the order they run. Longest first, so a secret that contains another is hidden
 * whole; a text that is both a credential and a whole-token value is hidden everywhere. Every secret in its own letter
 * case goes before any in another case: the whole value `Bearer xyz` of a header must not take the word `bearer`
 * from a body that echoes `bearer xyz`, where `xyz` alone is the secret. A whole-token value keeps its letter case:
 * it is short and no credential, and `EU` is no `eu`.
 */
function compile(secrets: readonly Secret[]): SecretSet {
	const isWholeTokenOnly = new Map<string, boolean>();
	for (const secret of secrets) {
		const value = secretText(secret);
		if (value !== '') isWholeTokenOnly.set(value, (isWholeTokenOnly.get(value) ?? true) && typeof secret !== 'string');
	}

	const byLength = [...isWholeTokenOnly].map(([value, wholeToken]) => ({value, wholeToken, length: [...value].length}));
	const longestFirst = byLength.sort((a, b) => b.length - a.length).map(({value, wholeToken}) => [value, wholeToken] as const);
	const ownCase = longestFirst.map(([value, wholeToken]) => matcherFor(value, {wholeToken, ignoreCase: false}));
	const everywhere = longestFirst.filter(([, wholeToken]) => !wholeToken).map(([value]) => value);
	const anyCase = everywhere.map(value => matcherFor(value, {wholeToken: false, ignoreCase: true}));
	// After every whole secret: a piece is what is left of one a target cut.
	const ordered = [...ownCase, ...anyCase, ...pieceMatchers(everywhere, 'start'), ...pieceMatchers(everywhere, 'end')];
	return {matchers: ordered, index: ordered.length > fewMatchers ? indexByPair(ordered) : undefined};
}

/**
 * The pieces of secrets hidden wherever they appear (secret-pieces.ts), longest secret first: one matcher for each
 * anchor, shared by the secrets that start (or end) with it, so the text is searched for it once.
 */
function pieceMatchers(longestFirst: readonly string[], end: PieceEnd): Matcher[] {
	const byAnchor = new Map<string, string[][]>();
	for (const value of longestFirst) {
		const anchor = pieceAnchor(value, end);
		if (anchor === undefined) continue;
		const secrets = byAnchor.get(anchor);
		if (secrets === undefined) byAnchor.set(anchor, [[...value]]);
		else secrets.push([...value]);
	}

	return [...byAnchor].map(([anchor, secrets]) => {
		const {pairs, plainPairs, pattern} = matcherFor(anchor, {wholeToken: false, ignoreCase: true});
		let group: PieceGroup | undefined;
		return {pairs, plainPairs, pattern, hide: text => hidePieces(text, group ??= {end, anchor: pattern(), secrets}, redactionMark)};
	});
}

// redact() runs on every string of every result; a check's secrets are one array for as long as its config lives.
// The config loader still adds to its arrays while it reads, so a cached entry holds the items it was made from.
const compiled = new WeakMap<readonly Secret[], {readonly from: readonly Secret[]; readonly set: SecretSet}>();

function secretSetOf(secrets: readonly Secret[]): SecretSet {
	const cached = compiled.get(secrets);
	if (cached?.from.length === secrets.length && cached.from.every((secret, index) => secret === secrets[index])) {
		return cached.set;
	}

	const set = compile(secrets);
	compiled.set(secrets, {from: [...secrets], set});
	return set;
}

// redact() runs to its end before another call can read, so one reader serves every call.
const reader = new PairReader();

/** The matchers `text` may hold (every pair of theirs is in it), in the order they run. */
function dueIn(text: string, {matchers, index}: SecretSet): number[] {
	const due: number[] = [];
	if (index === undefined) {
		if (/[%\\]/.test(text)) {
			reader.pairsIn(text);
			for (const [at, {pairs}] of matchers.entries()) if (pairs.every(pair => reader.has(pair))) due.push(at);
		} else {
			const folded = foldForPairs(text);
			for (const [at, {plainPairs}] of matchers.entries()) if (plainPairs.every(pair => folded.includes(pair))) due.push(at);
		}

		return due;
	}

	due.push(...index.unpaired);
	for (const pair of reader.pairsIn(text)) {
		for (const at of index.byPair.get(pair) ?? []) {
			if (matchers[at]!.pairs.every(other => reader.has(other))) due.push(at);
		}
	}

	return due.sort((a, b) => a - b);
}

/**
 * How many of `secrets`' patterns redact() would run on `text`: the ones its pairs leave possible. What keeps redact()
 * cheap with a large set, told without a clock (the tests; timing is the benchmarks' business).
 */
export function patternsDueIn(text: string, secrets: readonly Secret[]): number {
	return secrets.length === 0 || text.length === 0 ? 0 : dueIn(text, secretSetOf(secrets)).length;
}

/**
 * Replaces every occurrence of each secret with `••••`, in every form a target or an error echoes it in: its own
 * text, percent-encoded (either hex case, `+` for a space, any characters left plain), JSON-escaped (`\u0041`, `\/`),
 * and, for a secret hidden everywhere, in any letter case. A TokenSecret only where it is a whole token. Of a secret
 * hidden everywhere, also a long piece a target cut it to (secret-pieces.ts).
 */
export function redact(text: string, secrets: readonly Secret[]): string {
	if (secrets.length === 0 || text.length === 0) {
		return text;
	}

	const set = secretSetOf(secrets);
	let output = text;
	// Worked out from the text as given: hiding a secret puts `••••` in, which makes no new pair.
	for (const index of dueIn(text, set)) output = set.matchers[index]!.hide(output);
	return output;
}

/** Redacts every string inside a JSON-like value (for `--json`, history lines and reports). */
export function redactDeep<T>(value: T, secrets: readonly Secret[]): T {
	if (secrets.length === 0) {
		return value;
	}

	if (typeof value === 'string') {
		return redact(value, secrets) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => redactDeep(item, secrets)) as T;
	}

	if (typeof value === 'object' && value !== null) {
		const output: Record<string, unknown> = {};
		for (const [key, item] of Object.entries(value)) {
			output[key] = redactDeep(item, secrets);
		}

		return output as T;
	}

	return value;
}
