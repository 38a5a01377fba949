import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {Snapshot} from '../../source/monitor/types.js';
import {holdSnapshotsWhileBacklogged, isBacklogged, waitForOutputToDrain} from '../../source/ui/terminal-backlog.js';
import {FakeMonitor, makeSnapshot} from './helpers.js';

/** A terminal that takes each write only when told to (`take`), as a slow or frozen link does. */
class SlowTerminal extends Writable {
	readonly received: string[] = [];
	private readonly waiting: Array<() => void> = [];

	constructor() {
		super({decodeStrings: false});
	}

	override _write(chunk: string, _encoding: string, done: () => void): void {
		this.waiting.push(() => {
			this.received.push(chunk);
			done();
		});
	}

	/** Takes the write in progress; the stream then hands over the next one. */
	take(): void {
		this.waiting.shift()?.();
	}

	/** Takes every write, the empty ones that only ask to be told when the rest is taken included. */
	async takeAll(): Promise<void> {
		while (this.waiting.length > 0) {
			this.take();
			await new Promise(resolve => {
				setImmediate(resolve);
			});
		}
	}
}

const rowsAt = (latencyMs: number) => makeSnapshot([{name: 'orders api', state: 'up', latencyMs}]);
const latencyOf = (snapshot: Snapshot) => snapshot.rows[0]?.last?.latencyMs;

describe('holdSnapshotsWhileBacklogged', () => {
	it('passes snapshots straight through while the terminal has taken everything', () => {
		const monitor = new FakeMonitor(rowsAt(1));
		const terminal = new SlowTerminal();
		const screen = holdSnapshotsWhileBacklogged(monitor, terminal);
		const seen: Snapshot[] = [];
		screen.subscribe(snapshot => seen.push(snapshot));
		monitor.publish(rowsAt(2));
		monitor.publish(rowsAt(3));
		expect(seen.map(latencyOf)).toEqual([2, 3]);
		expect(screen.getSnapshot()).toBe(monitor.getSnapshot());
	});

	it('holds newer snapshots while output waits, then shows only the latest once the terminal has taken it', async () => {
		const monitor = new FakeMonitor(rowsAt(1));
		const terminal = new SlowTerminal();
		const screen = holdSnapshotsWhileBacklogged(monitor, terminal);
		const seen: Snapshot[] = [];
		screen.subscribe(snapshot => seen.push(snapshot));
		terminal.write('a frame the terminal has not taken');
		expect(isBacklogged(terminal)).toBe(true);
		for (const latency of [2, 3, 4]) monitor.publish(rowsAt(latency));
		expect(seen).toEqual([]);
		// What the screen draws from stays the frame it was given, not the held ones.
		expect(latencyOf(screen.getSnapshot())).toBe(1);
		await terminal.takeAll();
		expect(seen.map(latencyOf)).toEqual([4]);
		expect(latencyOf(screen.getSnapshot())).toBe(4);
		expect(terminal.received).toEqual(['a frame the terminal has not taken', '']);
	});

	it('keeps holding while the frame drawn meanwhile is still waiting too', async () => {
		const monitor = new FakeMonitor(rowsAt(1));
		const terminal = new SlowTerminal();
		const screen = holdSnapshotsWhileBacklogged(monitor, terminal);
		const seen: Snapshot[] = [];
		screen.subscribe(snapshot => seen.push(snapshot));
		terminal.write('frame 1');
		monitor.publish(rowsAt(2));
		// Something else (a key press) draws before the terminal took frame 1.
		terminal.write('frame 2');
		terminal.take();
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		expect(seen).toEqual([]);
		await terminal.takeAll();
		expect(seen.map(latencyOf)).toEqual([2]);
	});

	it('stops following the monitor when the screen unsubscribes, and forwards commands and events', () => {
		const monitor = new FakeMonitor(rowsAt(1));
		const screen = holdSnapshotsWhileBacklogged(monitor, new SlowTerminal());
		const seen: Snapshot[] = [];
		const unsubscribe = screen.subscribe(snapshot => seen.push(snapshot));
		unsubscribe();
		monitor.publish(rowsAt(2));
		expect(seen).toEqual([]);
		screen.send({type: 'pause'});
		expect(monitor.sent).toEqual([{type: 'pause'}]);
		const events: string[] = [];
		screen.onEvent(event => events.push(event.type));
		monitor.emit({type: 'marker', marker: {at: 1, label: 'deploy', source: 'command'}});
		expect(events).toEqual(['marker']);
	});
});

describe('waitForOutputToDrain', () => {
	it('settles true at once for an empty stream, true once taken, false after its limit for a terminal that does not read', async () => {
		const terminal = new SlowTerminal();
		expect(await waitForOutputToDrain(terminal, 10)).toBe(true);
		terminal.write('teardown');
		const draining = waitForOutputToDrain(terminal, 5000);
		await terminal.takeAll();
		expect(await draining).toBe(true);
		terminal.write('teardown');
		const started = Date.now();
		expect(await waitForOutputToDrain(terminal, 50)).toBe(false);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});
