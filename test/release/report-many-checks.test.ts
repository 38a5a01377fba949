import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {loadHistory, type LoadedHistory} from '../../source/release/history-load.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport, type ReportInput} from '../../source/release/report.js';
import {generatedFleet, type FleetOptions} from './generated-fleet.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-report-many-'));
afterAll(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/** A generated fleet as `uptop report` reads it: the config loaded, the history file written and loaded. */
function fleet(options: FleetOptions): {checks: ReturnType<typeof loadConfig>['checks']; history: LoadedHistory; now: number; deployLabel: string} {
	const generated = generatedFleet(options);
	const base = path.join(dir, `fleet-${options.checks}-${options.resultsPerCheck}`);
	fs.writeFileSync(`${base}.yaml`, generated.configYaml);
	fs.writeFileSync(`${base}.jsonl`, `${generated.lines.join('\n')}\n`);
	return {checks: loadConfig(`${base}.yaml`).checks, history: loadHistory(`${base}.jsonl`), now: generated.now, deployLabel: generated.deployLabel};
}

/** `items` as an array that counts how many of its elements are read, by any means (for…of, find, filter, spread). */
function counted<T>(items: readonly T[]): {items: readonly T[]; reads: () => number} {
	let reads = 0;
	const proxy = new Proxy(items, {
		get(target, key, receiver) {
			if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
			return Reflect.get(target, key, receiver) as unknown;
		},
	});
	return {items: proxy, reads: () => reads};
}

describe('a release report of a generated fleet', () => {
	it('reads as the report made by scanning every record for each check did (fixture made by that code, f39c4ca)', () => {
		// A deliberate change of the report's text changes this file too: write it anew from a report you have read.
		const {checks, history, now} = fleet({checks: 14, resultsPerCheck: 120, startAt: Date.UTC(2026, 10, 25, 12)});
		const input = prepareReport({configFile: 'fleet.yaml', checks, history, now});
		if ('error' in input) throw new Error(input.error);
		expect(renderReport(input)).toBe(fs.readFileSync(new URL('fixtures/generated-fleet-report.md', import.meta.url), 'utf8'));
	});
});

describe('a release report of many checks', () => {
	// 150 checks, 165 rows (fanned-out ones), 40 results each: a check scanning every record read each 165 times.
	const {checks, history, now, deployLabel} = fleet({checks: 150, resultsPerCheck: 40, startAt: Date.UTC(2026, 10, 25, 12)});
	const records = history.results.length + history.transitions.length;

	it('is rendered reading each result and state change a few times, not once per check', () => {
		const input = prepareReport({configFile: 'fleet.yaml', checks, history, now, since: deployLabel});
		if ('error' in input) throw new Error(input.error);
		const results = counted(input.results);
		const transitions = counted(input.transitions);
		const text = renderReport({...input, results: results.items, transitions: transitions.items} satisfies ReportInput);
		expect(text).toBe(renderReport(input));
		expect(text.match(/^\| c\d{4}/gm)).toHaveLength(165);
		expect(results.reads() + transitions.reads()).toBeLessThan(5 * records);
	});

	it('reads the stretches nobody watched a check a few times, not once per failing period and state change', () => {
		const input = prepareReport({configFile: 'fleet.yaml', checks, history, now, since: deployLabel});
		if ('error' in input) throw new Error(input.error);
		const unwatched = counted(input.unwatched ?? []);
		// Every 7th check is left to an uptop that does not watch it: one stretch each, and one nobody watched at all.
		expect(unwatched.items.length).toBeGreaterThan(20);
		const text = renderReport({...input, unwatched: unwatched.items});
		expect(text).toBe(renderReport(input));
		expect(text).toContain('uptop was stopped');
		expect(unwatched.reads()).toBeLessThan(5 * unwatched.items.length);
	});

	it('is prepared reading each result, state change and check\'s watch a few times, not once per check', () => {
		const results = counted(history.results);
		const transitions = counted(history.transitions);
		const checkWatch = counted(history.checkWatch ?? []);
		expect(checkWatch.items.length).toBeGreaterThan(150);
		const input = prepareReport({configFile: 'fleet.yaml', checks, history: {...history, results: results.items, transitions: transitions.items, checkWatch: checkWatch.items}, now, since: deployLabel});
		if ('error' in input) throw new Error(input.error);
		expect(renderReport(input)).toBe(renderReport(prepareReport({configFile: 'fleet.yaml', checks, history, now, since: deployLabel}) as ReportInput));
		expect(results.reads() + transitions.reads()).toBeLessThan(5 * records);
		expect(checkWatch.reads()).toBeLessThan(5 * checkWatch.items.length);
	});
});
