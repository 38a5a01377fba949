import tls, {type SecureContext} from 'node:tls';

/**
 * The TLS contexts of the checks' `ca` files. A context is OpenSSL's parsed trust store: made per connection from
 * the default roots and a `ca` (an http url's redirect to https), it took ~24 ms of the engine thread's CPU per
 * probe, against ~0.4 ms for one CA, and held up every other check's timing meanwhile. The file is still read at
 * every probe (it may be replaced while uptop runs); its context is made again only when what it holds changes.
 */

/**
 * Whether the `ca` replaces the default roots (an https url's own) or is trusted beside them (a redirect hop's): the
 * CAs Node trusts by default, its bundled roots, NODE_EXTRA_CA_CERTS and --use-system-ca's.
 */
export type CaTrust = 'replaces-roots' | 'beside-roots';

type Entry = {readonly content: Buffer; readonly roots: readonly string[] | undefined; readonly context: SecureContext};

/** trust and ca path → the context made from the file's content (and, beside the roots, from which roots). */
const contexts = new Map<string, Entry>();

/** The TLS context trusting `content`, the `ca` file at `file`: the one made before while neither has changed. */
export function caSecureContext(file: string, content: Buffer, trust: CaTrust): SecureContext {
	const key = `${trust}\n${file}`;
	// The default roots change only through tls.setDefaultCACertificates, which gives a new array.
	const roots = trust === 'beside-roots' ? tls.getCACertificates('default') : undefined;
	const entry = contexts.get(key);
	if (entry && entry.roots === roots && entry.content.equals(content)) {
		return entry.context;
	}

	const ca = roots === undefined ? content : Buffer.concat([Buffer.from(`${roots.join('\n')}\n`), content]);
	const context = tls.createSecureContext({ca});
	contexts.set(key, {content, roots, context});
	return context;
}
