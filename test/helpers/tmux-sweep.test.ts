import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {afterEach, describe, expect, it} from 'vitest';
import {hasTmux} from './tmux-pane.js';
import {killTmuxServers} from './tmux-sweep.js';

const prefix = `uptop-test-sweep${process.pid}`;
const started: string[] = [];

function startServer(socket: string): void {
	started.push(socket);
	execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', 'sleep 600'], {stdio: 'ignore', timeout: 10_000, killSignal: 'SIGKILL'});
}

function isRunning(socket: string): boolean {
	return spawnSync('tmux', ['-L', socket, 'list-sessions'], {stdio: 'ignore', timeout: 10_000, killSignal: 'SIGKILL'}).status === 0;
}

describe.skipIf(!hasTmux())('killTmuxServers (the run\'s teardown)', () => {
	afterEach(() => {
		for (const socket of started.splice(0)) {
			spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore', timeout: 10_000, killSignal: 'SIGKILL'});
			fs.rmSync(path.join('/tmp', `tmux-${process.getuid!()}`, socket), {force: true});
		}
	});

	it('ends the servers a killed worker left under the run\'s prefix, and no other run\'s', () => {
		const ours = [`${prefix}-111-1`, `${prefix}-222-3`];
		// Another run's prefix that starts with ours, and a server a person started: neither is the run's to end.
		const others = [`${prefix}0-111-1`, `uptop-storagewords-sweep${process.pid}`];
		for (const socket of [...ours, ...others]) startServer(socket);

		expect(killTmuxServers(prefix).sort()).toEqual(ours.sort());
		for (const socket of ours) {
			expect(isRunning(socket)).toBe(false);
			expect(fs.existsSync(path.join('/tmp', `tmux-${process.getuid!()}`, socket))).toBe(false);
		}

		for (const socket of others) expect(isRunning(socket)).toBe(true);
	});

	it('ends nothing when the run started no server', () => {
		expect(killTmuxServers(`${prefix}none`)).toEqual([]);
	});
});
