import {describe, expect, it} from 'vitest';
import {createCommitPacer} from '../../source/ui/commit-pacer.js';
import {createFakeClock} from '../helpers/fake-clock.js';

/** The end of the current turn, where the pacer draws a request that comes after a pause. */
const endOfTurn = async (): Promise<void> => Promise.resolve();

describe('createCommitPacer', () => {
	it('commits the first request at the end of the turn, and one within the window when the window ends', async () => {
		const clock = createFakeClock();
		const pacer = createCommitPacer(100, clock);
		const commits: string[] = [];
		pacer.request(() => commits.push('a'));
		expect(commits).toEqual([]);
		await endOfTurn();
		expect(commits).toEqual(['a']);
		await clock.advance(30);
		pacer.request(() => commits.push('b'));
		expect(commits).toEqual(['a']);
		await clock.advance(69);
		expect(commits).toEqual(['a']);
		await clock.advance(1);
		expect(commits).toEqual(['a', 'b']);
		expect(clock.pendingTimers()).toBe(0);
	});

	it('carries only the latest of the requests made while one waits, once', async () => {
		const clock = createFakeClock();
		const pacer = createCommitPacer(100, clock);
		const commits: string[] = [];
		// Two in one turn (one key that pins the selection, then moves it): one commit, of the second.
		pacer.request(() => commits.push('pin'));
		pacer.request(() => commits.push('first'));
		await endOfTurn();
		for (const name of ['j1', 'j2', 'j3']) {
			await clock.advance(20);
			pacer.request(() => commits.push(name));
		}

		expect(clock.pendingTimers()).toBe(1);
		await clock.advance(1000);
		expect(commits).toEqual(['first', 'j3']);
	});

	it('keeps a held key at one commit per window, and draws a key after a pause at once', async () => {
		const clock = createFakeClock();
		const pacer = createCommitPacer(100, clock);
		const at: number[] = [];
		// A key every 33 ms for a second, as key repeat sends them.
		for (let press = 0; press < 30; press++) {
			pacer.request(() => at.push(clock.monotonic()));
			// eslint-disable-next-line no-await-in-loop
			await endOfTurn();
			await clock.advance(33);
		}

		await clock.advance(200);
		expect(at.length).toBeGreaterThanOrEqual(9);
		expect(at.length).toBeLessThanOrEqual(11);
		expect(at.slice(1).every((value, index) => value - at[index]! >= 100)).toBe(true);
		const before = at.length;
		pacer.request(() => at.push(clock.monotonic()));
		await endOfTurn();
		expect(at).toHaveLength(before + 1);
	});

	it('commits a requestNow at the end of the turn inside a window, in place of the commit that waited', async () => {
		const clock = createFakeClock();
		const pacer = createCommitPacer(100, clock);
		const commits: string[] = [];
		pacer.request(() => commits.push('a'));
		await endOfTurn();
		await clock.advance(10);
		pacer.request(() => commits.push('held'));
		expect(clock.pendingTimers()).toBe(1);
		pacer.requestNow(() => commits.push('typed'));
		expect(clock.pendingTimers()).toBe(0);
		await endOfTurn();
		expect(commits).toEqual(['a', 'typed']);
		// The window starts again from it: a request 10 ms later waits for its end.
		await clock.advance(10);
		pacer.request(() => commits.push('b'));
		await endOfTurn();
		expect(commits).toEqual(['a', 'typed']);
		await clock.advance(90);
		expect(commits).toEqual(['a', 'typed', 'b']);
		// Two in one turn: one commit, of the later.
		pacer.requestNow(() => commits.push('c1'));
		pacer.requestNow(() => commits.push('c2'));
		await endOfTurn();
		expect(commits).toEqual(['a', 'typed', 'b', 'c2']);
	});

	it('drops a waiting commit when cancelled', async () => {
		const clock = createFakeClock();
		const pacer = createCommitPacer(100, clock);
		const commits: string[] = [];
		pacer.request(() => commits.push('a'));
		await endOfTurn();
		pacer.request(() => commits.push('b'));
		pacer.cancel();
		expect(clock.pendingTimers()).toBe(0);
		await clock.advance(500);
		expect(commits).toEqual(['a']);
		// Also one asked for after a pause, before the end of its turn.
		await clock.advance(500);
		pacer.request(() => commits.push('c'));
		pacer.cancel();
		await endOfTurn();
		expect(commits).toEqual(['a']);
	});
});
