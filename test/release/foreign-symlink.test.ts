import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {foreignSymlinkCode, openRefusingForeignSymlink} from '../../source/release/foreign-symlink.js';

/** Making a link owned by another uid needs root. */
const isRoot = process.getuid?.() === 0;
const otherUid = 12_345;
let directory: string;
let swapper: ChildProcess | undefined;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-foreign-symlink-'));
});

afterEach(() => {
	swapper?.kill('SIGKILL');
	swapper = undefined;
	fs.rmSync(directory, {recursive: true, force: true});
});

/**
 * Another process that, as fast as it can, puts in `link`'s place a link this user owns (to `own`) and one another
 * user owns (to `victim`), each by a rename, so the path always holds one of the two: a non-sticky shared state
 * directory where the other user swaps the link between uptop's look at it and its open.
 */
function swapLinks(link: string, own: string, victim: string): ChildProcess {
	const script = `
		const fs = require('node:fs');
		const [link, own, victim, uid] = process.argv.slice(1);
		for (let turn = 0; ; turn++) {
			const next = link + '.next';
			fs.rmSync(next, {force: true});
			if (turn % 2 === 0) {
				fs.symlinkSync(own, next);
			} else {
				fs.symlinkSync(victim, next);
				fs.lchownSync(next, Number(uid), Number(uid));
			}
			fs.renameSync(next, link);
		}
	`;
	return spawn(process.execPath, ['-e', script, link, own, victim, String(otherUid)], {stdio: 'ignore', timeout: 30_000, killSignal: 'SIGKILL'});
}

describe.skipIf(!isRoot)('openRefusingForeignSymlink', () => {
	it('never opens what another user\'s link names, though that link is swapped in between the look and the open', async () => {
		const own = path.join(directory, 'own.jsonl');
		const victim = path.join(directory, 'victim');
		fs.writeFileSync(own, '');
		fs.writeFileSync(victim, 'root:only:secret\n', {mode: 0o600});
		const victimIno = fs.statSync(victim).ino;
		const link = path.join(directory, 'history.jsonl');
		fs.symlinkSync(own, link);
		swapper = swapLinks(link, own, victim);
		let opensOfOwn = 0;
		let opensOfVictim = 0;
		let refusals = 0;
		const until = Date.now() + 3000;
		while (Date.now() < until) {
			// A turn of the event loop now and then, for the swapper's exit to be seen.
			await new Promise(resolve => setImmediate(resolve));
			for (let attempt = 0; attempt < 200; attempt++) {
				let fd: number;
				try {
					fd = openRefusingForeignSymlink(link, fs.constants.O_RDONLY, 0);
				} catch (error) {
					const {code} = error as NodeJS.ErrnoException;
					if (code !== foreignSymlinkCode) throw error;
					refusals++;
					continue;
				}

				if (fs.fstatSync(fd).ino === victimIno) opensOfVictim++;
				else opensOfOwn++;
				fs.closeSync(fd);
			}
		}

		expect(opensOfOwn).toBeGreaterThan(0);
		expect(refusals).toBeGreaterThan(0);
		expect(opensOfVictim).toBe(0);
	}, 20_000);

	it('refuses another user\'s link, naming it and its owner', () => {
		const victim = path.join(directory, 'victim');
		fs.writeFileSync(victim, 'secret\n', {mode: 0o600});
		const link = path.join(directory, 'history.jsonl');
		fs.symlinkSync(victim, link);
		fs.lchownSync(link, otherUid, otherUid);
		expect(() => openRefusingForeignSymlink(link, fs.constants.O_RDONLY, 0)).toThrow(expect.objectContaining({code: foreignSymlinkCode, message: expect.stringContaining(`${link} is a symlink owned by uid ${otherUid}`) as string}));
	});

	it('follows a link of this user\'s own, also to a file not made yet', () => {
		const own = path.join(directory, 'elsewhere.jsonl');
		const link = path.join(directory, 'history.jsonl');
		fs.symlinkSync(own, link);
		const fd = openRefusingForeignSymlink(link, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
		fs.writeSync(fd, 'x\n');
		fs.closeSync(fd);
		expect(fs.readFileSync(own, 'utf8')).toBe('x\n');
	});
});
