import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

describe('a check that skips TLS verification', () => {
	it('says "insecure" after its name in the table, and keeps the name whole where it fits', () => {
		const screen = mount(makeSnapshot([makeRow({name: 'legacy admin', check: {insecure: true}}), makeRow({name: 'payments api'})]), {columns: 120});
		const line = (name: string) => screen.lines().find(item => item.includes(name))!;
		expect(line('legacy admin')).toMatch(/legacy admin +insecure /);
		expect(line('payments api')).not.toContain('insecure');
	});
});

describe('a name too long for its column', () => {
	const names = ['payments api eu-west-1 primary', 'payments api eu-west-1 replica'];

	it.each([[80, 24], [60, 15]])('is cut in the middle at %i×%i, so checks that differ at the end stay told apart', (columns, rows) => {
		const screen = mount(makeSnapshot(names.map(name => makeRow({name}))), {columns, rows});
		const drawn = screen.lines().filter(line => line.includes('payments ap'));
		expect(drawn).toHaveLength(2);
		expect(drawn.some(line => /payments ap[^…]*…[^…]* primary /.test(line))).toBe(true);
		expect(drawn.some(line => /payments ap[^…]*…[^…]* replica /.test(line))).toBe(true);
	});

	it('keeps both ends of an insecure check\'s name before its tag', () => {
		const screen = mount(makeSnapshot([makeRow({name: 'legacy admin console eu-west-1 replica', check: {insecure: true}})]), {columns: 80});
		expect(screen.lines().find(line => line.includes('insecure'))).toMatch(/legacy[^…]*…[^…]*eplica insecure /);
	});
});
