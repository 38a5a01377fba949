import {isIP} from 'node:net';

/**
 * The name in a Host header, as undici reads it (`a.example:8443` → `a.example`, `[::1]:80` → `::1`); undefined
 * when there is none. The HTTP client takes it as the TLS server name: an https hop's certificate is checked
 * against it, unless it is an address, which is no server name (then the URL's host is checked).
 */
export function hostHeaderName(headers: Readonly<Record<string, string>>): string | undefined {
	const host = headers.host;
	if (!host) return undefined;
	return host.startsWith('[') ? host.slice(1, Math.max(1, host.indexOf(']'))) : host.split(':')[0];
}

/** The name an https hop's certificate is checked against when a Host header sets it; undefined when it is the URL's host. */
export function certificateNameFromHost(headers: Readonly<Record<string, string>>): string | undefined {
	const name = hostHeaderName(headers);
	return name && isIP(name) === 0 ? name : undefined;
}
