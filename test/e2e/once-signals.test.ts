import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {beforeAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';
import {requireBuild} from '../helpers/tmux.js';

function processIds(pattern: string): number[] {
	return spawnSync('pgrep', ['-f', pattern], {encoding: 'utf8'}).stdout.split('\n').filter(Boolean).map(Number);
}

function isProcessRunning(pattern: string): boolean {
	return processIds(pattern).length > 0;
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (predicate()) return true;
		await new Promise(resolve => setTimeout(resolve, 50));
	}

	return predicate();
}

describe('uptop --once stopped by a signal', () => {
	let directory: string;
	beforeAll(() => {
		requireBuild();
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-once-signal-'));
	});

	it.each([
		['SIGTERM', [], 3],
		['SIGHUP', [], 3],
		['SIGTERM', ['--json'], 3],
		['SIGINT', [], 130],
	] as const)('%s (%j): exits %i, says it was stopped, prints no table, and kills the command check', async (signal, extra, expectedCode) => {
		// A unique argument per case, so that pgrep finds exactly this run's command check.
		const sleepSeconds = `${97 + (process.pid % 89)}.${Math.floor(Math.random() * 1e6)}`;
		const file = path.join(directory, `orphan-${signal}-${extra.length}.yaml`);
		writeFileSync(file, ['checks:', '  - name: long job', '    kind: command', `    run: [sleep, "${sleepSeconds}"]`, '    timeout: 9s', ''].join('\n'));
		const uptop = startUptop(['--once', ...extra, file], {env: {NO_COLOR: '1'}});
		try {
			expect(await waitUntil(() => isProcessRunning(`sleep ${sleepSeconds}`), 5000)).toBe(true);
			const started = Date.now();
			expect(await uptop.stop(signal)).toBe(expectedCode);
			// The group's SIGTERM ends sleep at once; well within the 9 s timeout, never waiting for it.
			expect(Date.now() - started).toBeLessThan(4000);
			// UNKNOWN is what exit 3 means; an interrupt's 130 is the shell's, so it is not called that.
			expect(uptop.stderr()).toBe(`uptop: stopped by ${signal} before every check finished; no result${signal === 'SIGINT' ? '' : ' (UNKNOWN)'}\n`);
			expect(uptop.stdout()).toBe('');
			expect(isProcessRunning(`sleep ${sleepSeconds}`)).toBe(false);
		} finally {
			try {
				process.kill(uptop.pid, 'SIGKILL');
			} catch {
				// Already gone, as it should be.
			}

			for (const pid of processIds(`sleep ${sleepSeconds}`)) process.kill(pid, 'SIGKILL');
		}
	}, 20_000);

	it('kills a process that left the group and ignores SIGTERM before it exits, when the group ignored it too', async () => {
		// The group's SIGKILL ended the job at once and uptop exited then, while its search for the job's detached
		// child (found by its tag) was still under way: the child ran on after uptop.
		const escapee = `${97 + (process.pid % 89)}.${Math.floor(Math.random() * 1e6)}`;
		const file = path.join(directory, 'escapee.yaml');
		const job = `trap "" TERM; setsid sh -c 'trap "" TERM; exec sleep ${escapee}' </dev/null >/dev/null 2>&1 & sleep 60`;
		writeFileSync(file, ['checks:', '  - name: stubborn job', '    kind: command', `    run: [sh, -c, ${JSON.stringify(job)}]`, '    timeout: 9s', ''].join('\n'));
		const uptop = startUptop(['--once', file], {env: {NO_COLOR: '1'}});
		try {
			expect(await waitUntil(() => isProcessRunning(`sleep ${escapee}`), 5000)).toBe(true);
			expect(await uptop.stop('SIGTERM')).toBe(3);
			// Killed before uptop exited; a moment for the kernel to take it down.
			expect(await waitUntil(() => !isProcessRunning(`sleep ${escapee}`), 300)).toBe(true);
		} finally {
			for (const pid of processIds(`sleep ${escapee}`)) process.kill(pid, 'SIGKILL');
		}
	}, 20_000);
});
