import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keys, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const english = [
	'1. helm rollback orders 41 --namespace orders --wait',
	'2. kubectl -n orders rollout status deploy/orders-api && kubectl -n orders get pods -l app=orders-api -o wide',
	'3. run the smoke test: ./scripts/smoke.sh orders',
	'4. post in #incidents that orders was rolled back',
];

const japanese = [
	'1. helm rollback orders 41 --namespace orders --wait で一つ前のリリースに戻す',
	'2. kubectl -n orders rollout status deploy/orders-api で全てのポッドが入れ替わるまで待ち、ログにエラーが無いことを確かめる',
	'3. スモークテストを流す: ./scripts/smoke.sh orders が全て成功すること',
	'4. #incidents に orders を戻したと書く',
];

/** The rollback note's lines as the pane shows them, read by scrolling the pane down to its end. */
async function rollbackLines(steps: readonly string[], columns: number, rows: number): Promise<string[]> {
	const screen = mount(makeSnapshot([{name: 'orders api', state: 'failing', owner: '@orders', check: {rollback: `${steps.join('\n')}\n`}}]), {columns, rows});
	await screen.press(keys.enter);
	const seen: string[] = [];
	for (let page = 0; page < 6; page++) {
		// The pane's lines, from the label column on: `rollback  …` and the unlabelled lines under it.
		seen.push(...screen.lines().map(line => line.replace(/^[│|]\s/, '').replace(/^.*?│ /, '')));
		// eslint-disable-next-line no-await-in-loop
		await screen.press(keys.pageDown);
	}

	const start = seen.findIndex(line => line.startsWith('rollback  '));
	const block: string[] = [];
	for (const line of seen.slice(start)) {
		if (block.length > 0 && !line.startsWith(' '.repeat(10))) break;
		block.push(line.slice(10).trim());
	}

	return block;
}

describe('a rollback note of several steps in the detail pane', () => {
	it.each([
		['English', 120, 40, english],
		['English', 80, 24, english],
		['Japanese', 120, 40, japanese],
		['Japanese', 80, 24, japanese],
	] as const)('shows every step of a %s note whole at %ix%i, wrapped under its label', async (_language, columns, rows, steps) => {
		const lines = await rollbackLines(steps, columns, rows);
		expect(lines.join('\n')).not.toContain('…');
		// Each step starts a line of its own and goes on, wrapped, until the next one starts.
		const found = steps.map(step => lines.findIndex(line => line.startsWith(step.slice(0, 3))));
		expect(found.every(at => at >= 0), lines.join('\n')).toBe(true);
		for (const [index, step] of steps.entries()) {
			const part = lines.slice(found[index], found[index + 1] ?? lines.length);
			expect(part.join(' ').replaceAll(/(?<=[^\x00-\x7F]) (?=[^\x00-\x7F])/gu, ''), lines.join('\n')).toBe(step);
		}
	});
});
