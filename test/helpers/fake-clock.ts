import type {Clock, TimerHandle} from '../../source/monitor/types.js';

type Timer = {readonly id: number; readonly dueAt: number; readonly sequence: number; readonly callback: () => void};

export type FakeClock = Clock & {
	/** Moves time forward by `ms`, running every timer that falls due, in order, settling promises after each. */
	advance(ms: number): Promise<void>;
	/** Settles pending promises without moving time. */
	flush(): Promise<void>;
	/** Timers set and not yet fired or cleared (for leak assertions). */
	pendingTimers(): number;
	/**
	 * The process stopped for `ms` (kill -STOP, a paused VM): time moves on and no timer runs meanwhile; the ones
	 * that fell due run late, in order, at the next advance.
	 */
	stop(ms: number): void;
	/**
	 * The wall clock is stepped by `ms` (an NTP step, a VM resumed, a bad hardware clock corrected), forward or
	 * back; monotonic time and the timers do not move.
	 */
	stepWall(ms: number): void;
};

export type FakeClockOptions = {
	/**
	 * Settle promises between timers with this many microtask turns instead of a full macrotask turn.
	 * Several times faster, for soaks with millions of timers; enough only when the code under test settles
	 * within that many promise hops (a too-small value shows up as work done at a later fake time).
	 */
	readonly flushTicks?: number;
};

/**
 * A deterministic clock for engine tests. Monotonic time starts at 0; wall time at `startEpochMs`.
 * Timers live in a binary heap ordered by due time, then by creation order; cleared timers are dropped lazily.
 */
export function createFakeClock(startEpochMs = Date.UTC(2026, 0, 1), options: FakeClockOptions = {}): FakeClock {
	let elapsedMs = 0;
	let wallStepMs = 0;
	let nextId = 1;
	let sequence = 0;
	const heap: Timer[] = [];
	const live = new Map<number, Timer>();

	const before = (a: Timer, b: Timer) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.sequence < b.sequence);

	function push(timer: Timer): void {
		heap.push(timer);
		let index = heap.length - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!before(heap[index]!, heap[parent]!)) break;
			[heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
			index = parent;
		}
	}

	function pop(): Timer | undefined {
		const top = heap[0];
		const last = heap.pop();
		if (top === undefined || last === undefined || heap.length === 0) return top;
		heap[0] = last;
		let index = 0;
		for (;;) {
			const left = index * 2 + 1;
			const right = left + 1;
			let smallest = index;
			if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
			if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
			if (smallest === index) break;
			[heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
			index = smallest;
		}

		return top;
	}

	function peekLive(): Timer | undefined {
		while (heap.length > 0 && !live.has(heap[0]!.id)) pop();
		return heap[0];
	}

	// One macrotask turn drains every queued microtask, however long the promise chains are.
	const flushMacrotask = async () => new Promise<void>(resolve => {
		setImmediate(resolve);
	});
	const {flushTicks} = options;
	const flush = flushTicks === undefined ? flushMacrotask : async () => {
		for (let i = 0; i < flushTicks; i++) await undefined;
	};

	return {
		now: () => startEpochMs + wallStepMs + elapsedMs,
		monotonic: () => elapsedMs,
		setTimeout(callback: () => void, ms: number): TimerHandle {
			const timer: Timer = {id: nextId++, dueAt: elapsedMs + Math.max(0, ms), sequence: sequence++, callback};
			live.set(timer.id, timer);
			push(timer);
			return {id: timer.id};
		},
		clearTimeout(handle: TimerHandle) {
			live.delete((handle as {id: number}).id);
		},
		async advance(ms: number) {
			const targetMs = elapsedMs + ms;
			await flush();
			for (let timer = peekLive(); timer !== undefined && timer.dueAt <= targetMs; timer = peekLive()) {
				pop();
				live.delete(timer.id);
				elapsedMs = Math.max(elapsedMs, timer.dueAt);
				timer.callback();
				await flush();
			}

			elapsedMs = targetMs;
			await flushMacrotask();
		},
		flush: flushMacrotask,
		pendingTimers: () => live.size,
		stop(ms: number) {
			elapsedMs += ms;
		},
		stepWall(ms: number) {
			wallStepMs += ms;
		},
	};
}
