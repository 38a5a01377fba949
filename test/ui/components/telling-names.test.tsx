import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keys, makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const long = 'very-long-service-name-for-the-checkout-reconciliation-worker';
// Each identity check shares its longest start with an `svc-0` check and its longest end with an orders check:
// cut around only those, both identity checks read `identity-us-e…very…rimary health`.
const names = [`identity-us-east-1 ${long}-26 primary health`, `identity-us-east-2 ${long}-28 primary health`, 'identity-us-east-1 svc-0', 'identity-us-east-2 svc-0', `orders-web-10 ${long}-36 primary health`, `orders-web-10 ${long}-38 primary health`];
const snapshot = makeSnapshot(names.map(name => makeRow({name})));

/** The name cell of each check row, in the order the rows are drawn, read under the `name` title. */
function drawnNames(lines: readonly string[]): string[] {
	const title = lines.findIndex(line => /\bname\b/u.test(line) && line.includes('state'));
	const start = lines[title]!.indexOf('name');
	return lines.slice(title + 1).filter(line => /^[> ] \S+ up /u.test(line)).map(line => [...line].slice(start).join('').split(/ {2,}/u)[0]!.trim());
}

describe('names cut in the table', () => {
	it('keeps every check told apart from the others at 80×24', () => {
		const cut = drawnNames(mount(snapshot, {columns: 80, rows: 24}).lines());
		expect(cut).toHaveLength(names.length);
		expect(new Set(cut).size, JSON.stringify(cut)).toBe(names.length);
	});

	it('keeps every check told apart from the others at 120×30 with the detail pane open', async () => {
		const screen = mount(snapshot, {columns: 120, rows: 30});
		await screen.press(keys.enter);
		const cut = drawnNames(screen.lines());
		expect(cut).toHaveLength(names.length);
		expect(new Set(cut).size, JSON.stringify(cut)).toBe(names.length);
	});
});
