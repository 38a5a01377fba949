/**
 * Text with its accented letters composed (Unicode NFC): `cafe` and a combining accent, as some editors, macOS
 * file names and copied text write it, reads and shows as `café`, one letter. Names, group labels and what is
 * typed to find them are compared in this form, so the two ways of writing a letter are one name.
 */
export function composed(text: string): string {
	// Plain ASCII (almost every name) is composed already; normalize() would copy it.
	// eslint-disable-next-line no-control-regex
	return /^[\u0000-\u007F]*$/.test(text) ? text : text.normalize('NFC');
}
