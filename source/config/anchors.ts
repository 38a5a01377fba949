import {visit, type Document} from 'yaml';

/** The anchors (`&h`) a file's document defines. */
export function anchorNames(doc: Document): Set<string> {
	const names = new Set<string>();
	visit(doc, {
		Node(_key, node) {
			if ('anchor' in node && typeof node.anchor === 'string') names.add(node.anchor);
		},
	});
	return names;
}

/**
 * For `*h` in an included file when the including file (or another one read before) has `&h`: YAML reads each
 * file as a document of its own, so the fix is a setting that does cross files, or the anchor written here too.
 */
export function otherFileAnchorHint(name: string, file: string): string {
	return `&${name} is defined in ${file}, and anchors do not cross files (each file is its own YAML document): share settings across files with \`defaults:\` or a group, or define &${name} again in this file`;
}
