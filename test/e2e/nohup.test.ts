import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

// `nohup uptop --json checks.yaml > uptop.log &` on a bastion must outlive the SSH session it was started from.
const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

let directory: string;

beforeAll(() => {
	requireBuild();
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-nohup-'));
	writeFileSync(path.join(directory, 'checks.yaml'), ['checks:', '  - name: ticker', '    kind: command', '    run: ["true"]', '    interval: 250ms', ''].join('\n'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) return false;
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}

	return true;
}

function resultLines(file: string): number {
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(line => line.includes('"type":"result"')).length : 0;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe.skipIf(isTmuxMissing)('SIGHUP under nohup', () => {
	let pane: TmuxPane | undefined;
	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	// Started from a terminal, as on a bastion: the pane's pty is stdin, so nohup does to it what it does there. The
	// inner shell writes its pid and becomes uptop (exec), keeping what nohup set up.
	function start(name: string, prefix: string): {pid: () => number; log: string; exitFile: string} {
		const log = path.join(directory, `${name}.log`);
		const pidFile = path.join(directory, `${name}.pid`);
		const exitFile = path.join(directory, `${name}.exit`);
		const inner = `echo $$ > ${shellQuote(pidFile)}; exec ${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --no-history --json checks.yaml`;
		pane = TmuxPane.start(`sh -c ${shellQuote(`${prefix} sh -c ${shellQuote(inner)} > ${shellQuote(log)} 2> ${shellQuote(path.join(directory, `${name}.err`))}; echo $? > ${shellQuote(exitFile)}; sleep 30`)}`, {cwd: directory});
		return {pid: () => Number(readFileSync(pidFile, 'utf8')), log, exitFile};
	}

	it('keeps running, results still flowing, and SIGTERM then ends it cleanly', async () => {
		const run = start('ignored', 'nohup');
		expect(await until(() => resultLines(run.log) >= 2, 10_000)).toBe(true);
		const pid = run.pid();
		process.kill(pid, 'SIGHUP');
		await new Promise(resolve => {
			setTimeout(resolve, 1000);
		});
		expect(isAlive(pid)).toBe(true);
		expect(existsSync(run.exitFile)).toBe(false);
		const before = resultLines(run.log);
		expect(await until(() => resultLines(run.log) >= before + 2, 5000)).toBe(true);
		process.kill(pid, 'SIGTERM');
		expect(await until(() => existsSync(run.exitFile), 10_000)).toBe(true);
		expect(readFileSync(run.exitFile, 'utf8').trim()).toBe('0');
	}, 40_000);

	it('without nohup, SIGHUP still ends it with 0, as a stop', async () => {
		const run = start('default', '');
		expect(await until(() => resultLines(run.log) >= 2, 10_000)).toBe(true);
		process.kill(run.pid(), 'SIGHUP');
		expect(await until(() => existsSync(run.exitFile), 10_000)).toBe(true);
		expect(readFileSync(run.exitFile, 'utf8').trim()).toBe('0');
	}, 40_000);
});
