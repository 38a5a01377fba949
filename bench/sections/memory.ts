import {bundle} from '../lib/bundle.js';
import {atMost, type SectionResult} from '../lib/figure.js';
import type {Options} from '../lib/options.js';
import {startChild} from '../lib/processes.js';
import {round} from '../lib/stats.js';

type Report = {checks: number; samples: number; rssBefore: number; rssAfter: number; heapUsedAfter: number; arrayBuffersAfter: number; arrayBuffersBefore: number; fillMs: number};
const mb = 1024 * 1024;

export async function runMemory(options: Options, log: (line: string) => void): Promise<SectionResult> {
	log('memory: 1,000 checks × 8,640 samples in LatencyHistory (child, --expose-gc)');
	const child = startChild(await bundle('children/memory-child.ts'), ['1000', '8640'], ['--expose-gc']);
	let history: SectionResult;
	try {
		const report = await child.next<Report>('memory', 60_000);
		const total = report.checks * report.samples;
		const rssMb = report.rssAfter / mb;
		const perSample = (report.rssAfter - report.rssBefore) / total;
		history = {
			figures: [
				{key: 'memoryRss1000x8640Mb', label: 'RSS, 1,000 checks × 8,640 samples', value: round(rssMb, 1), unit: 'MB', goal: '≤ 150 MB', meetsGoal: atMost(rssMb, 150)},
				{key: 'memoryBytesPerSample', label: 'bytes per kept sample (RSS growth)', value: round(perSample, 2), unit: 'B', references: [{label: 'typed-array floor', value: 9}]},
			],
			details: {
				...report,
				rssBeforeMb: round(report.rssBefore / mb, 1),
				arrayBufferBytesPerSample: round((report.arrayBuffersAfter - report.arrayBuffersBefore) / total, 2),
			},
		};
	} finally {
		await child.stop();
	}

	const survival = await runProbeSurvival(options, log);
	return {figures: [...history.figures, ...survival.figures], details: {...history.details, probeSurvival: survival.details}};
}

type SurvivalReport = {client: string; probes: number; failures: number; perProbe: number[]; median: number};

/** Bytes of a finished fresh-connection probe that a young-generation collection still finds reachable. */
async function runProbeSurvival(options: Options, log: (line: string) => void): Promise<SectionResult> {
	const probes = 300;
	const rounds = options.quick ? 3 : 5;
	log(`memory: what ${probes} finished fresh http probes leave after a young-generation GC (uptop, bare undici, bare node:net)`);
	const server = startChild(await bundle('children/bench-server.ts'));
	try {
		const {port} = await server.next<{port: number}>('listening');
		const file = await bundle('children/probe-survival.ts');
		const reports: Record<string, SurvivalReport> = {};
		for (const client of ['uptop', 'undici', 'net'] as const) {
			const child = startChild(file, [JSON.stringify({port, probes, rounds, client})], ['--expose-gc']);
			try {
				reports[client] = await child.next<SurvivalReport>('survival', 60_000);
			} finally {
				await child.stop();
			}
		}

		// A run whose probes failed measured something else (refused connections): no figure from it.
		const value = (client: string): number | null => (reports[client] && reports[client].failures === 0 ? round(reports[client].median, 0) : null);
		return {
			figures: [
				{
					key: 'memoryYoungSurvivorBytesPerProbe',
					label: 'fresh http probe: bytes a young GC keeps, per probe',
					value: value('uptop'),
					unit: 'B',
					references: [{label: 'bare undici', value: value('undici')}, {label: 'bare node:net', value: value('net')}],
				},
			],
			details: reports,
		};
	} finally {
		await server.stop();
	}
}
