import {describe, expect, it} from 'vitest';
import {createCommitPacer} from '../../source/ui/commit-pacer.js';
import {handClock} from './hand-clock.js';

/** The end of the current turn, where the pacer draws a request that comes after a pause. */
const endOfTurn = async (): Promise<void> => Promise.resolve();

describe('createCommitPacer', () => {
	it('commits the first request at the end of the turn, and one within the window when the window ends', async () => {
		const time = handClock();
		const pacer = createCommitPacer(100, time.clock);
		const commits: string[] = [];
		pacer.request(() => commits.push('a'));
		expect(commits).toEqual([]);
		await endOfTurn();
		expect(commits).toEqual(['a']);
		time.advance(30);
		pacer.request(() => commits.push('b'));
		expect(commits).toEqual(['a']);
		time.advance(69);
		expect(commits).toEqual(['a']);
		time.advance(1);
		expect(commits).toEqual(['a', 'b']);
		expect(time.pendingTimers()).toBe(0);
	});

	it('carries only the latest of the requests made while one waits, once', async () => {
		const time = handClock();
		const pacer = createCommitPacer(100, time.clock);
		const commits: string[] = [];
		// Two in one turn (one key that pins the selection, then moves it): one commit, of the second.
		pacer.request(() => commits.push('pin'));
		pacer.request(() => commits.push('first'));
		await endOfTurn();
		for (const name of ['j1', 'j2', 'j3']) {
			time.advance(20);
			pacer.request(() => commits.push(name));
		}

		expect(time.pendingTimers()).toBe(1);
		time.advance(1000);
		expect(commits).toEqual(['first', 'j3']);
	});

	it('keeps a held key at one commit per window, and draws a key after a pause at once', async () => {
		const time = handClock();
		const pacer = createCommitPacer(100, time.clock);
		const at: number[] = [];
		// A key every 33 ms for a second, as key repeat sends them.
		for (let press = 0; press < 30; press++) {
			pacer.request(() => at.push(time.clock.now()));
			// eslint-disable-next-line no-await-in-loop
			await endOfTurn();
			time.advance(33);
		}

		time.advance(200);
		expect(at.length).toBeGreaterThanOrEqual(9);
		expect(at.length).toBeLessThanOrEqual(11);
		expect(at.slice(1).every((value, index) => value - at[index]! >= 100)).toBe(true);
		const before = at.length;
		pacer.request(() => at.push(time.clock.now()));
		await endOfTurn();
		expect(at).toHaveLength(before + 1);
	});

	it('drops a waiting commit when cancelled', async () => {
		const time = handClock();
		const pacer = createCommitPacer(100, time.clock);
		const commits: string[] = [];
		pacer.request(() => commits.push('a'));
		await endOfTurn();
		pacer.request(() => commits.push('b'));
		pacer.cancel();
		expect(time.pendingTimers()).toBe(0);
		time.advance(500);
		expect(commits).toEqual(['a']);
		// Also one asked for after a pause, before the end of its turn.
		time.advance(500);
		pacer.request(() => commits.push('c'));
		pacer.cancel();
		await endOfTurn();
		expect(commits).toEqual(['a']);
	});
});
