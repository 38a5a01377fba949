/** Characters of a DNS name's label as the dns probe's resolver (c-ares) sends them: it refuses any other with EBADNAME. */
const labelCharacter = /[\p{L}\p{M}\p{N}_*/-]/u;

const characterName = (character: string): string => (character === ' ' ? 'a space' : `\`${character}\``);

/**
 * What keeps `name` from being a DNS name the resolver will ask for, or undefined: an empty label (`api..example`),
 * a label longer than 63 bytes, more than 253 characters, or a character such as a space or `!`, which c-ares
 * refuses (EBADNAME) on every probe. `_sip._tcp` (SRV), `*` and `/` (classless reverse zones) are names too.
 */
export function dnsNameProblem(name: string): string | undefined {
	// `.`, the root zone (its NS records), is a name too.
	if (name === '.') return undefined;
	const written = name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
	const bad = [...written].find(character => character !== '.' && !labelCharacter.test(character));
	if (bad !== undefined) return `${characterName(bad)} cannot be in one`;
	const labels = written.split('.');
	if (labels.includes('')) return 'it has an empty label (two dots together)';
	const long = labels.find(label => sentLength(label) > 63);
	if (long !== undefined) return `its label \`${long.slice(0, 12)}…\` is ${sentLength(long)} characters as sent, more than 63`;
	const length = labels.reduce((sum, label) => sum + sentLength(label), labels.length - 1);
	if (length > 253) return `it is ${length} characters as sent, more than 253`;
	return undefined;
}

/**
 * A label's length as the resolver sends it: a label in another script goes as its ASCII form (`bücher` as
 * `xn--bcher-kva`), as Node's resolver converts it. Per label: the whole name through the host parser would read
 * `1/24.0.0.10.in-addr.arpa` as an IPv4 address.
 */
function sentLength(label: string): number {
	// eslint-disable-next-line no-control-regex
	if (/^[\u0000-\u007F]*$/.test(label)) return label.length;
	try {
		// The WHATWG host parser, as Node's resolver converts a name: `bücher` → `xn--bcher-kva`.
		return new URL(`http://${label}/`).hostname.length;
	} catch {
		return Buffer.byteLength(label);
	}
}
