import {appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {threadId, type Worker} from 'node:worker_threads';
import {afterEach, describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/config/config-error.js';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadConfig} from '../../source/config/load-config.js';
import type {Config} from '../../source/config/types.js';
import type {LoadedConfig} from '../../source/runtime/loaded-config.js';
import {watchConfig} from '../../source/runtime/config-watcher.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fleet of `count` checks in 20 included files, as a large team's config is split. */
function writeFleet(count: number): {file: string; included: (index: number) => string} {
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-thread-'));
	cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
	mkdirSync(path.join(directory, 'checks.d'));
	const files = 20;
	const included = (index: number) => path.join(directory, 'checks.d', `team-${String(index).padStart(2, '0')}.yaml`);
	writeFileSync(path.join(directory, 'checks.yaml'), 'defaults: {interval: 1h, timeout: 2s}\ninclude: [checks.d/*.yaml]\nchecks: []\n');
	for (let team = 0; team < files; team++) {
		const lines = ['checks:'];
		for (let at = team; at < count; at += files) {
			lines.push(`  - name: svc ${at}`, `    url: http://127.0.0.1:8000/health/${at}`, `    group: team-${team}`, '    expect: {status: [200, 204], body: "ok"}');
		}

		writeFileSync(included(team), `${lines.join('\n')}\n`);
	}

	return {file: path.join(directory, 'checks.yaml'), included};
}

async function until<T>(value: () => T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = value();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

describe('watchConfig with a large config', () => {
	it('loads a saved edit of 2,000 checks off the caller\'s thread: it keeps running its timers (the screen, its keys)', async () => {
		const fleet = writeFleet(2000);
		const initial = loadConfig(fleet.file);
		// Told by where the load ran, not by how long this thread's timers waited (a loaded CI machine stalls them
		// anyway): every thread started meanwhile, and what each answered.
		const answers: Array<{threadId: number; loaded: LoadedConfig}> = [];
		const onWorker = (worker: Worker) => {
			worker.on('message', (loaded: LoadedConfig) => answers.push({threadId: worker.threadId, loaded}));
		};

		process.on('worker', onWorker);
		cleanups.push(() => process.off('worker', onWorker));
		const applied: Config[] = [];
		const watcher = watchConfig(fleet.file, {onConfig: config => applied.push(config), onError() {}}, {initial, debounceMs: 20});
		cleanups.push(() => watcher.close());

		appendFileSync(fleet.included(5), '  - name: added\n    url: http://127.0.0.1:8000/added\n');
		const config = await until(() => applied[0], 20_000);
		expect(config.checks).toHaveLength(2001);
		expect(config.checks.find(check => check.name === 'added')?.source).toMatchObject({file: expect.stringMatching(/team-05\.yaml$/) as string, line: 402});
		// One thread of its own loaded it, and what was applied is that thread's answer, not a load on this thread.
		expect(answers).toHaveLength(1);
		expect(answers[0]!.threadId).not.toBe(threadId);
		expect('config' in answers[0]!.loaded && answers[0]!.loaded.config).toEqual(config);
	}, 60_000);

	it('says an invalid edit as the loader does: file:line:col, hint, and its code frame with a secret hidden', async () => {
		const fleet = writeFleet(200);
		const env = {API_TOKEN: 'tok-3f9a1c77e2'};
		// A password written in the file: the code frame shows its line, with the password hidden.
		const initial = loadConfig(fleet.file, {env});
		const errors: ConfigError[] = [];
		const watcher = watchConfig(fleet.file, {onConfig() {}, onError: error => errors.push(error)}, {initial, env, debounceMs: 20});
		cleanups.push(() => watcher.close());

		appendFileSync(fleet.included(3), '  - name: with token\n    url: http://ops:pa55-w0rd-x1@127.0.0.1:8000/t\n    headers: {authorization: "Bearer ${API_TOKEN}"}\n    timout: 1s\n');
		const error = await until(() => errors[0], 20_000);
		expect(error).toBeInstanceOf(ConfigError);
		let expected: ConfigError | undefined;
		try {
			loadConfig(fleet.file, {env});
		} catch (thrown) {
			expected = thrown as ConfigError;
		}

		expect(error.issues).toEqual(expected!.issues);
		expect(error.message).toBe(expected!.message);
		const shown = formatConfigError(error);
		expect(shown).toBe(formatConfigError(expected!));
		expect(shown).toMatch(/team-03\.yaml:45:5: unknown key `timout`/);
		expect(shown).toContain('hint:');
		expect(shown).toContain('url: http://ops:');
		expect(shown).not.toContain('pa55-w0rd-x1');
		expect(error.files).toEqual(expected!.files);
		expect(error.secrets).toEqual(expected!.secrets);
	}, 60_000);
});
