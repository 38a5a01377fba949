/** `db:5432`, `[::1]:5432`: an IPv6 address in brackets, as checks.yaml takes it; `::1:5432` would read as one address. */
export function hostPortText(host: string, port: number | string): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
