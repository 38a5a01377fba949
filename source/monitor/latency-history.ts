import {stateCodes, statesByCode} from './state-codes.js';
import type {State} from './types.js';

/** 24 h at the default 10 s interval. */
export const defaultHistoryCapacity = 8640;
/** Percentiles look at this many newest samples at most, so a snapshot costs the same at any history size. */
export const percentileWindow = 1000;

const failingCode = stateCodes.failing;
const unknownCode = stateCodes.unknown;
const maxOffsetMs = 0xFF_FF_FF_FF;
// A sample's state code shares its byte with whether the result needed a retry: no byte more a sample for a flag.
const stateBits = 0x7F;
const retriedBit = 0x80;
// Shared by every history: the engine is single-threaded and percentile() never yields.
let scratch = new Float32Array(percentileWindow);

/** Slots a new history starts with; it doubles as samples arrive, up to its capacity. */
const initialSlots = 32;

/** The three columns of `size` slots in one allocation (one buffer instead of three, each with its own overhead). */
function slotArrays(size: number): [Float32Array, Uint32Array, Uint8Array] {
	const buffer = new ArrayBuffer(size * 9);
	return [new Float32Array(buffer, 0, size), new Uint32Array(buffer, size * 4, size), new Uint8Array(buffer, size * 8, size)];
}

/**
 * A bounded ring of samples in typed arrays: 9 bytes a sample (float32 latency, uint32 ms offset from a
 * base time, uint8 state), no object per sample (shared/notes/performance.md §3). The arrays start small
 * and double until they hold `capacity` samples; only then does the ring wrap. Allocating 24 h up front
 * cost 78 KB a row before the first result (156 MB for 2,000 checks) and a burst of garbage collection in
 * the probe worker just as its first probes were being timed.
 * Samples are pushed in time order; a time that goes backwards (wall clock stepped) is clamped to the last one.
 */
export class LatencyHistory {
	readonly capacity: number;
	#latencyMs: Float32Array;
	#offsetMs: Uint32Array;
	#states: Uint8Array;
	/** Slots allocated: grows to `capacity`; the ring wraps only at `capacity`. */
	#size: number;
	#baseAt = 0;
	#next = 0;
	#count = 0;
	/** Samples that said how the service did (not unknown), and those of them not failing: uptime's two counts. */
	#known = 0;
	#passing = 0;
	/** Samples held whose result needed more than one try (retries): the detail pane says how many. */
	#retried = 0;
	/** Samples ever pushed: sample `s` lives in slot `s % capacity` while `s >= #pushed - #count`. */
	#pushed = 0;
	/** Sliding counts for uptimeWithin(), one per window length asked for (the UI asks for two). */
	readonly #windows = new Map<number, WindowCount>();

