/*
 * SHA-256 (FIPS 180-4) of a short text, for naming the history file. node:crypto would do it, but loading it
 * costs ~8 ms of every start (it pulls in twenty internal modules) for one hash of one path; this is checked
 * against node:crypto in test/release/sha256-hex.test.ts.
 */

const primes = (count: number): number[] => {
	const found: number[] = [];
	for (let candidate = 2; found.length < count; candidate++) {
		if (found.every(prime => candidate % prime !== 0)) {
			found.push(candidate);
		}
	}

	return found;
};

/** The first 32 bits of the fractional part of `value`. */
const fraction32 = (value: number): number => Math.floor((value - Math.floor(value)) * 2 ** 32);

const firstPrimes = primes(64);
const roundConstants = Uint32Array.from(firstPrimes, prime => fraction32(Math.cbrt(prime)));
const initialState = Uint32Array.from(firstPrimes.slice(0, 8), prime => fraction32(Math.sqrt(prime)));

const rotateRight = (word: number, bits: number): number => (word >>> bits) | (word << (32 - bits));

export function sha256Hex(text: string): string {
	const data = new TextEncoder().encode(text);
	// The message, a 1 bit, zeros, and its length in bits as a 64-bit big-endian number, in 64-byte blocks.
	const padded = new Uint8Array(Math.ceil((data.length + 9) / 64) * 64);
	padded.set(data);
	padded[data.length] = 0x80;
	const view = new DataView(padded.buffer);
	const bits = data.length * 8;
	view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
	view.setUint32(padded.length - 4, bits >>> 0);

	const state = Uint32Array.from(initialState);
	const schedule = new Uint32Array(64);
	for (let offset = 0; offset < padded.length; offset += 64) {
		for (let i = 0; i < 16; i++) {
			schedule[i] = view.getUint32(offset + i * 4);
		}

		for (let i = 16; i < 64; i++) {
			const early = schedule[i - 15]!;
			const late = schedule[i - 2]!;
			const sigma0 = rotateRight(early, 7) ^ rotateRight(early, 18) ^ (early >>> 3);
			const sigma1 = rotateRight(late, 17) ^ rotateRight(late, 19) ^ (late >>> 10);
			schedule[i] = (schedule[i - 16]! + sigma0 + schedule[i - 7]! + sigma1) | 0;
		}

		let [a, b, c, d, e, f, g, h] = state as unknown as [number, number, number, number, number, number, number, number];
		for (let i = 0; i < 64; i++) {
			const sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25);
			const choice = (e & f) ^ (~e & g);
			const temporary1 = (h + sum1 + choice + roundConstants[i]! + schedule[i]!) | 0;
			const sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22);
			const majority = (a & b) ^ (a & c) ^ (b & c);
			const temporary2 = (sum0 + majority) | 0;
			h = g;
			g = f;
			f = e;
			e = (d + temporary1) | 0;
			d = c;
			c = b;
			b = a;
			a = (temporary1 + temporary2) | 0;
		}

		state[0]! += a;
		state[1]! += b;
		state[2]! += c;
		state[3]! += d;
		state[4]! += e;
		state[5]! += f;
		state[6]! += g;
		state[7]! += h;
	}

	return Array.from(state, word => word.toString(16).padStart(8, '0')).join('');
}
