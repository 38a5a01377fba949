/**
 * How much of a fresh-connection probe is still on the heap after a young-generation collection, when
 * every probe has finished and nothing refers to it any more. What survives is copied by the scavenger,
 * promoted, and left for a full collection: at 2,000 probes a second it sets how long each scavenge
 * stalls the engine. Rounds of `probes` probes (20 at a time, each of its own check, so a check's kept
 * client is reused from round to round), then a minor GC; reported per probe, median of the rounds.
 * Run with --expose-gc. argv: JSON {port, probes, rounds, client: 'uptop' | 'undici' | 'net'}
 */
import v8 from 'node:v8';
import {probe} from '../../source/probes/http.js';
import {bareClients} from '../lib/bare-clients.js';
import {sleep} from '../lib/processes.js';
import {httpCheck} from '../lib/checks.js';

const plan = JSON.parse(process.argv[2]!) as {port: number; probes: number; rounds: number; client: 'uptop' | 'undici' | 'net'};
const gc = (globalThis as {gc?: (options?: {type: 'major' | 'minor'}) => void}).gc;
if (!gc) throw new Error('run with --expose-gc');

const heapSpaces = new Set(['new_space', 'old_space', 'large_object_space', 'new_large_object_space']);
const heapUsed = (): number => v8.getHeapSpaceStatistics().reduce((sum, space) => sum + (heapSpaces.has(space.space_name) ? space.space_used_size : 0), 0);
let failures = 0;

const checks = Array.from({length: plan.probes}, (_, index) => httpCheck(`survival-${index}`, `http://127.0.0.1:${plan.port}/ok/${index}`));

/** One probe as the engine runs it: its own deadline signal, cleared when it ends. */
async function uptopProbe(index: number): Promise<void> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), 5000);
	const result = await probe(checks[index]!, controller.signal);
	clearTimeout(timer);
	if (result.outcome !== 'up') failures++;
}

async function bareProbe(index: number): Promise<void> {
	await new Promise<void>(resolve => {
		bareClients[plan.client as 'undici' | 'net'](plan.port, `/ok/${index}`, () => failures++, resolve);
	});
}

const one = plan.client === 'uptop' ? uptopProbe : bareProbe;

async function round(): Promise<number> {
	// Sockets close a moment after their probe; a closing one is still referenced, so each side waits.
	await sleep(50);
	gc!({type: 'major'});
	const before = heapUsed();
	for (let start = 0; start < plan.probes; start += 20) {
		const batch: Array<Promise<void>> = [];
		for (let index = start; index < Math.min(plan.probes, start + 20); index++) batch.push(one(index));
		await Promise.all(batch);
	}

	await sleep(50);
	gc!({type: 'minor'});
	return (heapUsed() - before) / plan.probes;
}

// The first round makes each check's client and compiles the code; it is not counted.
await round();
const perProbe: number[] = [];
for (let index = 0; index < plan.rounds; index++) perProbe.push(await round());
gc({type: 'major'});
perProbe.sort((a, b) => a - b);
process.send?.({type: 'survival', client: plan.client, probes: plan.probes, failures, perProbe, median: perProbe[Math.floor(perProbe.length / 2)]});
