/** A small seeded PRNG (mulberry32) so simulations are identical on every run. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Standard normal draws by the Box–Muller transform. */
export function normal(random: () => number): () => number {
	let spare: number | undefined;
	return () => {
		if (spare !== undefined) {
			const value = spare;
			spare = undefined;
			return value;
		}

		let u1 = random();
		while (u1 <= Number.EPSILON) {
			u1 = random();
		}

		const u2 = random();
		const radius = Math.sqrt(-2 * Math.log(u1));
		spare = radius * Math.sin(2 * Math.PI * u2);
		return radius * Math.cos(2 * Math.PI * u2);
	};
}

/** Log-normal latencies: median `medianMs`, log-space spread `sigma` (0.3 ≈ p95 at 1.64 × median). */
export function logNormalLatencies(random: () => number, medianMs: number, sigma: number): (count: number) => number[] {
	const gaussian = normal(random);
	return count => Array.from({length: count}, () => medianMs * Math.exp(sigma * gaussian()));
}
