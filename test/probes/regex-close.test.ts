import {spawn} from 'node:child_process';
import process from 'node:process';
import {describe, expect, it} from 'vitest';

const fixture = new URL('fixtures/regex-close.ts', import.meta.url).pathname;

describe('closeProbes and the regular expression threads', () => {
	it('ends a thread still running an aborted probe\'s expression, so the process exits at once', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', fixture], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let closedAt: number | undefined;
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (stdout.includes('closed\n')) closedAt ??= performance.now();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		// The expression's budget is 20 s: a thread left running holds the process that long. Stop waiting well before.
		const giveUp = setTimeout(() => child.kill('SIGKILL'), 10_000);
		const [code] = await new Promise<[number | null]>(resolve => {
			child.on('exit', code => {
				resolve([code]);
			});
		});
		clearTimeout(giveUp);
		const exitedAfterMs = performance.now() - (closedAt ?? Number.NaN);
		expect({code, stdout, stderr}).toEqual({code: 0, stdout: 'closed\n', stderr: 'aborted\n'});
		// A thread ended by closeProbes: the exit follows in milliseconds; one left running: 19 s later.
		expect(exitedAfterMs).toBeLessThan(3000);
	}, 30_000);
});
