import {quoteText} from './shell-value.js';
import type {ConfigIssue} from './config-error.js';

/**
 * A file saved with classic Mac OS line ends (a carriage return alone) is one line to the YAML parser, whose error
 * ("nested mappings are not allowed in compact mappings" at 1:8) says nothing of line ends. Undefined for a file
 * with any line feed: CRLF is read, and a stray CR in a LF file is another matter.
 */
export function crOnlyLineEnds(text: string, file: string): ConfigIssue | undefined {
	const first = text.indexOf('\r');
	if (first === -1 || text.includes('\n')) return undefined;
	return {
		file,
		line: 1,
		column: first + 1,
		message: `the lines of ${file} end in a carriage return alone (CR, as on classic Mac OS): YAML reads the file as one line`,
		hint: `convert the line ends to LF, e.g. tr '\\r' '\\n' < ${quoteText(file)} > fixed.yaml`,
	};
}
