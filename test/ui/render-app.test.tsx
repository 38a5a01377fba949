import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {renderApp, type AppHandle} from '../../source/ui/render-app.js';
import {largeFleet} from './fleet.js';
import {FakeMonitor, makeCheck, makeRow, makeSnapshot, tick} from './helpers.js';
import type {Snapshot} from '../../source/monitor/types.js';
import {displayCheck} from '../../source/monitor/display-check.js';

const largeFleetSnapshot = () => makeSnapshot(largeFleet(30));

/** A terminal's output side: records every write. */
class TerminalOutput extends EventEmitter {
	isTTY = true;
	columns = 80;
	rows = 24;
	writable = true;
	readonly chunks: string[] = [];
	write = (data: string | Uint8Array, callback?: () => void): boolean => {
		this.chunks.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
		if (typeof callback === 'function') {
			callback();
		}

		return true;
	};

	text(): string {
		return this.chunks.join('');
	}
}

/** A terminal's input side in raw mode. */
class TerminalInput extends EventEmitter {
	isTTY = true;
	isRaw = false;
	private readonly queue: string[] = [];
	setEncoding(): void {}
	setRawMode(isRaw: boolean): void {
		this.isRaw = isRaw;
	}

	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
	read(): string | null {
		return this.queue.shift() ?? null;
	}

	type(data: string): void {
		this.queue.push(data);
		this.emit('readable');
	}
}

const enterAlternateScreen = '\u001B[?1049h';
const exitAlternateScreen = '\u001B[?1049l';
const hideCursor = '\u001B[?25l';
const showCursor = '\u001B[?25h';

let handle: AppHandle | undefined;
afterEach(() => {
	handle?.unmount();
	handle = undefined;
});

function start(options: {bell?: boolean; snapshot?: Snapshot} = {}) {
	const stdout = new TerminalOutput();
	const stdin = new TerminalInput();
	const monitor = new FakeMonitor(options.snapshot ?? largeFleetSnapshot());
	let quits = 0;
	handle = renderApp({
		monitor,
		configPath: '/etc/uptop/checks.yaml',
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		options: {color: false, ascii: false, bell: options.bell ?? false, hyperlinks: false},
		onQuit() {
			quits++;
		},
	});
	return {stdout, stdin, monitor, handle, quits: () => quits};
}

describe('renderApp', () => {
	it('draws in the alternate screen with the cursor hidden', async () => {
		const {stdout, stdin} = start();
		await tick();
		const text = stdout.text();
		expect(text.indexOf(enterAlternateScreen)).toBeGreaterThanOrEqual(0);
		expect(text).toContain(hideCursor);
		expect(text).toContain('checks.yaml');
		expect(text).toContain('failing');
		expect(stdin.isRaw).toBe(true);
	});

	it.each([['q', 'q'], ['ctrl-c', '\u0003']])('on %s restores the screen and the cursor, then calls onQuit once', async (_name, key) => {
		const {stdout, stdin, handle: app, quits} = start();
		await tick();
		stdin.type(key);
		await app.waitUntilExit();
		const text = stdout.text();
		expect(quits()).toBe(1);
		expect(text.lastIndexOf(exitAlternateScreen)).toBeGreaterThan(text.indexOf(enterAlternateScreen));
		expect(text.lastIndexOf(showCursor)).toBeGreaterThan(text.lastIndexOf(hideCursor));
		expect(stdin.isRaw).toBe(false);
	});

	it('restores the screen on unmount from the entry point without calling onQuit', async () => {
		const {stdout, handle: app, quits} = start();
		await tick();
		app.unmount();
		await app.waitUntilExit();
		expect(stdout.text()).toContain(exitAlternateScreen);
		expect(quits()).toBe(0);
	});

	it('shows a banner set after start and clears it', async () => {
		const {stdout, handle: app} = start();
		await tick();
		app.setBanner('checks.yaml:4:3 reload failed: unknown field "intervall"');
		await new Promise(resolve => {
			setTimeout(resolve, 150);
		});
		expect(stdout.text()).toContain('reload failed');
	});

	it('rings the bell when a check turns failing, only with the bell option', async () => {
		for (const bell of [true, false]) {
			const {stdout, monitor, handle: app} = start({bell});
			// eslint-disable-next-line no-await-in-loop
			await tick();
			monitor.emit({type: 'state', id: 'x', at: 0, from: 'up', to: 'failing'});
			monitor.emit({type: 'state', id: 'x', at: 0, from: 'failing', to: 'up'});
			const bells = stdout.text().split('\u0007').length - 1;
			expect(bells).toBe(bell ? 1 : 0);
			app.unmount();
		}
	});

	it('rings the bell once for a burst of checks turning failing, not once per check', async () => {
		const {stdout, monitor} = start({bell: true});
		await tick();
		// A server behind 328 checks killed: each of its checks turns failing within a couple of seconds.
		for (let check = 0; check < 328; check++) monitor.emit({type: 'state', id: `check-${check}`, at: 0, from: 'up', to: 'failing'});
		expect(stdout.text().split('\u0007').length - 1).toBe(1);
	});

	it('on y writes the selected check\'s command to the terminal as OSC 52, its secret hidden', async () => {
		const check = displayCheck(makeCheck({id: 'orders', name: 'orders', url: 'http://ops:pw-1234567@127.0.0.1:8000/orders', secrets: ['pw-1234567']}));
		const {stdout, stdin} = start({snapshot: makeSnapshot([{...makeRow({name: 'orders', state: 'failing'}), check}])});
		await tick();
		stdin.type('y');
		// Keys are drawn through the pacer, at most one frame each 125 ms.
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		const command = String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -L 'http://ops:••••@127.0.0.1:8000/orders'`;
		expect(check.byHand).toBe(command);
		const sequences = [...stdout.text().matchAll(/\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g)];
		expect(sequences.map(match => Buffer.from(match[1]!, 'base64').toString('utf8'))).toEqual([command]);
		expect(stdout.text()).toContain('copied: curl');
		expect(stdout.text()).not.toContain('pw-1234567');
	});

	it('writes only the changed lines when one row changes', async () => {
		const {stdout, monitor} = start();
		await new Promise(resolve => {
			setTimeout(resolve, 150);
		});
		const before = stdout.text().length;
		const snapshot = monitor.getSnapshot();
		const rows = snapshot.rows.map((row, index) => (index === 3 ? {...row, last: row.last && {...row.last, latencyMs: 777}} : row));
		monitor.publish({...snapshot, rows});
		await new Promise(resolve => {
			setTimeout(resolve, 250);
		});
		const written = stdout.text().slice(before);
		expect(written).toContain('777ms');
		expect(written.length).toBeGreaterThan(0);
		expect(written.length).toBeLessThan(before / 4);
	});
});
