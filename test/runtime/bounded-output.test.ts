import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {createBoundedWriter, defaultMaxBacklogBytes, maxBacklogFromEnv} from '../../source/runtime/bounded-output.js';

const line = (index: number) => `${JSON.stringify({type: 'result', index, pad: 'x'.repeat(80)})}\n`;

describe('createBoundedWriter', () => {
	it('holds at most the backlog for a reader that stopped, then says how many lines it dropped once read again', async () => {
		const stdout = new PassThrough({highWaterMark: 1024});
		const write = createBoundedWriter(stdout, dropped => `dropped ${dropped}\n`, 4096);
		for (let index = 0; index < 1000; index++) write(line(index));
		// ~100 bytes a line: about 41 lines are held, the rest dropped, not buffered.
		expect(stdout.writableLength).toBeLessThan(4096 + 200);
		const received: string[] = [];
		stdout.setEncoding('utf8');
		stdout.on('data', (chunk: string) => received.push(chunk));
		await new Promise(resolve => setImmediate(resolve));
		await new Promise(resolve => setImmediate(resolve));
		const lines = received.join('').trimEnd().split('\n');
		const kept = lines.filter(text => text.startsWith('{'));
		expect(kept.length).toBeGreaterThan(30);
		expect(lines.at(-1)).toBe(`dropped ${1000 - kept.length}`);
		// Read again: lines go through as before, and nothing more is said.
		write(line(1000));
		await new Promise(resolve => setImmediate(resolve));
		expect(received.join('').trimEnd().split('\n').at(-1)).toContain('"index":1000');
	});

	it('says how many it dropped when its backlog limit is below the stream\'s own high-water mark', async () => {
		// With a 10 KB limit on a pipe whose mark is 16 KB, no write ever returned false, so 'drain' never came: 760
		// results were missing from the stream and no "dropped" record said so.
		const stdout = new PassThrough({highWaterMark: 64 * 1024});
		const write = createBoundedWriter(stdout, dropped => `dropped ${dropped}\n`, 4096);
		for (let index = 0; index < 1000; index++) write(line(index));
		const received: string[] = [];
		stdout.setEncoding('utf8');
		stdout.on('data', (chunk: string) => received.push(chunk));
		for (let turn = 0; turn < 5; turn++) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => setImmediate(resolve));
		}

		const lines = received.join('').trimEnd().split('\n');
		const kept = lines.filter(text => text.startsWith('{'));
		expect(kept.length).toBeGreaterThan(30);
		expect(lines.at(-1)).toBe(`dropped ${1000 - kept.length}`);
	});

	it('writes everything while the reader keeps up', async () => {
		const stdout = new PassThrough({highWaterMark: 1024});
		let text = '';
		stdout.setEncoding('utf8');
		stdout.on('data', (chunk: string) => (text += chunk));
		const write = createBoundedWriter(stdout, dropped => `dropped ${dropped}\n`, 4096);
		for (let index = 0; index < 200; index++) {
			write(line(index));
			// eslint-disable-next-line no-await-in-loop
			if (index % 10 === 0) await new Promise(resolve => setImmediate(resolve));
		}

		await new Promise(resolve => setImmediate(resolve));
		expect(text.trimEnd().split('\n')).toHaveLength(200);
		expect(text).not.toContain('dropped');
	});

	it('reads UPTOP_MAX_STDOUT_BACKLOG when it is a whole number of at least 1024 bytes', () => {
		expect(maxBacklogFromEnv('65536')).toBe(65_536);
		for (const value of [undefined, '', 'lots', '100', '1.5e3x']) expect(maxBacklogFromEnv(value)).toBe(defaultMaxBacklogBytes);
	});
});
