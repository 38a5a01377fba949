import {afterAll, describe, expect, it} from 'vitest';
import {closeProbes} from '../../source/probes/index.js';
import {matchText, trustsRanOut} from '../../source/probes/text-match.js';

afterAll(async () => {
	await closeProbes();
});

describe('a pattern that once ran out its budget on a text', () => {
	it('is tried again on that text after a few rounds, and once it finishes in time is no longer held for slow', async () => {
		// Backtracks for ~0.2 s on this text (2^20 ways), then finds no `b`: slow but finite, as a sane pattern on a
		// large body is on a loaded host. Its first round overruns a small budget (the load spike); then time is ample.
		const matcher = {regex: '(a+)+b', flags: ''};
		const text = 'a'.repeat(20);
		const signal = new AbortController().signal;
		expect(await matchText(text, matcher, signal, 10)).toBe('too_slow');
		const rounds = [];
		for (let round = 0; round < 5; round++) {
			rounds.push(await matchText(text, matcher, signal, 20_000));
		}

		// Four rounds told at once, as before; the fifth runs it for real, and it finishes.
		expect(rounds).toEqual(['too_slow', 'too_slow', 'too_slow', 'too_slow', 'no_match']);
		// Finished in time, the verdict is gone: the next round runs it too.
		expect(await matchText(text, matcher, signal, 20_000)).toBe('no_match');
	}, 60_000);
});

describe('trustsRanOut', () => {
	const ranOut = {text: 'aaaa!', at: 1_000_000, told: 0};

	it('trusts the verdict for the same text only', () => {
		expect(trustsRanOut(ranOut, 'aaaa!', 1_000_000)).toBe(true);
		expect(trustsRanOut(ranOut, 'aaaa?', 1_000_000)).toBe(false);
		expect(trustsRanOut(undefined, 'aaaa!', 1_000_000)).toBe(false);
	});

	it('for four rounds: the fifth runs the match again', () => {
		expect(trustsRanOut({...ranOut, told: 3}, 'aaaa!', 1_000_000)).toBe(true);
		expect(trustsRanOut({...ranOut, told: 4}, 'aaaa!', 1_000_000)).toBe(false);
	});

	it('for a minute at most, by the clock, however few the rounds', () => {
		expect(trustsRanOut(ranOut, 'aaaa!', 1_059_999)).toBe(true);
		expect(trustsRanOut(ranOut, 'aaaa!', 1_060_000)).toBe(false);
		// A clock set back: not trusted for longer than a minute from now either.
		expect(trustsRanOut(ranOut, 'aaaa!', 900_000)).toBe(false);
	});
});
