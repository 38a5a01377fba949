/**
 * Text that Ink's `sanitizeAnsi` returns unchanged: printable characters (tabs and newlines included) and
 * SGR sequences with numeric parameters (the colours Ink's own <Text> adds), and no combining mark (before
 * one, sanitizeAnsi moves pending styles after it). Ink sanitizes the whole text of every <Text> on every
 * render by tokenizing it: ~9 ms of the first frame for uptop's table, whose text is already clean (what a
 * target sends is sanitized before it reaches the UI). Anything else still goes through Ink's sanitizer.
 */
const plainStyledText = /^(?:[^\p{Control}\p{Mark}]|[\t\n]|\u001B\[[\d;]*m)*$/u;

export function isPlainStyledText(text: string): boolean {
	return plainStyledText.test(text);
}
