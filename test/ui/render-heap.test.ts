import {spawnSync} from 'node:child_process';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {isOldGenerationFloorHonoured, probeWorkerSemiSpaceMb} from '../../source/monitor/probe-worker-heap.js';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;

function runFixture(name: string, ...args: string[]): string {
	const run = spawnSync(process.execPath, ['--import', tsx, fixture(name), ...args], {encoding: 'utf8', timeout: 30_000});
	expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
	return run.stdout;
}

const newSpace = (mode: 'stop' | 'grow') => JSON.parse(runFixture('young-generation-growth.ts', mode)) as {before: number; after: number};

describe('stopYoungGenerationGrowth', () => {
	it.skipIf(!isOldGenerationFloorHonoured)(`holds the young generation at its size while survivors would have grown it (V8 13 or later; this is ${process.versions.v8})`, () => {
		const grown = newSpace('grow');
		// The control: left alone, V8 grows the new space under this load, so the next assertion can fail.
		expect(grown.after).toBeGreaterThan(grown.before);
		const held = newSpace('stop');
		expect(held.after).toBeLessThanOrEqual(held.before);
	});

	it.skipIf(!isOldGenerationFloorHonoured)('still gives the probe worker, started after it, the young generation of its cap', () => {
		const bytes = Number(/young generation (\d+) B/.exec(runFixture('worker-young-generation.ts'))?.[1]);
		// Two semi-spaces at the cap's size: created there, since with growth stopped it could not grow to it.
		expect(bytes).toBeGreaterThanOrEqual(2 * probeWorkerSemiSpaceMb * 1024 * 1024);
	});
});
