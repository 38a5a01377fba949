import {isAlias, isMap, isPair, isSeq, type Document, type Node, type YAMLError} from 'yaml';

/**
 * A checks file nests a few levels (the file, `checks`, a check, `expect`, `json`, …). One nested thousands deep (a
 * `[` repeated, a generator's runaway output) overflows the parser's stack, and the next reader's: "maximum call
 * stack size exceeded" says neither where nor what. Past this many levels it is an error of its own, at the same
 * place whatever the stack, before anything else reads the document.
 */
export const maxNesting = 100;

export const tooDeepMessage = `nesting too deep: more than ${maxNesting} levels of lists and mappings inside each other`;

export const tooDeepHint = 'a checks file nests a few levels deep: look here for a [ or { that is never closed, or lines indented further and further';

/** The parser's own stack ran out (a file nested thousands deep): its other errors are about the lines it could not read. */
export const isStackExhausted = (error: YAMLError): boolean => error.code === 'RESOURCE_EXHAUSTION';

/**
 * Where the first list or mapping more than maxNesting levels deep starts, or undefined. An explicit stack, not
 * recursion: the walk itself must not overflow. An alias is not followed (its anchor is walked where it is written).
 */
export function tooDeepAt(doc: Document): number | undefined {
	const pending: Array<{node: unknown; depth: number}> = [{node: doc.contents, depth: 1}];
	while (pending.length > 0) {
		const {node, depth} = pending.pop()!;
		if (isAlias(node) || !(isMap(node) || isSeq(node))) continue;
		if (depth > maxNesting) return (node as Node).range?.[0] ?? 0;
		// Pushed last to first: the first item is walked first, so the place found is the first in the file.
		for (let index = node.items.length - 1; index >= 0; index--) {
			const item = node.items[index];
			if (isPair(item)) {
				pending.push({node: item.value, depth: depth + 1}, {node: item.key, depth: depth + 1});
			} else {
				pending.push({node: item, depth: depth + 1});
			}
		}
	}

	return undefined;
}
