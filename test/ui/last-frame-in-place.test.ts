import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {lastFrameInPlace, tearDownLeavingOneFrame} from '../../source/ui/last-frame-in-place.js';

const homeAndEraseDown = '\u001B[1;1H\u001B[J';

describe('the teardown frame drawn in place', () => {
	it('draws a frame begun by erasing the screen over the old one line by line, then breaks the line', () => {
		expect(lastFrameInPlace(`${homeAndEraseDown}\u001B[1muptop\u001B[22m\nrow\nfooter`)).toBe('\u001B[1;1H\u001B[2K\u001B[1muptop\u001B[22m\n\u001B[2Krow\n\u001B[2Kfooter\r\n');
	});

	it.each([
		['a changed line', '\u001B[3;1H\u001B[2Kslow'],
		['a mode', '\u001B[?1049l'],
		['text', 'plain text'],
	])('passes any other write as it is (%s)', (_name, chunk) => {
		expect(lastFrameInPlace(chunk)).toBe(chunk);
	});

	it('rewrites only what the teardown writes, and gives the stream back its own write', () => {
		const stream = new PassThrough();
		const written: string[] = [];
		stream.on('data', (chunk: Buffer) => written.push(chunk.toString()));
		const stdout = stream as unknown as NodeJS.WriteStream;
		tearDownLeavingOneFrame(stdout, () => {
			stdout.write(`${homeAndEraseDown}frame`);
		});
		stdout.write(`${homeAndEraseDown}after`);
		expect(written).toEqual(['\u001B[1;1H\u001B[2Kframe\r\n', `${homeAndEraseDown}after`]);
		expect(Object.hasOwn(stream, 'write')).toBe(false);
	});
});
