import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {describeHistoryProblem, describeHistoryReadProblem, isHistoryPlaceProblem} from '../../source/release/history-problem.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/** The error a real file-system call throws. */
function thrownBy(call: () => unknown): NodeJS.ErrnoException {
	try {
		call();
	} catch (error) {
		return error as NodeJS.ErrnoException;
	}

	throw new Error('expected the call to throw');
}

const suggestion = 'point --state-dir at a directory uptop may write, or run with --no-history';

describe('describeHistoryProblem', () => {
	const root = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-problem-'));
	const aFile = path.join(root, 'state-is-a-file');
	fs.writeFileSync(aFile, 'not a directory\n');

	it('names the file that stands where a directory should be, for both errors Node gives for it', () => {
		const underFile = path.join(aFile, 'uptop', 'checks-1.jsonl');
		const notDirectory = thrownBy(() => fs.mkdirSync(path.dirname(underFile), {recursive: true}));
		const exists = thrownBy(() => fs.mkdirSync(aFile, {recursive: true}));
		expect([notDirectory.code, exists.code]).toEqual(['ENOTDIR', 'EEXIST']);
		expect(describeHistoryProblem(notDirectory, underFile)).toBe(`${aFile} is a file, not a directory; ${suggestion}`);
		expect(describeHistoryProblem(exists, path.join(aFile, 'checks-1.jsonl'))).toBe(`${aFile} is a file, not a directory; ${suggestion}`);
		expect(isHistoryPlaceProblem(notDirectory)).toBe(true);
		expect(isHistoryPlaceProblem(exists)).toBe(true);
	});

	it('says when the history file is a directory', () => {
		const directoryFile = path.join(root, 'checks-2.jsonl');
		fs.mkdirSync(directoryFile);
		const error = thrownBy(() => fs.openSync(directoryFile, 'a'));
		expect(error.code).toBe('EISDIR');
		expect(describeHistoryProblem(error, directoryFile)).toBe(`${directoryFile} is a directory, where uptop keeps a file; move it away, or ${suggestion}`);
		expect(isHistoryPlaceProblem(error)).toBe(false);
	});

	it('names the nearest existing path for permission and read-only problems (codes a root test cannot provoke)', () => {
		const file = path.join(root, 'not-yet', 'checks-3.jsonl');
		const denied = Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES'});
		const readOnly = Object.assign(new Error('EROFS: read-only file system'), {code: 'EROFS'});
		// The directory uptop wanted to make is named too: "no permission to write /" alone says nothing of HOME=/nonexistent.
		expect(describeHistoryProblem(denied, file)).toBe(`cannot make ${path.dirname(file)}: no permission to write ${root}; ${suggestion}`);
		expect(describeHistoryProblem(denied, path.join(root, 'checks-3.jsonl'))).toBe(`no permission to write ${root}; ${suggestion}`);
		expect(describeHistoryProblem(readOnly, file)).toBe(`${root} is on a read-only file system; ${suggestion}`);
	});

	it.skipIf(process.getuid?.() !== 0)('says whose the history is when another user\'s file or state directory refused, and what to do', () => {
		// As root, a state directory handed to nobody stands for root's seen by a second user.
		const stateDir = path.join(root, 'nobodys');
		fs.mkdirSync(stateDir, {mode: 0o700});
		fs.chownSync(stateDir, 65_534, 65_534);
		const file = path.join(stateDir, 'checks-7.jsonl');
		const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {code: 'EACCES'});
		const owner = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find(line => line.split(':')[2] === '65534')?.split(':')[0] ?? 'uid 65534';
		expect(describeHistoryProblem(denied, file)).toBe(`${stateDir} belongs to ${owner}, and uptop runs as root; run uptop as ${owner}, or point --state-dir at a directory of your own, or run with --no-history`);
		expect(describeHistoryReadProblem(denied, file, who => `run uptop report as ${who}`)).toBe(`${stateDir} belongs to ${owner}, and uptop runs as root; run uptop report as ${owner}`);
		// One's own is no other user's.
		expect(describeHistoryReadProblem(denied, path.join(root, 'checks-8.jsonl'), who => who)).toBe(`no permission to read ${root}; ${suggestion}`);
	});

	it('says to chmod u+w a history file of this user\'s own that is read-only, not to go elsewhere', () => {
		const file = path.join(root, 'checks-9.jsonl');
		fs.writeFileSync(file, '', {mode: 0o444});
		fs.chmodSync(file, 0o444);
		// What the writer's open throws for a user other than root (root writes a mode-444 file anyway): see below.
		const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {code: 'EACCES', syscall: 'open', path: file});
		expect(describeHistoryProblem(denied, file)).toBe(`${file} is read-only (mode 444), and it is yours: chmod u+w ${file}`);
	});

	it.skipIf(process.getuid?.() !== 0)('says so to `uptop mark` run by the file\'s owner, who is not root', () => {
		requireBuild();
		const uid = 12_345;
		const place = fs.mkdtempSync(path.join(tmpdir(), 'uptop-read-only-history-'));
		try {
			fs.chmodSync(place, 0o755);
			const config = path.join(place, 'checks.yaml');
			fs.writeFileSync(config, 'checks:\n  - name: api\n    url: http://127.0.0.1:20852/health\n');
			const stateDir = path.join(place, 'state');
			fs.mkdirSync(stateDir, {mode: 0o700});
			const file = historyFileFor(config, {stateDir});
			fs.writeFileSync(file, '', {mode: 0o444});
			fs.chmodSync(file, 0o444);
			for (const owned of [stateDir, file]) fs.chownSync(owned, uid, uid);
			const mark = spawnSync(nodeBinary, [uptopBinary, 'mark', '--config', config, '--state-dir', stateDir, 'release 2.0'], {uid, gid: uid, encoding: 'utf8', env: {...process.env, HOME: place, NO_COLOR: '1'}, timeout: 15_000, killSignal: 'SIGKILL'});
			expect(mark.stderr).toBe(`uptop mark: cannot write ${file}: ${file} is read-only (mode 444), and it is yours: chmod u+w ${file}\n`);
			expect(mark.status).toBe(3);
		} finally {
			fs.rmSync(place, {recursive: true, force: true});
		}
	}, 20_000);

	it.skipIf(process.platform !== 'linux')('says the file system refuses a directory that mkdir answers ENOENT for, as /proc does', () => {
		const refused = '/proc/uptop-no-such-directory';
		const error = thrownBy(() => fs.mkdirSync(refused));
		expect(error.code).toBe('ENOENT');
		expect(describeHistoryProblem(error, path.join(refused, 'checks-4.jsonl'))).toBe(`the file system at /proc refuses to make the directory ${refused} (ENOENT); ${suggestion}`);
		// A file whose directory went away meanwhile is not that: Node's words stay.
		const gone = thrownBy(() => fs.openSync(path.join(root, 'gone', 'checks-5.jsonl'), 'r'));
		expect(describeHistoryProblem(gone, path.join(root, 'gone', 'checks-5.jsonl'))).toBe(gone.message);
	});

	it('says running out of open files in words, with what to do, not Node\'s "too many open files, open \'…\'"', () => {
		// As Node throws it from open(2); a test cannot lower its own process's limit.
		const file = path.join(root, 'checks-6.jsonl');
		const tooMany = Object.assign(new Error(`EMFILE: too many open files, open '${file}'`), {code: 'EMFILE', syscall: 'open', path: file});
		const systemFull = Object.assign(new Error(`ENFILE: file table overflow, open '${file}'`), {code: 'ENFILE', syscall: 'open', path: file});
		expect(describeHistoryProblem(tooMany, file)).toBe('uptop has run out of open files (EMFILE): raise its limit (ulimit -n)');
		expect(describeHistoryProblem(systemFull, file)).toBe('the system has run out of open files (ENFILE): close some programs, or raise fs.file-max');
	});

	it('keeps the message of a problem it has no words for', () => {
		expect(describeHistoryProblem(new Error('history line 3 is not JSON'), path.join(root, 'x.jsonl'))).toBe('history line 3 is not JSON');
	});
});
