import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Check, Config} from '../../source/config/types.js';
import {ConfigError} from '../../source/config/config-error.js';
import {applyConfig, describeChanges, reloadErrorNotice} from '../../source/modes/apply-config.js';
import {forRunningInstance} from '../../source/modes/reload-hints.js';
import {loadConfig} from '../../source/config/load-config.js';
import {loadError, writeFiles} from '../config/temp-files.js';
import type {CheckFilters} from '../../source/modes/select-checks.js';
import {makeCheck} from '../monitor/fixtures.js';

const config = (checks: readonly Check[]): Config => ({file: '/srv/checks.yaml', files: ['/srv/checks.yaml'], checks});
const noFilters: CheckFilters = {only: [], group: []};

/** The ConfigError loading `file` throws (a file that is not there). */
function loadErrorAt(file: string): ConfigError {
	try {
		loadConfig(file, {env: {}});
	} catch (error) {
		if (error instanceof ConfigError) return error;
		throw error;
	}

	throw new Error(`${file} loaded`);
}

/** Applies `next` to a stand-in engine that was watching `previous`; returns the line the screen shows. */
function reload(previous: readonly Check[], next: readonly Check[], filters = noFilters): string {
	const sent: unknown[] = [];
	const applied = applyConfig(config(next), previous, {send: command => sent.push(command)}, {setConfig() {}, close() {}}, {filters});
	expect(sent).toContainEqual({type: 'setChecks', checks: applied.checks});
	return applied.summary;
}

describe('applyConfig: the reload line says what changed', () => {
	const api = makeCheck('api', {source: {file: '/srv/checks.yaml', line: 3, column: 5}});
	const db = makeCheck('db');
	const job = makeCheck('job');

	it('names the checks added, removed and changed', () => {
		const created = makeCheck('api created');
		const slower = {...db, timeoutMs: 1000};
		expect(reload([api, db, job], [slower, job, created])).toBe('checks.yaml reloaded: 3 checks (added api created; removed api; changed db)');
	});

	it('says when a save changed no check (a comment, a cap), and a check moved to another line is not changed', () => {
		expect(reload([api, db], [{...api, source: {file: '/srv/checks.yaml', line: 9, column: 5}}, db])).toBe('checks.yaml reloaded: 2 checks (no check changed)');
	});

	it('counts what it does not name, so that the line stays short', () => {
		const many = Array.from({length: 7}, (_, index) => makeCheck(`new ${index}`));
		expect(reload([api], [api, ...many])).toBe('checks.yaml reloaded: 8 checks (added new 0, new 1, new 2 and 4 more)');
	});

	it('compares the checks that --only and --group select, as watched', () => {
		const web = makeCheck('web', {group: 'web'});
		expect(reload([web], [{...web, owner: '@web'}, makeCheck('other')], {only: [], group: ['web']})).toBe('checks.yaml reloaded: 1 check (changed web)');
	});

	it('names a check whose name came from the environment as every other output does, ••••', () => {
		// `name: "${SVC} api"` is "•••• api" on screen, in --json and the log lines; the reload line said it in full.
		const secret = makeCheck('topsecret api', {secrets: ['topsecret']});
		const line = reload([secret], [{...secret, intervalMs: 3000}, makeCheck('topsecret db', {secrets: ['topsecret']})]);
		expect(line).toBe('checks.yaml reloaded: 2 checks (added •••• db; changed •••• api)');
		expect(describeChanges([secret], [])).toBe('removed •••• api');
	});

	it('describeChanges is empty-handed only when nothing changed', () => {
		expect(describeChanges([api], [api])).toBe('no check changed');
		expect(describeChanges([], [api])).toBe('added api');
	});
});

describe('reloadErrorNotice: the banner line of an edit that was not taken', () => {
	const issue = (line: number, message: string, hint?: string) => ({file: 'checks.yaml', line, column: 14, message, ...(hint === undefined ? {} : {hint})});

	it('gives the place, what is wrong and the hint', () => {
		expect(reloadErrorNotice(new ConfigError([issue(29, 'a duration has no spaces (`3 sec`)', 'write 3s')]))).toBe('config not reloaded: checks.yaml:29:14: a duration has no spaces (`3 sec`); hint: write 3s');
		expect(reloadErrorNotice(new ConfigError([issue(3, 'duplicate check name `api`')]))).toBe('config not reloaded: checks.yaml:3:14: duplicate check name `api`');
	});

	it('says that there are more errors than the one shown, so that fixing it is not taken for fixing the file', () => {
		const error = new ConfigError([issue(29, 'unknown kind `tpc`', 'did you mean `tcp`?\nor this'), issue(31, 'environment variable API_TOKEN is not set')]);
		expect(reloadErrorNotice(error)).toBe('config not reloaded (1 of 2 errors): checks.yaml:29:14: unknown kind `tpc`; hint: did you mean `tcp`?');
	});

	it('writes a hint that is a YAML snippet on its one line, in flow style, instead of cutting it after "start with:"', () => {
		const empty = loadError('');
		expect(reloadErrorNotice(empty)).toMatch(/; hint: start with: checks: \[\{name: api, url: http:\/\/127\.0\.0\.1:8000\/health\}\]$/);
		const none = loadError('checks: []\n');
		expect(reloadErrorNotice(none)).toMatch(/`checks` is empty: the config has no checks; hint: checks: \[\{name: api, url: http:\/\/127\.0\.0\.1:8000\/health\}\]$/);
	});

	it('gives a running uptop advice it can follow: its environment cannot change, and a file it lost can be put back', () => {
		const unset = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:${ORDERS_PORT}/health\n');
		expect(reloadErrorNotice(unset)).toMatch(/environment variable ORDERS_PORT is not set; hint: a running uptop keeps the environment it started with: give a fallback \(\$\{ORDERS_PORT:-value\}\), or restart it with ORDERS_PORT set$/);
		expect(forRunningInstance(unset).issues[0]!.hint).toBe('a running uptop keeps the environment it started with: give a fallback (${ORDERS_PORT:-value}), or restart it with ORDERS_PORT set');
		const directory = writeFiles({});
		const gone = loadErrorAt(path.join(directory, 'checks.yaml'));
		expect(reloadErrorNotice(gone)).toMatch(/; hint: put the file back: uptop goes on with the last good config until then$/);
	});
});
