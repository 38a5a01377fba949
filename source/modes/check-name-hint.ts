import {composed} from '../text/composed.js';

/** Names listed at most when a short name is part of several. */
const shownMatches = 3;
/** How a fanned-out row is shown: `prometheus up / job`. */
const seriesSeparator = ' / ';

const quoted = (names: readonly string[]) => names.map(name => `"${name}"`).join(' or ');

/**
 * The hint after "no check named …" for `uptop mark --check`, from the check names as every output shows them
 * (`shown`: a value from the environment as `••••`; the matching is done on these, so a hint never says what a
 * hidden value holds): the check of a fanned-out row copied from the screen (`prometheus up / job`), the names
 * that hold what was typed (`shop api` of `shop api health`; `orders` of `shop orders` and `orders db`, rather than
 * the one a typo would be nearest), else `nearest`, a typo's nearest name as shown. Undefined when nothing is close.
 */
export function checkNameHint(typed: string, shown: readonly string[], nearest: string | undefined): string | undefined {
	const fannedOut = shown.find(name => typed.startsWith(`${name}${seriesSeparator}`));
	if (fannedOut !== undefined) return `did you mean "${fannedOut}"? (a marker is for a whole check, every row of it)`;
	const part = composed(typed).toLowerCase();
	const holding = part === '' ? [] : shown.filter(name => composed(name).toLowerCase().includes(part));
	if (holding.length > 0 && holding.length <= shownMatches) return `did you mean ${quoted(holding)}?`;
	return nearest === undefined ? undefined : `did you mean "${nearest}"?`;
}
