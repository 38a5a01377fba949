import {describe, expect, it} from 'vitest';
import {noMatchMessage, selectChecks} from '../../source/modes/select-checks.js';
import {makeCheck} from '../monitor/fixtures.js';

/** The message as the CLI asks for it: with the selection it made. */
const miss = (list: Parameters<typeof selectChecks>[0], filters: Parameters<typeof selectChecks>[1], name: string) => noMatchMessage(list, selectChecks(list, filters), filters, name);

describe('noMatchMessage', () => {
	const checks = [makeCheck('orders', {name: 'orders api', group: 'shop'}), makeCheck('billing', {name: 'billing job', group: 'jobs'})];

	it('says nothing without filters, when a filter matches, or when the config has no checks', () => {
		expect(miss(checks, {only: [], group: []}, 'checks.yaml')).toBeUndefined();
		expect(miss(checks, {only: ['ORDERS*'], group: []}, 'checks.yaml')).toBeUndefined();
		expect(selectChecks(checks, {only: ['ORDERS*'], group: []})).toHaveLength(1);
		expect(miss([], {only: ['x'], group: []}, 'checks.yaml')).toBeUndefined();
	});

	it('names what was asked and what there is: check names for --only, groups for --group', () => {
		expect(miss(checks, {only: ['order-api'], group: []}, 'checks.yaml')).toBe('no check in checks.yaml matches --only order-api (it has checks orders api, billing job; * and ? are wildcards, case aside)');
		expect(miss(checks, {only: [], group: ['pay*']}, 'checks.yaml')).toBe('no check in checks.yaml matches --group pay* (it has groups shop, jobs; * and ? are wildcards, case aside)');
		const many = Array.from({length: 12}, (_, index) => makeCheck(`c${index}`));
		expect(miss(many, {only: ['zz'], group: []}, 'big.yaml')).toContain('it has checks c0, c1, c2, c3, c4, c5, c6, c7, … (12)');
	});

	it('says no check is in a group when --group is asked of a file without groups, and points at --only for names', () => {
		// It listed the check names as if they were what --group matches.
		const ungrouped = [makeCheck('up', {name: 'up one'}), makeCheck('warn', {name: 'warn one'})];
		expect(miss(ungrouped, {only: [], group: ['x*']}, 'codes.yaml')).toBe('no check in codes.yaml matches --group x* (none of its checks is in a group, so --group matches none; --only selects checks by name: it has checks up one, warn one)');
		expect(miss(ungrouped, {only: ['up*'], group: ['x*']}, 'codes.yaml')).toBe('no check in codes.yaml matches --only up* --group x* (none of its checks is in a group, so --group matches none; --only selects checks by name: it has checks up one, warn one)');
	});
});

describe('selectChecks', () => {
	it('matches a name or group written with a combining accent by the letter typed precomposed, and the other way', () => {
		const checks = [makeCheck('decomposed', {name: 'cafe\u0301 service', group: 'cafe\u0301'}), makeCheck('composed', {name: 'prüfung api', group: 'prüfung'})];
		expect(selectChecks(checks, {only: ['café*'], group: []}).map(check => check.id)).toEqual(['decomposed']);
		expect(selectChecks(checks, {only: [], group: ['CAFÉ']}).map(check => check.id)).toEqual(['decomposed']);
		expect(selectChecks(checks, {only: ['pru\u0308fung*'], group: []}).map(check => check.id)).toEqual(['composed']);
	});

	it('matches the names as ASCII mode shows them when a glob matches none as written: `prufung*` for `prüfung api`', () => {
		const checks = [makeCheck('pruefung', {name: 'prüfung api', group: 'équipe'}), makeCheck('cafe', {name: 'cafe'}), makeCheck('accent', {name: 'café'})];
		expect(selectChecks(checks, {only: ['prufung*'], group: []}).map(check => check.id)).toEqual(['pruefung']);
		expect(selectChecks(checks, {only: [], group: ['equipe']}).map(check => check.id)).toEqual(['pruefung']);
		// A glob that matches a name as written selects only that: `cafe` is not also `café`.
		expect(selectChecks(checks, {only: ['cafe'], group: []}).map(check => check.id)).toEqual(['cafe']);
		expect(selectChecks(checks, {only: ['cafe', 'prufung*'], group: []}).map(check => check.id)).toEqual(['pruefung', 'cafe']);
		expect(miss(checks, {only: ['prufung*'], group: []}, 'checks.yaml')).toBeUndefined();
	});
});
