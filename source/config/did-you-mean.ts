/** Levenshtein distance, for suggesting the key a person probably meant. */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
		}

		previous = current;
	}

	return previous[b.length]!;
}

const normalize = (word: string): string => word.toLowerCase().replaceAll(/[-_\s]/g, '');

/**
 * The closest candidate, or undefined when nothing is close enough to be a plausible typo.
 * `max_redirects` and `MaxRedirects` match `maxRedirects` exactly after normalizing case and separators.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
	const normalized = normalize(word);
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		const distance = editDistance(normalized, normalize(candidate));
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	const allowed = Math.max(1, Math.floor(normalized.length / 3));
	return bestDistance <= allowed ? best : undefined;
}
