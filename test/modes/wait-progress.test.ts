import {describe, expect, it} from 'vitest';
import {formatElapsed, formatWaitLimit, notUpRows} from '../../source/modes/wait-progress.js';
import {makeRow, makeSnapshot} from '../ui/helpers.js';

describe('notUpRows', () => {
	it('names the checks that are not up, worst first, the first three and how many more', () => {
		const snapshot = makeSnapshot([
			{name: 'search', state: 'slow'},
			{name: 'orders', state: 'up'},
			{name: 'billing', state: 'failing'},
			{name: 'stock', state: 'warn'},
			{name: 'ledger', state: 'failing'},
			{name: 'mail', state: 'pending'},
		]);
		const {items, text} = notUpRows(snapshot);
		expect(items).toEqual(['billing (failing)', 'ledger (failing)', 'mail (pending)', 'stock (warn)', 'search (slow)']);
		expect(text).toBe('billing (failing), ledger (failing), mail (pending) and 2 more');
	});

	it('is empty when every check is up', () => {
		expect(notUpRows(makeSnapshot([{name: 'orders', state: 'up'}]))).toEqual({items: [], text: ''});
	});

	it('keeps a masked name masked, in ASCII with --ascii, and a series label from a target free of control characters', () => {
		const masked = makeRow({name: '•••• api', state: 'failing'});
		const series = {...makeRow({name: 'prom up', state: 'failing'}), seriesLabel: 'node\u001B[2J1'};
		// The escape shows as `^[`, as sanitize shows it everywhere: seen, never acted on by the terminal.
		expect(notUpRows(makeSnapshot([masked, series]), {ascii: true}).text).toBe('**** api (failing), prom up / node^[[2J1 (failing)');
		expect(notUpRows(makeSnapshot([masked])).text).toBe('•••• api (failing)');
	});
});

describe('formatElapsed', () => {
	it.each([
		[380, '400ms'],
		[3140, '3.1s'],
		[3000, '3s'],
		[34_400, '34s'],
		[120_300, '2m'],
		// From a minute on, as the plain lines and the screen write durations, not `90s`.
		[59_600, '1m'],
		[90_000, '1m 30s'],
		[94_400, '1m 34s'],
		[3_720_000, '1h 2m'],
	])('%i ms reads %s', (ms, text) => {
		expect(formatElapsed(ms)).toBe(text);
	});
});

describe('formatWaitLimit', () => {
	it.each([
		[500, '500ms'],
		[2500, '2.5s'],
		[20_000, '20s'],
		[90_000, '1m 30s'],
		[120_000, '2m'],
		[5_400_000, '1h 30m'],
	])('--wait of %i ms reads %s', (ms, text) => {
		expect(formatWaitLimit(ms)).toBe(text);
	});
});
