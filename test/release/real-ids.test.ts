import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {historyKeyFile} from '../../source/release/history-key.js';
import {loadHistory} from '../../source/release/history-load.js';
import {openHistoryWriter} from '../../source/release/history-store.js';
import {withRealIds} from '../../source/release/real-ids.js';

let dir: string;
let file: string;
let keyFile: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-real-ids-'));
	file = path.join(dir, 'state', 'checks-abc.jsonl');
	keyFile = historyKeyFile(path.dirname(file));
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/** The checks of a config with `${SVC} api` (its series fanned out by pod) and `staging api`, SVC set to `service`. */
function checksWith(service: string) {
	const config = path.join(dir, 'checks.yaml');
	fs.writeFileSync(config, 'checks:\n  - {name: "${SVC} api", url: "http://127.0.0.1:9/"}\n  - {name: staging api, url: "http://127.0.0.1:9/"}\n');
	return loadConfig(config, {env: {SVC: service}}).checks;
}

function writeFor(service: string, writerId: string): void {
	const checks = checksWith(service);
	const writer = openHistoryWriter({file, writerId, now: () => 10_000, secrets: checks.flatMap(check => check.secrets), checkIds: checks.map(check => check.id)});
	for (const id of [`${service} api`, `${service} api/db-1`, `${service} api/${service}-db`, 'staging api']) writer.append({t: 'r', at: 1000, id, state: 'failing', latencyMs: 3});
	writer.append({t: 's', at: 1000, id: `${service} api`, from: 'pending', to: 'failing'});
	writer.append({t: 'r', at: 1000, id: `${service} api`, state: 'failing', latencyMs: 4, v: '1.2'});
	writer.append({t: 'm', at: 1001, label: `deploy ${service}`, source: 'command', checkId: `${service} api`});
	writer.close();
}

describe('the history of a check named from the environment', () => {
	it('is written under a keyed hash with no trace of the value, and read back as that check\'s', () => {
		writeFor('prodsecret', 'one');
		const text = fs.readFileSync(file, 'utf8');
		expect(text).not.toContain('prodsecret');
		expect(text).not.toContain('•••• api');
		const loaded = loadHistory(file);
		const [hashed] = loaded.transitions.map(transition => transition.id);
		expect(hashed).toMatch(/^h:[\da-f]{16}$/);
		// A series keeps its label after the hash; one whose label holds the value itself is not kept.
		expect(loaded.results.map(result => result.id)).toEqual([hashed, `${hashed}/db-1`, 'staging api', hashed]);

		const history = withRealIds(loaded, checksWith('prodsecret'), keyFile);
		expect(history.results.map(result => result.id)).toEqual(['prodsecret api', 'prodsecret api/db-1', 'staging api', 'prodsecret api']);
		expect(history.transitions.map(transition => transition.id)).toEqual(['prodsecret api']);
		expect(history.versions).toEqual([{id: 'prodsecret api', version: '1.2'}]);
		// Named as every output names it: the id holds the value.
		expect(history.markers).toEqual([{at: 1001, label: 'deploy ••••', source: 'command', checkId: 'prodsecret api', checkName: '•••• api'}]);
	});

	it('is not another value\'s: records stay under their hashes, matching no check, and name none', () => {
		writeFor('prodsecret', 'one');
		const history = withRealIds(loadHistory(file), checksWith('othersecret'), keyFile);
		expect(history.results.map(result => result.id)).toEqual([expect.stringMatching(/^h:/), expect.stringMatching(/^h:.*\/db-1$/), 'staging api', expect.stringMatching(/^h:/)]);
		expect(history.markers.map(marker => marker.checkName)).toEqual([undefined]);
	});

	it('hashes alike in a second writer (a restart), with the key made once and kept 0600', () => {
		writeFor('prodsecret', 'one');
		const key = fs.readFileSync(keyFile, 'utf8');
		writeFor('prodsecret', 'two');
		expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
		expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
		expect(new Set(loadHistory(file).transitions.map(transition => transition.id)).size).toBe(1);
	});

	it('keeps its hashed id whole when the value is short enough to be in the hex (SVC=a)', () => {
		// Redacting after hashing would turn h:3fa1… into h:3f••••1…, an id no check hashes to.
		const config = path.join(dir, 'checks.yaml');
		// Variables named like secrets: a short value of any other is hidden only as a whole token, never inside the hex.
		fs.writeFileSync(config, `checks:\n  - {name: "${[...'0123456789ABCDEF'].map(digit => `\${S${digit}_TOKEN}`).join('')} api", url: "http://127.0.0.1:9/"}\n`);
		const env = Object.fromEntries([...'0123456789ABCDEF'].map(digit => [`S${digit}_TOKEN`, digit.toLowerCase()]));
		const checks = loadConfig(config, {env}).checks;
		const writer = openHistoryWriter({file, now: () => 10_000, secrets: checks.flatMap(check => check.secrets), checkIds: checks.map(check => check.id)});
		writer.append({t: 'r', at: 1000, id: checks[0]!.id, state: 'up', latencyMs: 3});
		writer.close();
		expect(loadHistory(file).results[0]!.id).toMatch(/^h:[\da-f]{16}$/);
		expect(withRealIds(loadHistory(file), checks, keyFile).results[0]!.id).toBe(checks[0]!.id);
	});

	it('is refused, not stored under the name as shown, by a writer that is not told the checks', () => {
		writeFor('prodsecret', 'one');
		const writer = openHistoryWriter({file, writerId: 'bare', now: () => 10_000, secrets: ['prodsecret']});
		writer.append({t: 'r', at: 2000, id: 'prodsecret api', state: 'up', latencyMs: 3});
		writer.close();
		expect(loadHistory(file).results.filter(result => result.at === 2000)).toEqual([]);
	});
});
