/**
 * `http://user:password@host/` as the `Authorization: Basic` header a browser or curl sends for it: the request
 * itself carries no userinfo. Undefined when the URL has none, or when `headers` set Authorization already
 * (written in the config, it wins).
 */
export function basicAuthFromUrl(url: URL, headers: Readonly<Record<string, string>>): string | undefined {
	if ((!url.username && !url.password) || headers.authorization !== undefined) return undefined;
	const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
	return `Basic ${Buffer.from(pair).toString('base64')}`;
}
