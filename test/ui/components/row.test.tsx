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
