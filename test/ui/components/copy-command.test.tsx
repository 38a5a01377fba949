import path from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../../source/config/load-config.js';
import {displayCheck} from '../../../source/monitor/display-check.js';
import {writeFiles} from '../../config/temp-files.js';
import {makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const token = 'tok-5ecret-9f8e';
const config = `
groups:
  payments: {owner: "@payments-oncall"}
checks:
  - name: payments api
    group: payments
    url: http://127.0.0.1:8000/health
    headers: {Authorization: "Bearer \${PAYMENTS_TOKEN}"}
`;

/** A failing row whose check is the display copy of one loaded from a real checks.yaml, as the engine publishes it. */
function paymentsRow() {
	const directory = writeFiles({'checks.yaml': config});
	const check = loadConfig(path.join(directory, 'checks.yaml'), {env: {PAYMENTS_TOKEN: token}}).checks[0]!;
	const row = makeRow({name: 'payments api', state: 'failing', group: 'payments'});
	return {...row, check: displayCheck(check)};
}

/** A labelled value of the detail pane and the lines it wraps onto, joined. */
function paneValue(lines: readonly string[], label: string): string {
	const start = lines.findIndex(line => line.includes(label));
	const column = lines[start]!.indexOf(label);
	const parts = [lines[start]!.slice(column + 10).trimEnd()];
	for (const line of lines.slice(start + 1)) {
		if (line.slice(column, column + 10).trim() !== '') break;
		parts.push(line.slice(column + 10).trimEnd());
	}

	return parts.join(' ');
}

const command = String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -L -H 'authorization: Bearer '"${'$'}{PAYMENTS_TOKEN}" http://127.0.0.1:8000/health`;

describe('y copies the check\'s `by hand` command', () => {
	it('shows the command in the detail pane with the variable named, never its value', async () => {
		const screen = mount(makeSnapshot([paymentsRow()]), {columns: 200, rows: 50});
		await screen.press('\r');
		// Wrapped for the shell: each line but the last ends in ` \`, which paneValue joins with the next line's words.
		expect(paneValue(screen.lines(), 'by hand').replaceAll(' \\ ', ' ')).toBe(command);
		expect(screen.frame()).not.toContain(token);
	});

	it.each([
		['in the detail pane', ['\r', 'y']],
		['on the selected row of the table', ['y']],
	])('copies it %s and says so on the status line', async (_where, keys) => {
		const copied: string[] = [];
		const screen = mount(makeSnapshot([paymentsRow()]), {columns: 200, rows: 50, onCopy: text => copied.push(text), isInTmux: true});
		await screen.press(...keys);
		expect(copied).toEqual([command]);
		expect(screen.frame()).toContain('copied: curl -sS -A uptop -o /dev/null -w \'%{ht… (OSC 52 if tmux has set-clipboard on)');
		expect(screen.frame()).not.toContain(token);
	});

	it.each([80, 60])('keeps tmux\'s setting whole at %i columns: the command shown gives way', async columns => {
		// At 80 columns the notice ended "(OSC 52: tmux needs set-clipbo…": the value to set was cut off.
		const screen = mount(makeSnapshot([paymentsRow()]), {columns, rows: 24, onCopy: () => undefined, isInTmux: true});
		await screen.press('y');
		expect(screen.frame()).toMatch(/copied: curl -sS -A \S.*… \(OSC 52 if tmux has set-clipboard on\)/);
	});

	it('names tmux\'s setting only inside tmux', async () => {
		const screen = mount(makeSnapshot([paymentsRow()]), {columns: 200, rows: 50, onCopy: () => undefined, isInTmux: false});
		await screen.press('y');
		expect(screen.frame()).toContain('copied: curl -sS -A uptop -o /dev/null -w \'%{ht… (OSC 52)');
		expect(screen.frame()).not.toContain('set-clipboard');
	});

	it('says why nothing was copied on a group\'s row', async () => {
		const copied: string[] = [];
		const screen = mount(makeSnapshot([paymentsRow()]), {columns: 200, rows: 50, onCopy: text => copied.push(text), initialView: undefined});
		await screen.press('\t', 'k', 'y');
		expect(screen.selectedLine()).toContain('payments');
		expect(copied).toEqual([]);
		expect(screen.frame()).toContain('select a check to copy its command (a group has none)');
	});
});

describe('u copies the check\'s runbook', () => {
	const runbookConfig = `
checks:
  - name: invoice sync
    url: http://127.0.0.1:8000/jobs/invoice-sync
    runbook: "https://runbooks.example.com/batch-jobs/invoice-sync?token=\${RUNBOOK_TOKEN}"
  - name: queue depth
    url: http://127.0.0.1:8000/queue
`;

	/** Two up rows of a real checks.yaml, as the engine publishes them: one with a runbook, one without. */
	function rows() {
		const directory = writeFiles({'checks.yaml': runbookConfig});
		const checks = loadConfig(path.join(directory, 'checks.yaml'), {env: {RUNBOOK_TOKEN: token}}).checks;
		return checks.map(check => ({...makeRow({name: check.name, state: 'up'}), check: displayCheck(check)}));
	}

	it.each([
		['on the selected row of the table', ['u']],
		['in the detail pane', ['\r', 'u']],
	])('puts it on the clipboard whole %s, however it wraps there, and says so', async (_where, keys) => {
		// At 120 columns the pane wraps the runbook over three lines: copied off the screen, it is three pieces.
		const copied: string[] = [];
		const screen = mount(makeSnapshot(rows()), {columns: 120, rows: 40, onCopy: text => copied.push(text), isInTmux: false});
		await screen.press(...keys);
		expect(copied).toEqual(['https://runbooks.example.com/batch-jobs/invoice-sync?token=••••']);
		expect(screen.frame()).toContain('copied: https://runbooks.example.com/batch-jobs… (OSC 52)');
		expect(screen.frame()).not.toContain(token);
	});

	it('says so when the check has none, and copies nothing', async () => {
		const copied: string[] = [];
		const screen = mount(makeSnapshot(rows()), {columns: 120, rows: 40, onCopy: text => copied.push(text)});
		await screen.press('j', 'u');
		expect(screen.selectedLine()).toContain('queue depth');
		expect(copied).toEqual([]);
		expect(screen.frame()).toContain('queue depth has no runbook (runbook: in checks.yaml)');
	});

	/** The checks of a real checks.yaml as up rows, and what `u` and `y` copy from them. */
	const mountGrouped = (directory: string) => {
		const checks = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks;
		const grouped = checks.map(check => ({...makeRow({name: check.name, state: 'up', group: check.group}), check: displayCheck(check)}));
		const copied: string[] = [];
		const screen = mount(makeSnapshot(grouped), {columns: 120, rows: 40, onCopy: text => copied.push(text), initialView: undefined});
		return {screen, copied};
	};

	it('copies a group\'s runbook on its row when its checks share one, and says why not otherwise', async () => {
		const directory = writeFiles({'checks.yaml': `
groups:
  jobs: {runbook: "https://runbooks.example.com/jobs"}
  apis: {}
checks:
  - {name: invoice sync, group: jobs, url: "http://127.0.0.1:8000/a"}
  - {name: nightly report, group: jobs, url: "http://127.0.0.1:8000/b"}
  - {name: orders api, group: apis, url: "http://127.0.0.1:8000/c", runbook: "https://runbooks.example.com/orders"}
  - {name: stock api, group: apis, url: "http://127.0.0.1:8000/d", runbook: "https://runbooks.example.com/stock"}
`});
		const {screen, copied} = mountGrouped(directory);
		// Group sort: each group's row comes before its checks.
		await screen.press('s', 's', 's', 'g');
		const rowOf = async (group: string) => {
			for (let step = 0; step < 8 && !new RegExp(`^> .*${group} \\(`).test(screen.selectedLine()); step++) {
				// eslint-disable-next-line no-await-in-loop
				await screen.press('j');
			}

			expect(screen.selectedLine()).toMatch(new RegExp(`${group} \\(`));
		};

		await rowOf('jobs');
		await screen.press('u');
		expect(copied).toEqual(['https://runbooks.example.com/jobs']);
		await screen.press('g');
		await rowOf('apis');
		await screen.press('u');
		expect(copied).toHaveLength(1);
		expect(screen.frame()).toContain('the checks of apis have different runbooks: select one');
	});

	it('copies the runbook of the group\'s checks that the filter lists, as the group\'s row counts them', async () => {
		const directory = writeFiles({'checks.yaml': `
checks:
  - {name: orders api, group: apis, url: "http://127.0.0.1:8000/c", runbook: "https://runbooks.example.com/orders"}
  - {name: stock api, group: apis, url: "http://127.0.0.1:8000/d", runbook: "https://runbooks.example.com/stock"}
`});
		const {screen, copied} = mountGrouped(directory);
		// Filtered to the orders api, folded: the apis row reads (1), and the stock api's runbook is nowhere on screen.
		await screen.press('/', 'o', 'r', 'd', '\r', '\t');
		expect(screen.selectedLine()).toMatch(/apis \(1\)/);
		await screen.press('u');
		expect(copied).toEqual(['https://runbooks.example.com/orders']);
	});

	it('is in the help, beside y', async () => {
		const screen = mount(makeSnapshot(rows()), {columns: 120, rows: 40});
		await screen.press('?');
		expect(screen.frame()).toMatch(/y +copy the check's by hand command \(OSC 52\)\n.*u +copy the check's runbook \(OSC 52\)/);
	});
});
