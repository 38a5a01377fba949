import {basicAuthValue} from '../../config/secrets.js';

/**
 * The `Authorization: Basic` header for a URL's `user:password` (the request itself carries no userinfo). Undefined
 * when the URL has none, or when `headers` set Authorization already (written in the config, it wins).
 */
export function basicAuthFromUrl(url: URL, headers: Readonly<Record<string, string>>): string | undefined {
	return headers.authorization === undefined ? basicAuthValue(url) : undefined;
}
