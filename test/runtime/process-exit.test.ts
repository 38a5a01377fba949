import {spawn} from 'node:child_process';
import process from 'node:process';
import {describe, expect, it} from 'vitest';

const fixture = new URL('fixtures/exit-race.ts', import.meta.url).pathname;

/**
 * Runs the exit-race fixture: its stdout's reader leaves at once, `go` on its stdin starts the first way out,
 * and SIGINT goes to it when it says so on stderr (at once for signal-then-epipe; once the EPIPE exit's cleanup
 * runs for epipe-then-signal). Its exit code and stderr.
 */
async function runExitRace(order: 'epipe-then-signal' | 'signal-then-epipe'): Promise<{code: number | null; stderr: string}> {
	const child = spawn(process.execPath, ['--import', 'tsx', fixture, order], {stdio: ['pipe', 'pipe', 'pipe']});
	child.stdout.destroy();
	let stderr = '';
	let hasSignalled = false;
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
		if (!hasSignalled && stderr.includes('cleanup\n')) {
			hasSignalled = true;
			child.kill('SIGINT');
		}
	});
	child.stdin.write('go\n');
	return new Promise(resolve => {
		child.on('exit', code => {
			resolve({code, stderr});
		});
	});
}

describe('two ways out at once: the first decides the exit', () => {
	it('SIGINT while the exit for a reader gone from stdout (`| head`) awaits its cleanups: that exit ends it, with 0', async () => {
		const {code, stderr} = await runExitRace('epipe-then-signal');
		expect({code, stderr}).toEqual({code: 0, stderr: 'cleanup\n'});
	}, 30_000);

	it('stdout\'s reader found gone while a SIGINT\'s cleanups run: the signal\'s exit ends it, with 130', async () => {
		const {code, stderr} = await runExitRace('signal-then-epipe');
		expect({code, stderr}).toEqual({code: 130, stderr: 'cleanup\n'});
	}, 30_000);
});

const outputFixture = new URL('fixtures/exit-with-output.ts', import.meta.url).pathname;

/**
 * Runs the exit-with-output fixture: stdout is read only once it says `exiting` (with `signal`, SIGTERM goes to it
 * when it says `ready`). Its exit code, and the whole lines it wrote and the torn one, if any, that were read.
 */
async function runExitWithOutput(how: 'finished' | 'signal', lines: number): Promise<{code: number | null; lines: number; torn: string}> {
	const child = spawn(process.execPath, ['--import', 'tsx', outputFixture, how, String(lines)], {stdio: ['ignore', 'pipe', 'pipe']});
	child.stdout.pause();
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
		if (how === 'signal' && stderr === 'ready\n') child.kill('SIGTERM');
		if (stderr.endsWith('exiting\n')) child.stdout.resume();
	});
	const [code] = await Promise.all([
		new Promise<number | null>(resolve => {
			child.on('exit', resolve);
		}),
		new Promise(resolve => {
			child.stdout.on('close', resolve);
		}),
	]);
	const parts = stdout.split('\n');
	return {code, lines: parts.length - 1, torn: parts.at(-1)!};
}

describe('output still on its way to stdout\'s reader at exit', () => {
	// 20,000 lines of 70 bytes: 1.4 MB, twenty times what a pipe holds.
	it('reaches the reader whole when a run ends (`uptop --once --json | jq` of a large fleet)', async () => {
		expect(await runExitWithOutput('finished', 20_000)).toEqual({code: 0, lines: 20_000, torn: ''});
	}, 30_000);

	it('reaches the reader whole when a signal ends the stream, for a reader that reads', async () => {
		expect(await runExitWithOutput('signal', 20_000)).toEqual({code: 0, lines: 20_000, torn: ''});
	}, 30_000);
});
