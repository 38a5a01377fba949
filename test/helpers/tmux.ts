import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';

let sessionCount = 0;

export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

/** A real terminal: a tmux server of our own (its own socket), one pane running `command`. */
export class TmuxPane {
	readonly socket: string;

	private constructor(socket: string) {
		this.socket = socket;
	}

	static start(command: string, options: {columns?: number; rows?: number; env?: Record<string, string>; cwd?: string} = {}): TmuxPane {
		sessionCount += 1;
		const socket = `uptop-test-${process.pid}-${sessionCount}`;
		const pane = new TmuxPane(socket);
		const environment = Object.entries({TERM: 'xterm-256color', LANG: 'C.UTF-8', XDG_STATE_HOME: testStateHome, ...options.env})
			.map(([key, value]) => `${key}=${shellQuote(value)}`).join(' ');
		pane.tmux(['-f', '/dev/null', 'new-session', '-d', '-x', String(options.columns ?? 120), '-y', String(options.rows ?? 40), '-c', options.cwd ?? process.cwd(),
			`env ${environment} ${command}`]);
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

	isDead(): boolean {
		return this.display('#{pane_dead}') === '1';
	}

	async waitFor(predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.capture();
			if (predicate(screen)) {
				return screen;
			}

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

export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", "'\\''")}'`;
}

export const repositoryRoot = new URL('../../', import.meta.url).pathname;
export const uptopBinary = `${repositoryRoot}dist/uptop.js`;
export const nodeBinary = existsSync(`${repositoryRoot}node_modules/.bin/node`) ? `${repositoryRoot}node_modules/.bin/node` : process.execPath;

/** Tests never write history into the real user's state directory. */
export const testStateHome = mkdtempSync(path.join(tmpdir(), 'uptop-state-'));
