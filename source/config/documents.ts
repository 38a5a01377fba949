/**
 * A checks file is one YAML document. kubectl, helm and other generators end every document with `---`, so a file
 * pasted from them ends with a separator and nothing after it: no second document, only the parser's count of one.
 */

/** A document separator on a line of its own, a comment after it allowed. */
const separator = /^---[ \t]*(?:#.*)?\r?$/;

const isBlankOrComment = (line: string): boolean => /^\s*(?:#.*)?$/.test(line);

/**
 * `text` with its trailing separators blanked (spaces in place of `---`, so every offset stays): those followed
 * by nothing but blank lines, comments and other separators. One pass up from the end of the file.
 */
export function withoutEmptyLastDocuments(text: string): string {
	let end = text.length;
	let blanked = text;
	while (end > 0) {
		const start = text.lastIndexOf('\n', end - 1) + 1;
		const line = text.slice(start, end);
		if (separator.test(line)) {
			blanked = `${blanked.slice(0, start)}   ${blanked.slice(start + 3)}`;
		} else if (!isBlankOrComment(line)) {
			break;
		}

		end = start === 0 ? 0 : start - 1;
	}

	return blanked;
}

/** The first line after `line` (1-based) that is not blank or a comment: where a second document's content starts. */
export function firstContentAfter(lines: readonly string[], line: number): number | undefined {
	for (let index = line; index < lines.length; index++) {
		if (!isBlankOrComment(lines[index]!)) return index + 1;
	}

	return undefined;
}
