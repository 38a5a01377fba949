import {execFileSync, spawnSync} from 'node:child_process';

let count = 0;
const live = new Set<Pane>();

/** Ends every pane this process started (harness error paths, Ctrl-C). */
export function killAllPanes(): void {
	for (const pane of live) pane.kill();
}

export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", "'\\''")}'`;
}

/** A tmux server on a socket of our own, one pane; kill() ends only that server. */
export class Pane {
	private constructor(readonly socket: string) {}

	/** `command` is a shell command line; it starts only after `release()` when `held` is set, so pipe-pane can be attached first. */
	static start(command: string, options: {columns: number; rows: number; env?: Record<string, string>; cwd?: string}): Pane {
		count++;
		const pane = new Pane(`uptop-bench-${process.pid}-${count}`);
		live.add(pane);
		const environment = Object.entries({TERM: 'xterm-256color', LANG: 'C.UTF-8', ...options.env})
			.map(([key, value]) => `${key}=${shellQuote(value)}`).join(' ');
		pane.tmux(['-f', '/dev/null', 'new-session', '-d', '-x', String(options.columns), '-y', String(options.rows), '-c', options.cwd ?? process.cwd(),
			`env ${environment} ${command}`]);
		pane.tmux(['set-option', '-g', 'remain-on-exit', 'on']);
		return pane;
	}

	tmux(args: readonly string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	capture(): string {
		return this.tmux(['capture-pane', '-p', '-t', '0']);
	}

	isDead(): boolean {
		try {
			return this.tmux(['display-message', '-p', '-t', '0', '#{pane_dead}']).trim() === '1';
		} catch {
			return true;
		}
	}

	/** Appends every byte the program writes to the terminal from now on to `file`. */
	pipeTo(file: string): void {
		this.tmux(['pipe-pane', '-t', '0', '-o', `cat >> ${shellQuote(file)}`]);
	}

	sendKeys(...keys: string[]): void {
		this.tmux(['send-keys', '-t', '0', ...keys]);
	}

	kill(): void {
		live.delete(this);
		try {
			this.tmux(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}
