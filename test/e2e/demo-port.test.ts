import {tmpdir} from 'node:os';
import {afterEach, describe, expect, it} from 'vitest';
import {startUptop, type RunningUptop} from '../helpers/run-cli.js';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';
import {holdDemoPort, withDemoPort} from '../helpers/demo-port-lock.js';

const note = /demo fleet on 127\.0\.0\.1:(\d+) \(checks\.yaml says 47800, which was in use\)/;

/** Runs `body` while a server of this test really holds the demo's port, so the fleet has to go elsewhere. */
async function withDemoPortHeld(body: () => Promise<void>): Promise<void> {
	return withDemoPort(async () => {
		const blocker = await holdDemoPort((_request, response) => response.writeHead(418).end('not the demo fleet'));
		try {
			await body();
		} finally {
			await blocker.close();
		}
	});
}

describe('--demo when its port is taken', () => {
	let uptop: RunningUptop | undefined;
	let pane: TmuxPane | undefined;
	afterEach(async () => {
		await uptop?.stop();
		uptop = undefined;
		pane?.kill();
		pane = undefined;
	});

	it('the stream says on stderr where the fleet is, and the checks and the note name the port it answers on', async () => withDemoPortHeld(async () => {
		uptop = startUptop(['--demo', '--json']);
		expect(await uptop.waitUntil(() => note.test(uptop!.stderr()), 15_000), uptop.stderr()).toBe(true);
		expect(uptop.stderr()).toMatch(new RegExp(`^uptop: ${note.source}\\n`));
		const port = Number(note.exec(uptop.stderr())![1]);
		expect(port).not.toBe(47_800);
		// The fleet is on the port named, and the payments check comes up there (on 47800 it would get a 418).
		const answer = await fetch(`http://127.0.0.1:${port}/payments/health`);
		expect(answer.status).toBe(200);
		await answer.arrayBuffer();
		type Record = {type: string; name?: string; state?: string};
		expect(await uptop.waitUntil(() => uptop!.records<Record>().some(record => record.name === 'payments api' && record.state === 'up'), 15_000), uptop.stdout()).toBe(true);
		// stdout keeps its one format: every line is JSON.
		expect(() => uptop!.records()).not.toThrow();
	}), 60_000);

	it.skipIf(!hasTmux())('the live screen says it in its banner', async () => withDemoPortHeld(async () => {
		requireBuild();
		pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --demo`, {cwd: tmpdir()});
		const screen = await pane.waitFor(text => note.test(text) && /up\s+payments api/.test(text), 15_000);
		const port = Number(note.exec(screen)![1]);
		expect(port).not.toBe(47_800);
		expect(screen).toMatch(new RegExp(`! ${note.source}`));
	}), 60_000);
});
