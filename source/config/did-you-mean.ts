/**
 * Edit distance where two neighbouring letters typed the wrong way round count as one edit (optimal string
 * alignment), for suggesting the key a person probably meant: `tpc` is one slip from `tcp`, not two.
 */
export function editDistance(a: string, b: string): number {
	let beforePrevious: number[] = [];
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				current[j] = Math.min(current[j]!, beforePrevious[j - 2]! + 1);
			}
		}

		beforePrevious = previous;
		previous = current;
	}

	return previous[b.length]!;
}

export const normalizeKey = (word: string): string => word.toLowerCase().replaceAll(/[-_\s]/g, '');

/**
 * The closest candidate, or undefined when nothing is close enough to be a plausible typo.
 * `max_redirects` and `MaxRedirects` match `maxRedirects` exactly after normalizing case and separators.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
	const normalized = normalizeKey(word);
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		const distance = editDistance(normalized, normalizeKey(candidate));
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	const allowed = Math.max(1, Math.floor(normalized.length / 3));
	return bestDistance <= allowed ? best : undefined;
}

// Words other monitors (and people) use for uptop's keys; a typo check cannot find these.
const synonyms: Readonly<Record<string, readonly string[]>> = {
	address: ['host', 'url'],
	target: ['host', 'url', 'query'],
	hostname: ['host', 'query'],
	server: ['host'],
	endpoint: ['url', 'host'],
	uri: ['url'],
	link: ['url'],
	cmd: ['run'],
	command: ['run'],
	exec: ['run'],
	script: ['run'],
	args: ['run'],
	every: ['interval'],
	frequency: ['interval'],
	period: ['interval'],
	schedule: ['interval'],
	team: ['owner'],
	contact: ['owner'],
	oncall: ['owner'],
	playbook: ['runbook'],
	domain: ['query'],
	retry: ['retries'],
	retrycount: ['retries'],
	cafile: ['ca'],
	cacert: ['ca'],
	cabundle: ['ca'],
	statuscode: ['status'],
	code: ['status'],
};

/** The key `word` stands for among `candidates` when it is another name for it (`address` for `host`). */
export function synonymFor(word: string, candidates: readonly string[]): string | undefined {
	return synonyms[normalizeKey(word)]?.find(key => candidates.includes(key));
}
