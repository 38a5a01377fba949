import type {Check} from '../config/types.js';

/**
 * The variables curl reads for a proxy, in the spellings it accepts. uptop's requests (undici) read none of them:
 * on a bastion whose curl reaches a target through the proxy, uptop's check of it fails, which reads as the target
 * being down. Not honoured, by choice, and said instead: a monitor's own route should not change with the shell.
 */
const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** Said with them when set: ignored too, though alone it changes nothing (curl then connects directly as well). */
const noProxyVariables = ['NO_PROXY', 'no_proxy'];

/** The checks whose probe makes HTTP requests: those with a url (http, prometheus, freshness of a url). */
const requestsOf = (checks: readonly Check[]): number => checks.filter(check => 'url' in check && typeof check.url === 'string').length;

/**
 * `validate`'s advice when the environment names a proxy that uptop's requests will not use. Names only: a proxy's
 * URL may hold a password (`http://user:pass@proxy:3128`). Set but empty is unset, as curl reads it.
 */
export function proxyNote(checks: readonly Check[], env: NodeJS.ProcessEnv): string | undefined {
	const isSet = (name: string): boolean => (env[name] ?? '') !== '';
	const proxies = proxyVariables.filter(name => isSet(name));
	const count = requestsOf(checks);
	if (proxies.length === 0 || count === 0) return undefined;
	const names = [...proxies, ...noProxyVariables.filter(name => isSet(name))];
	const listed = names.length === 1 ? `${names[0]!} is` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!} are`;
	return `note: ${listed} set, but uptop ignores ${names.length === 1 ? 'it' : 'them'}: the requests of its ${count} ${count === 1 ? 'check' : 'checks'} with a url go straight to their targets, not through a proxy as curl's would; a target reachable only through the proxy fails (a refused connection, a timeout, a name that does not resolve).`;
}
