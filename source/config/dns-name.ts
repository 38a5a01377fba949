/** Characters of a DNS name's label as the dns probe's resolver (c-ares) sends them: it refuses any other with EBADNAME. */
const labelCharacter = /[\p{L}\p{M}\p{N}_*/-]/u;

const characterName = (character: string): string => (character === ' ' ? 'a space' : `\`${character}\``);

/**
 * What keeps `name` from being a DNS name the resolver will ask for, or undefined: an empty label (`api..example`),
 * a label longer than 63 bytes, more than 253 characters, or a character such as a space or `!`, which c-ares
 * refuses (EBADNAME) on every probe. `_sip._tcp` (SRV), `*` and `/` (classless reverse zones) are names too.
 */
export function dnsNameProblem(name: string): string | undefined {
	const written = name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
	const bad = [...written].find(character => character !== '.' && !labelCharacter.test(character));
	if (bad !== undefined) return `${characterName(bad)} cannot be in one`;
	const labels = written.split('.');
	if (labels.includes('')) return 'it has an empty label (two dots together)';
	const long = labels.find(label => Buffer.byteLength(label) > 63);
	if (long !== undefined) return `its label \`${long.slice(0, 12)}…\` is ${Buffer.byteLength(long)} characters, more than 63`;
	if (Buffer.byteLength(written) > 253) return `it is ${Buffer.byteLength(written)} characters, more than 253`;
	return undefined;
}
