import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {isHangupIgnoredAtStart} from '../../source/runtime/hangup-ignored.js';

// A /proc/PID of files, as the kernel lays it out: what each way of starting uptop leaves there.
describe('isHangupIgnoredAtStart', () => {
	let directory: string | undefined;
	afterEach(() => {
		if (directory !== undefined) rmSync(directory, {recursive: true, force: true});
		directory = undefined;
	});

	function proc(options: {sigIgn: string; stdin: string; flags: string}): string {
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-proc-'));
		mkdirSync(path.join(directory, 'fd'));
		mkdirSync(path.join(directory, 'fdinfo'));
		writeFileSync(path.join(directory, 'status'), `Name:\tnode\nSigBlk:\t0000000000000000\nSigIgn:\t${options.sigIgn}\nSigCgt:\t0000000000000000\n`);
		symlinkSync(options.stdin, path.join(directory, 'fd', '0'));
		writeFileSync(path.join(directory, 'fdinfo', '0'), `pos:\t0\nflags:\t${options.flags}\nmnt_id:\t24\n`);
		return directory;
	}

	it('is true for nohup\'s write-only /dev/null on stdin (Node has reset the ignored SIGHUP itself)', () => {
		expect(isHangupIgnoredAtStart(proc({sigIgn: '0000000001001000', stdin: '/dev/null', flags: '0100001'}))).toBe(true);
	});

	it('is true where the mask still says SIGHUP is ignored', () => {
		expect(isHangupIgnoredAtStart(proc({sigIgn: '0000000001001001', stdin: '/dev/pts/3', flags: '0100002'}))).toBe(true);
	});

	it('is false for a terminal, or a /dev/null opened to be read (`< /dev/null`, a script\'s background job)', () => {
		expect(isHangupIgnoredAtStart(proc({sigIgn: '0000000001001000', stdin: '/dev/pts/3', flags: '0100002'}))).toBe(false);
		rmSync(directory!, {recursive: true, force: true});
		expect(isHangupIgnoredAtStart(proc({sigIgn: '0000000001001000', stdin: '/dev/null', flags: '0100000'}))).toBe(false);
	});

	it('is false without /proc', () => {
		expect(isHangupIgnoredAtStart('/nonexistent/proc/self')).toBe(false);
	});
});
