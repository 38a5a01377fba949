import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** Where tmux keeps the sockets of this user's servers (`-L name`): $TMUX_TMPDIR or /tmp, then tmux-<uid>. */
function tmuxSocketDirectory(): string {
	return path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
}

/**
 * Ends the tmux servers whose sockets are named `<prefix>-…` (TmuxPane names them `<prefix>-<pid>-<n>`), and removes
 * their sockets; returns the names. A worker killed mid-test (a timeout, Ctrl-C) never reaches its
 * pane's kill(): its server, and the uptop in it, ran on after the run, run after run. Only the run's own prefix is
 * ended: other runs on the machine, the benchmarks and people use sockets of their own.
 */
export function killTmuxServers(prefix: string): string[] {
	const directory = tmuxSocketDirectory();
	let names: string[];
	try {
		names = fs.readdirSync(directory);
	} catch {
		return [];
	}

	const ours = names.filter(name => name.startsWith(`${prefix}-`));
	for (const name of ours) {
		spawnSync('tmux', ['-L', name, 'kill-server'], {stdio: 'ignore', timeout: 10_000, killSignal: 'SIGKILL'});
		// tmux leaves the socket of a server that ended behind: it is the run's, and nothing else will remove it.
		fs.rmSync(path.join(directory, name), {force: true});
	}

	return ours;
}
