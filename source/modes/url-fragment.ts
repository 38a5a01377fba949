import {formatLocation} from '../config/config-error.js';
import {listFirst} from '../config/list-first.js';
import type {Check} from '../config/types.js';
import {displayCheck} from '../monitor/display-check.js';

/** Names listed before the rest are counted: the note is advice, not a report. */
const namesShown = 3;

/** The url a check requests, as every output shows it (a part from `${NAME}` is `••••`), for the kinds that request one. */
function shownUrl(check: Check): string | undefined {
	const shown = displayCheck(check);
	return shown.kind === 'http' || shown.kind === 'freshness' ? shown.url : undefined;
}

/**
 * `validate`'s advice when an http or freshness url has a `#fragment`: a client never sends it (it is for the
 * browser, to scroll to), so `/health#ready` asks the server for `/health` and the check judges what that answers.
 * Advice, not an error: a URL copied from a browser's address bar with one still requests the right page. (A
 * prometheus url, which uptop appends the API path to, refuses one: there the fragment would swallow the query.)
 */
export function urlFragmentNote(checks: readonly Check[]): string | undefined {
	const found = checks.flatMap(check => {
		const url = shownUrl(check);
		const at = url?.indexOf('#') ?? -1;
		return url === undefined || at === -1 ? [] : [{check, url: url.slice(0, at), fragment: url.slice(at)}];
	});
	if (found.length === 0) return undefined;
	const named = found.map(({check}) => `\`${displayCheck(check).name}\`${check.source === undefined ? '' : ` (${formatLocation(check.source)})`}`);
	const [first] = found;
	const which = found.length === 1
		? `check ${named[0]}: the fragment \`${first!.fragment}\` of its url is never sent to the server (a browser keeps it to itself), so it requests ${first!.url}`
		: `checks ${listFirst(named, namesShown)}: the \`#fragment\` of their urls is never sent to the server (a browser keeps it to itself), so each requests its url without it`;
	return `note: ${which}; drop it, or put what it should select in the path or the query.`;
}
