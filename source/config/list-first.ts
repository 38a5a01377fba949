/** `a, b, c and 4 more`: the first `count` items of a list, and how many were left out. */
export function listFirst(items: readonly string[], count: number): string {
	const shown = items.slice(0, count).join(', ');
	return items.length > count ? `${shown} and ${items.length - count} more` : shown;
}