	constructor(capacity = defaultHistoryCapacity) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, got ${capacity}`);
		this.capacity = capacity;
		this.#size = Math.min(capacity, initialSlots);
		[this.#latencyMs, this.#offsetMs, this.#states] = slotArrays(this.#size);
	}

	get count(): number {
		return this.#count;
	}

	/** How many of the samples held needed a retry before their result (they count as that result, as uptime does). */
	get retried(): number {
		return this.#retried;
	}

	/** Slots allocated so far (9 bytes each): grows with the samples held, up to `capacity`. */
	get allocatedSlots(): number {
		return this.#size;
	}

	push(at: number, latencyMs: number, state: State, isRetried = false): void {
		if (this.#count === 0) this.#baseAt = at;
		const lastOffset = this.#count === 0 ? 0 : this.#offsetMs[this.#slot(0)]!;
		let offset = Math.max(Math.round(at - this.#baseAt), lastOffset);
		if (offset > maxOffsetMs) {
			this.#rebase(at);
			offset = Math.round(at - this.#baseAt);
		}

		if (this.#count === this.#size && this.#size < this.capacity) this.#grow();
		const slot = this.#next;
		if (this.#count === this.capacity) {
			if ((this.#states[slot]! & retriedBit) !== 0) this.#retried--;
			const evictedCode = this.#states[slot]! & stateBits;
			const isEvictedKnown = evictedCode !== unknownCode;
			const isEvictedPassing = isEvictedKnown && evictedCode !== failingCode;
			if (isEvictedKnown) this.#known--;
			if (isEvictedPassing) this.#passing--;
			const evicted = this.#pushed - this.capacity;
			if (this.#windows.size > 0) for (const window of this.#windows.values()) {
				if (window.tail > evicted) continue;
				window.tail = evicted + 1;
				if (isEvictedKnown) window.total--;
				if (isEvictedPassing) window.passing--;
			}
		}

		this.#latencyMs[slot] = latencyMs;
		this.#offsetMs[slot] = offset;
		this.#states[slot] = stateCodes[state] | (isRetried ? retriedBit : 0);
		if (isRetried) this.#retried++;
		const isKnown = state !== 'unknown';
		const isPassing = isKnown && state !== 'failing';
		if (isKnown) this.#known++;
		if (isPassing) this.#passing++;
		if (this.#windows.size > 0) for (const window of this.#windows.values()) {
			if (isKnown) window.total++;
			if (isPassing) window.passing++;
		}

		this.#pushed++;
		this.#next = (slot + 1) % this.#size;
		if (this.#count < this.capacity) this.#count++;
	}

	/** Latencies of the `n` newest samples, oldest first. */
	recentLatencies(n: number): number[] {
		const size = Math.min(n, this.#count);
		const values = new Array<number>(size);
		for (let i = 0; i < size; i++) values[size - 1 - i] = this.#latencyMs[this.#slot(i)]!;
		return values;
	}

	/** States of the `n` newest samples, oldest first. */
	recentStates(n: number): State[] {
		const size = Math.min(n, this.#count);
		const values = new Array<State>(size);
		for (let i = 0; i < size; i++) values[size - 1 - i] = statesByCode[this.#states[this.#slot(i)]! & stateBits]!;
		return values;
	}

	/**
	 * Times (epoch ms) the `n` newest samples came in, oldest first; matches recentLatencies(n). A sample's time is
	 * its end, as pushed: its start is its latency earlier (the detail pane's recent results show that).
	 */
	recentTimes(n: number): number[] {
		const size = Math.min(n, this.#count);
		const values = new Array<number>(size);
		for (let i = 0; i < size; i++) values[size - 1 - i] = this.#baseAt + this.#offsetMs[this.#slot(i)]!;
		return values;
	}

	/**
	 * The samples taken in [fromAt, toAt), oldest first: the windows a before/after comparison reads. Plain
	 * objects, but only for those bounded windows. No cap on how many: a cap on the newest ones emptied the
	 * before side of a 1 s check before its window was over.
	 */
	samplesBetween(fromAt: number, toAt: number): Array<{at: number; latencyMs: number; state: State}> {
		const samples: Array<{at: number; latencyMs: number; state: State}> = [];
		for (let i = 0; i < this.#count; i++) {
			const slot = this.#slot(i);
			const at = this.#baseAt + this.#offsetMs[slot]!;
			if (at < fromAt) break;
			if (at < toAt) samples.push({at, latencyMs: this.#latencyMs[slot]!, state: statesByCode[this.#states[slot]! & stateBits]!});
		}

		return samples.reverse();
	}

	/** Time of the `i`-th newest sample (0 = newest), epoch ms; undefined past the oldest, and before the newest (`atOf(count - 1)` with none held). */
	atOf(i: number): number | undefined {
		return i >= 0 && i < this.#count ? this.#baseAt + this.#offsetMs[this.#slot(i)]! : undefined;
	}

	/**
	 * Nearest-rank quantile `q` (0..1) of the latencies of passing samples (failing ones measure how fast
	 * something broke, not the service) among the `window` newest; undefined when there are none.
	 */
	percentile(q: number, window = percentileWindow): number | undefined {
		const values = this.#passingLatencies(window);
		if (values.length === 0) return undefined;
		return selectNth(values, Math.max(1, Math.ceil(q * values.length)) - 1);
	}

	/** Several quantiles from one copy of the window (cheaper than calling percentile() for each). */
	percentiles(qs: readonly number[], window = percentileWindow): Array<number | undefined> {
		const values = this.#passingLatencies(window);
		return qs.map(q => (values.length === 0 ? undefined : selectNth(values, Math.max(1, Math.ceil(q * values.length)) - 1)));
	}

	/**
	 * Fraction 0..1 of samples not failing, over all kept samples or those at or after `sinceAt`; undefined with
	 * none. Unknown samples (a plugin that could not tell) count neither way: a check that only ever answered
	 * unknown has no uptime, not 100 %.
	 */
	uptime(sinceAt?: number): number | undefined {
		if (this.#count === 0) return undefined;
		if (sinceAt === undefined || sinceAt <= this.#baseAt) return this.#known === 0 ? undefined : this.#passing / this.#known;
		const minOffset = sinceAt - this.#baseAt;
		let total = 0;
		let passing = 0;
		for (let i = 0; i < this.#count; i++) {
			const slot = this.#slot(i);
			if (this.#offsetMs[slot]! < minOffset) break;
			const code = this.#states[slot]! & stateBits;
			if (code === unknownCode) continue;
			total++;
			if (code !== failingCode) passing++;
		}

		return total === 0 ? undefined : passing / total;
	}

	/**
	 * uptime(now - windowMs) in O(1) amortized: a per-window tail only moves forward while `now` does.
	 * A `now` earlier than the last one asked (wall clock stepped back) recounts from scratch.
	 */
	uptimeWithin(windowMs: number, now: number): number | undefined {
		const sinceAt = now - windowMs;
		let window = this.#windows.get(windowMs);
		if (window === undefined || sinceAt < window.sinceAt) {
			window = {sinceAt, tail: this.#pushed - this.#count, total: this.#known, passing: this.#passing};
			this.#windows.set(windowMs, window);
		}

		window.sinceAt = sinceAt;
		const minOffset = sinceAt - this.#baseAt;
		while (window.tail < this.#pushed) {
			const slot = window.tail % this.#size;
			if (this.#offsetMs[slot]! >= minOffset) break;
			const code = this.#states[slot]! & stateBits;
			if (code !== unknownCode) window.total--;
			if (code !== unknownCode && code !== failingCode) window.passing--;
			window.tail++;
		}

		return window.total === 0 ? undefined : window.passing / window.total;
	}

	#slot(i: number): number {
		return (this.#next - 1 - i + this.#size * 2) % this.#size;
	}

	// Below capacity nothing has been evicted, so the samples sit in slots 0..count-1 in order: copied as they are.
	#grow(): void {
		// Doubling, except that a doubling that would come within a quarter of the capacity goes to the capacity
		// at once (4,096 → 8,640 slots, not 8,192 first and 8,640 a moment later): at most 2.7× the samples held.
		const doubled = this.#size * 2;
		this.#size = doubled >= this.capacity * 0.75 ? this.capacity : doubled;
		const [latencyMs, offsetMs, states] = slotArrays(this.#size);
		latencyMs.set(this.#latencyMs);
		offsetMs.set(this.#offsetMs);
		states.set(this.#states);
		this.#latencyMs = latencyMs;
		this.#offsetMs = offsetMs;
		this.#states = states;
		this.#next = this.#count;
	}

	// A failing answer's time (a refused connect, a timeout) and an unknown one's (a plugin that could not tell)
	// say nothing of how fast the service answers, so neither is in its percentiles.
	#passingLatencies(window: number): Float32Array {
		const size = Math.min(window, this.#count);
		if (scratch.length < size) scratch = new Float32Array(size);
		let length = 0;
		for (let i = 0; i < size; i++) {
			const slot = this.#slot(i);
			const state = this.#states[slot]! & stateBits;
			if (state !== failingCode && state !== unknownCode) scratch[length++] = this.#latencyMs[slot]!;
		}

		return scratch.subarray(0, length);
	}

	// Offsets are uint32 ms (49 days); past that, move the base so the newest half of the range stays exact
	// and anything older than ~24 days is clamped to the new base.
	#rebase(at: number): void {
		const newBase = at - 2 ** 31;
		const shift = newBase - this.#baseAt;
		for (let i = 0; i < this.#count; i++) {
			const slot = this.#slot(i);
			this.#offsetMs[slot] = Math.max(0, this.#offsetMs[slot]! - shift);
		}

		this.#baseAt = newBase;
	}
}

// `total` counts known samples only (not unknown), as uptime() does.
type WindowCount = {sinceAt: number; tail: number; total: number; passing: number};

/** Quickselect: the value that would be at index `k` if `values` were sorted. Reorders `values`. */
function selectNth(values: Float32Array, k: number): number {
	let low = 0;
	let high = values.length - 1;
	while (high > low) {
		const pivot = values[(low + high) >> 1]!;
		let i = low;
		let j = high;
		while (i <= j) {
			while (values[i]! < pivot) i++;
			while (values[j]! > pivot) j--;
			if (i <= j) {
				const swap = values[i]!;
				values[i] = values[j]!;
				values[j] = swap;
				i++;
				j--;
			}
		}

		if (k <= j) high = j;
		else if (k >= i) low = i;
		else return values[k]!;
	}

	return values[k]!;
}
