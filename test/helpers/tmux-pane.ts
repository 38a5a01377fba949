import {execFileSync, spawnSync} from 'node:child_process';
import process from 'node:process';

/* A real terminal for the end-to-end tests and the benchmarks (bench/lib/tmux.ts): one tmux server per pane. */

let sessionCount = 0;

export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", "'\\''")}'`;
}

export type TmuxPaneOptions = {
	readonly columns?: number;
	readonly rows?: number;
	/** Over TERM=xterm-256color and LANG=C.UTF-8. */
	readonly env?: Readonly<Record<string, string>>;
	/** Variables of the test's own environment the command must not see (`env -u`). */
	readonly unset?: readonly string[];
	readonly cwd?: string;
	/** Names the server's socket (`<prefix>-<pid>-<n>`), so a leftover server says who started it. */
	readonly socketPrefix?: string;
};

/** A tmux server of our own (its own socket), one pane running `command`; kill() ends only that server. */
export class TmuxPane {
	private constructor(readonly socket: string) {}

	static start(command: string, options: TmuxPaneOptions = {}): TmuxPane {
		sessionCount += 1;
		const pane = new TmuxPane(`${options.socketPrefix ?? 'uptop-test'}-${process.pid}-${sessionCount}`);
		const environment = Object.entries({TERM: 'xterm-256color', LANG: 'C.UTF-8', ...options.env})
			.map(([key, value]) => `${key}=${shellQuote(value)}`).join(' ');
		pane.tmux(['-f', '/dev/null', 'new-session', '-d', '-x', String(options.columns ?? 120), '-y', String(options.rows ?? 40), '-c', options.cwd ?? process.cwd(),
			`env ${(options.unset ?? []).map(name => `-u ${name} `).join('')}${environment} ${command}`]);
		pane.tmux(['set-option', '-g', 'remain-on-exit', 'on']);
		return pane;
	}

	tmux(args: readonly string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	/** The visible screen as text. */
	capture(): string {
		return this.tmux(['capture-pane', '-p', '-t', '0']);
	}

	display(format: string): string {
		return this.tmux(['display-message', '-p', '-t', '0', format]).trim();
	}

	sendKeys(...keys: string[]): void {
		this.tmux(['send-keys', '-t', '0', ...keys]);
	}

	resize(columns: number, rows: number): void {
		this.tmux(['resize-window', '-t', '0', '-x', String(columns), '-y', String(rows)]);
	}

	/** The program has exited, or the server is gone. */
	isDead(): boolean {
		try {
			return this.display('#{pane_dead}') === '1';
		} catch {
			return true;
		}
	}

	/** Appends every byte the program writes to the terminal from now on to `file`. */
	pipeTo(file: string): void {
		this.tmux(['pipe-pane', '-t', '0', '-o', `cat >> ${shellQuote(file)}`]);
	}

	async waitFor(predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.capture();
			if (predicate(screen)) {
				return screen;
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => setTimeout(resolve, 100));
		}

		throw new Error(`timed out after ${timeoutMs} ms waiting for the screen; last screen:\n${screen}`);
	}

	kill(): void {
		try {
			this.tmux(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}
