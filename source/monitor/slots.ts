/**
 * A number of slots with a first-come, first-served waiting line: the global cap on probes in flight.
 * A probe that has been waiting on its target for a while can be parked: it keeps running but gives its slot
 * back, because a hung target costs a socket, not CPU. Parked probes are bounded too (`parkedCapacity`).
 */
export type Slots<T> = {
	/** Starts `item` now when a slot is free, else puts it in line. */
	acquire(item: T): void;
	/** A run ended: frees its slot (or its parking place) and starts the items waiting longest. */
	release(item?: T): void;
	/** A running item gives its slot back but keeps running (a probe stuck on a hung target). */
	park(item: T): void;
	/** Takes an item out of line (paused, rescheduled or removed). */
	withdraw(item: T): void;
	clear(): void;
	/** A new capacity (the fleet changed): more slots start waiting items now; fewer let running ones finish. */
	resize(capacity: number): void;
	isWaiting(item: T): boolean;
	readonly capacity: number;
	readonly inFlight: number;
	readonly maxInFlight: number;
	readonly parked: number;
	readonly waiting: number;
};

/** `parkedPerSlot`: parked items allowed per slot. */
export function createSlots<T>(initialCapacity: number, start: (item: T) => void, parkedPerSlot = 16): Slots<T> {
	let capacity = initialCapacity;
	let parkedCapacity = capacity * parkedPerSlot;
	const parked = new Set<T>();
	let line: T[] = [];
	let head = 0;
	// Membership, so withdrawing is O(1); withdrawn items are skipped when their turn comes.
	const waiting = new Set<T>();
	let inFlight = 0;
	let maxInFlight = 0;

	function begin(item: T): void {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		start(item);
	}

	function drain(): void {
		while (inFlight < capacity && inFlight + parked.size < capacity + parkedCapacity && head < line.length) {
			const item = line[head++]!;
			if (!waiting.delete(item)) continue;
			begin(item);
		}

		if (head === line.length || (head > 256 && head * 2 > line.length)) {
			line = line.slice(head);
			head = 0;
		}
	}

	return {
		acquire(item) {
			if (waiting.has(item)) return;
			if (inFlight < capacity && inFlight + parked.size < capacity + parkedCapacity) {
				begin(item);
				return;
			}

			waiting.add(item);
			line.push(item);
		},
		release(item) {
			if (item !== undefined && parked.delete(item)) {
				drain();
				return;
			}

			inFlight--;
			drain();
		},
		park(item) {
			if (parked.has(item) || parked.size >= parkedCapacity) return;
			parked.add(item);
			inFlight--;
			drain();
		},
		withdraw(item) {
			waiting.delete(item);
		},
		clear() {
			waiting.clear();
			// Parked runs are still running; they release themselves when they end.
			line = [];
			head = 0;
		},
		resize(next) {
			capacity = next;
			parkedCapacity = next * parkedPerSlot;
			drain();
		},
		isWaiting: item => waiting.has(item),
		get capacity() {
			return capacity;
		},
		get inFlight() {
			return inFlight;
		},
		get maxInFlight() {
			return maxInFlight;
		},
		get parked() {
			return parked.size;
		},
		get waiting() {
			return waiting.size;
		},
	};
}
