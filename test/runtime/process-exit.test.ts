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
