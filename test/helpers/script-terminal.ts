import {type ChildProcessWithoutNullStreams, spawn, spawnSync} from 'node:child_process';
import {shellQuote} from './tmux-pane.js';

export function hasScript(): boolean {
	return spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0;
}

/**
 * A pseudo-terminal from util-linux `script` with the test as the terminal: the program's output is collected
 * byte for byte, and nothing answers its queries unless the test writes the answer (as a terminal would,
 * onto the program's input). Unlike tmux, it can answer late, or never.
 */
export class ScriptTerminal {
	private bytes = '';
	private readonly exit: Promise<number | null>;

	private constructor(private readonly child: ChildProcessWithoutNullStreams) {
		child.stdout.on('data', (chunk: Buffer) => {
			this.bytes += chunk.toString('latin1');
		});
		this.exit = new Promise(resolve => {
			child.on('exit', code => resolve(code));
		});
	}

	/** Runs `command` (a shell command line) in a 100×30 terminal, with `env` as its whole environment. */
	static start(command: string, options: {cwd: string; env: Record<string, string>}): ScriptTerminal {
		const child = spawn('script', ['--quiet', '--flush', '--return', '--command', `stty cols 100 rows 30; exec ${command}`, '/dev/null'], {cwd: options.cwd, env: options.env});
		return new ScriptTerminal(child);
	}

	/** Everything the program wrote to the terminal so far, one character a byte. */
	output(): string {
		return this.bytes;
	}

	/** Sends bytes to the program, as keys typed or a terminal's answer. */
	type(text: string): void {
		this.child.stdin.write(Buffer.from(text, 'latin1'));
	}

	async waitFor(predicate: (output: string) => boolean, timeoutMs = 10_000): Promise<number> {
		const deadline = Date.now() + timeoutMs;
		while (!predicate(this.bytes)) {
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; the terminal got:\n${JSON.stringify(this.bytes.slice(-2000))}`);
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => setTimeout(resolve, 20));
		}

		return Date.now();
	}

	async exitCode(timeoutMs = 10_000): Promise<number | null> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_resolve, reject) => {
			timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
		});
		try {
			return await Promise.race([this.exit, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	kill(): void {
		this.child.kill('SIGKILL');
	}
}

export {shellQuote};
