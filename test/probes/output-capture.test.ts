import {once} from 'node:events';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {captureOutput} from '../../source/probes/output-capture.js';

/** Writes `chunks` through a real stream into a capture, and waits for its end. */
async function captured(chunks: Array<string | Buffer>, watched?: string, keep?: number) {
	const stream = new PassThrough();
	const capture = captureOutput(stream, watched, keep);
	for (const chunk of chunks) stream.write(chunk);
	stream.end();
	await once(stream, 'end');
	return capture;
}

describe('captureOutput', () => {
	it('keeps all of a stream no longer than twice what it keeps', async () => {
		const capture = await captured(['abc\n', 'def\n', 'ghi\n'], undefined, 6);
		expect(capture.text()).toBe('abc\ndef\nghi\n');
		expect(capture.skippedBytes()).toBe(0);
		expect(capture.totalBytes()).toBe(12);
	});

	it('keeps the start and the end from the start of a line, and counts what it dropped', async () => {
		const capture = await captured(['first line\n', 'middle 1\n', 'middle 2\n', 'middle 3\n', 'the end\n'], undefined, 12);
		expect(capture.text()).toBe('first line\nm\nthe end\n');
		expect(capture.totalBytes()).toBe(46);
		expect(capture.skippedBytes()).toBe(46 - 12 - 8);
	});

	it('does not start the end in the middle of a character', async () => {
		const capture = await captured(['hea', 'x'.repeat(50), 'ééé'], undefined, 3);
		// The last 3 bytes are the second byte of an é, and a whole é.
		expect(capture.text()).toBe('hea\né');
	});

	it('finds a watched text split across chunks, in the middle it dropped', async () => {
		const capture = await captured(['start\n', 'x'.repeat(100), 'repli', 'cation: stre', 'aming', 'y'.repeat(100), '\nend\n'], 'replication: streaming', 8);
		expect(capture.text()).not.toContain('streaming');
		expect(capture.sawWatched()).toBe(true);
		expect((await captured(['replication: stopped'], 'replication: streaming')).sawWatched()).toBe(false);
	});

	it('holds no more than what it keeps and a chunk, however long the stream', async () => {
		const stream = new PassThrough();
		const capture = captureOutput(stream, undefined, 1024);
		const chunk = Buffer.alloc(512, 'x');
		for (let index = 0; index < 10_000; index++) stream.write(chunk);
		stream.end();
		await once(stream, 'end');
		expect(capture.totalBytes()).toBe(5_120_000);
		expect(capture.text().length).toBeLessThanOrEqual(2049);
	});
});
