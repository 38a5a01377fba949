/**
 * Terminal escape sequences: CSI (`\x1b[0m`, a colour, `\x1b[2K` a line cleared), OSC (`\x1b]0;title\x07`, up to
 * its BEL or ST) and an ESC with one character (`\x1b(B`'s ESC and `(`, `\x1bc`).
 */
// eslint-disable-next-line no-control-regex
const escapeSequence = /\u001B(?:\[[\d;?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[ -~])/g;
/** A character that shows: not a space, nor a control or format character. */
const visibleCharacter = /[^\s\p{Cc}\p{Cf}]/u;

/** `text` without its terminal escape sequences: the words a colour or a cursor move was around. */
export function withoutEscapes(text: string): string {
	return text.replaceAll(escapeSequence, '');
}

/** Whether `line` shows anything once its escape sequences are taken out. */
export function hasVisibleText(line: string): boolean {
	return visibleCharacter.test(withoutEscapes(line));
}

/**
 * `text` from its first line that shows something. A plugin's status is its first line, but one that starts with a
 * blank line, or a line that only resets the colours (`\x1b[0m`), would give that as the reason, or `exit 2`.
 * The lines kept are as they were: the escape sequences in them are shown as the sanitizer shows them.
 */
export function fromVisibleStart(text: string): string {
	let start = 0;
	while (start < text.length) {
		const end = text.indexOf('\n', start);
		const line = text.slice(start, end === -1 ? text.length : end);
		if (hasVisibleText(line)) return text.slice(start);
		if (end === -1) break;
		start = end + 1;
	}

	return '';
}
