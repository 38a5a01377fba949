import {execFileSync} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {killTmuxServers} from './tmux-sweep.js';

/**
 * Builds the single-file bundle once per test run, for the end-to-end tests that drive the real binary.
 * A broken build does not stop unit tests; the e2e tests report it (UPTOP_BUILD_ERROR).
 *
 * Every temporary file of the run (the tests' configs, state dirs and sockets, and those of the uptop, Python
 * and tmux processes they start) goes under one directory of the run's, removed at its end: runs left one
 * `uptop-*` directory per test file each, thousands on a developer's machine. What must be seen by other runs
 * on the machine (the demo port's lock) stays in the machine's own temporary directory (UPTOP_TEST_SHARED_TMP).
 *
 * The tmux servers of the run are named after a prefix of its own (UPTOP_TEST_TMUX_PREFIX, read by TmuxPane): those a
 * killed worker left running are ended at the run's end, and no other run's.
 */
export default function setup(): () => void {
	const machineTemporary = tmpdir();
	const runTemporary = mkdtempSync(path.join(machineTemporary, 'uptop-tests-'));
	// Searchable by other users, as the machine's own is: a test runs uptop as `nobody` on a file of its own here.
	chmodSync(runTemporary, 0o711);
	process.env.UPTOP_TEST_SHARED_TMP = machineTemporary;
	process.env.TMPDIR = runTemporary;
	const tmuxPrefix = `uptop-test-${path.basename(runTemporary).slice('uptop-tests-'.length)}`;
	process.env.UPTOP_TEST_TMUX_PREFIX = tmuxPrefix;
	try {
		execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'pipe'});
	} catch (error) {
		const output = (error as {stderr?: Buffer}).stderr?.toString() ?? String(error);
		process.env.UPTOP_BUILD_ERROR = output.slice(0, 2000);
	}

	return () => {
		// First: their panes' programs may still have files open in the run's directory.
		killTmuxServers(tmuxPrefix);
		rmSync(runTemporary, {recursive: true, force: true});
	};
}
