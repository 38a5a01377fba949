import type {ConfigIssue} from './config-error.js';

/** An alias (`*api`) a node was read through, and the line it is written on. */
export type AliasUse = {readonly name: string; readonly line: number};

/**
 * The aliases an issue was found through. An issue inside an anchored node is reported at the anchor, where the text
 * is, and once for every alias that repeats the node: without a word about the alias, the one fix to make (at the
 * anchor) does not say which check it is about, nor that it changes several.
 */
export const aliasUses = new WeakMap<ConfigIssue, readonly AliasUse[]>();

/** `*api at line 5`, `*api at lines 5 and 9`: one alias's lines together. */
function listUses(uses: readonly AliasUse[]): string {
	const lines = new Map<string, number[]>();
	for (const {name, line} of uses) {
		const seen = lines.get(name) ?? [];
		if (!seen.includes(line)) seen.push(line);
		lines.set(name, seen);
	}

	const parts = [...lines].map(([name, numbers]) => {
		const sorted = numbers.sort((a, b) => a - b).map(String);
		const written = sorted.length === 1 ? sorted[0]! : `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)!}`;
		return `*${name} at line${sorted.length === 1 ? '' : 's'} ${written}`;
	});
	return `${lines.size === 1 ? 'the alias' : 'the aliases'} ${parts.join(', ')}`;
}

/**
 * The issues with those found again through an alias made one, whose hint names every alias it was found through:
 * `(also used through the alias *h at lines 7 and 10)` when the node is read where it is written too.
 */
export function withAliasNotes(issues: readonly ConfigIssue[]): ConfigIssue[] {
	const groups = new Map<string, ConfigIssue[]>();
	for (const issue of issues) {
		const key = `${issue.file}:${issue.line}:${issue.column}:${issue.message}`;
		const group = groups.get(key);
		if (group === undefined) groups.set(key, [issue]);
		else group.push(issue);
	}

	return [...groups.values()].flatMap(group => {
		const uses = group.flatMap(issue => aliasUses.get(issue) ?? []);
		if (uses.length === 0) return group;
		const isReadWhereWritten = group.some(issue => !aliasUses.has(issue));
		const note = `${isReadWhereWritten ? 'also used' : 'used'} through ${listUses(uses)}`;
		const first = group[0]!;
		const hint = first.hint === undefined ? note : `${first.hint}${first.hint.includes('\n') ? '\n' : ' '}(${note})`;
		return [{...first, hint}];
	});
}
