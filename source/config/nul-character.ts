/**
 * A NUL (U+0000) in an argument, an environment value or a directory: the kernel takes each as a C string, so no
 * program can be started with one (Node refuses it, ERR_INVALID_ARG_VALUE, and every probe of the check failed with
 * `cannot run …`). YAML writes it as `\0` or `\x00` in a "double-quoted" string. The value is not quoted: an
 * environment value may be a credential.
 */
export function nulProblem(text: string, what: string, why: string): {message: string; hint: string} | undefined {
	const at = text.indexOf('\u0000');
	if (at === -1) return undefined;
	return {
		message: `${what} holds a NUL (U+0000) at character ${[...text.slice(0, at)].length + 1}: ${why}`,
		hint: 'remove it; in a "double-quoted" string YAML reads \\0 and \\x00 as a NUL',
	};
}
