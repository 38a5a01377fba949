import {bundle} from '../lib/bundle.js';
import {atMost, type Figure, type SectionResult} from '../lib/figure.js';
import type {Options} from '../lib/options.js';
import {startChild} from '../lib/processes.js';
import {round} from '../lib/stats.js';

type Report = {
	checks: number; keepAlive: boolean; holdMs: number; firstRoundMs?: number; probesPerSecond: number; plannedPerSecond: number; slipP50Ms: number | null; slipP99Ms: number | null;
	eventLoopDelayP99Ms: number; cpuPercent: number; rssMb: number; failures: number; [key: string]: unknown;
};

/** A bare client making the largest run's requests on the same schedule (children/client-floor.ts). */
type Floor = {client: 'undici' | 'net'; checks: number; requestsPerSecond: number; failures: number; cpuPercent: number; userPercent: number; systemPercent: number};

/** Two target processes share the load so the servers are not the bottleneck on a small machine. */
const serverCount = 2;
/** The run against targets as far away as a real service: every answer held this long. */
const holdMs = 100;
/** Its warm-up: the engine's cap on probes in flight grows from 32 by at most doubling per second. */
const holdWarmupMs = 6000;

export async function runScale(options: Options, log: (line: string) => void): Promise<SectionResult> {
	const sizes = options.quick ? [100, 500] : [100, 500, 2000];
	const windowMs = options.quick ? 5000 : 10_000;
	type Run = {checks: number; keepAlive: boolean; holdMs?: number; warmupMs?: number};
	const runs: Run[] = sizes.map(checks => ({checks, keepAlive: false}));
	// Fresh connections are the default (they measure connect); keep-alive is the cheap alternative.
	runs.push({checks: sizes.at(-1)!, keepAlive: true});
	// Targets that are not on loopback: the engine must keep as many probes in flight as their answers need. Last,
	// after the references, which are measured in the same conditions as the run they stand under.
	const distantRun: Run = {checks: sizes.at(-1)!, keepAlive: false, holdMs, warmupMs: holdWarmupMs};
	const serverFile = await bundle('children/bench-server.ts');
	const childFile = await bundle('children/scale-child.ts');
	const servers = Array.from({length: serverCount}, () => startChild(serverFile));
	const figures: Figure[] = [];
	const reports: Report[] = [];
	const floors: Floor[] = [];
	const skipped: string[] = [];
	const largest = sizes.at(-1)!;
	try {
		const ports = await Promise.all(servers.map(async server => (await server.next<{port: number}>('listening')).port));
		const measure = async (run: Run): Promise<void> => {
			log(`scale: ${run.checks} checks at 1 s, ${run.keepAlive ? 'keep-alive' : 'fresh connections'}${run.holdMs ? `, answers in ${run.holdMs} ms` : ''}, ${windowMs / 1000} s measured`);
			const child = startChild(childFile, [JSON.stringify({...run, ports, windowMs})], ['--expose-gc']);
			const serverCpu = async () => (await Promise.all(servers.map(async server => (await server.request<{cpuMs: number}>({type: 'cpu'}, 'cpu')).cpuMs))).reduce((a, b) => a + b, 0);
			try {
				const cpuBefore = await serverCpu();
				const began = performance.now();
				const report = await child.next<Report>('scale', windowMs + 30_000);
				// The targets share this machine's cores with uptop: how much of them they took (warm-up included).
				report.targetServersCpuPercent = round((await serverCpu() - cpuBefore) / (performance.now() - began) * 100, 1);
				reports.push(report);
			} finally {
				await child.stop();
			}
		};

		for (const run of runs) await measure(run);
		// What the same fresh-connection load costs a bare client: the floor under uptop's CPU figure.
		const floorFile = await bundle('children/client-floor.ts');
		for (const client of ['undici', 'net'] as const) {
			log(`scale: ${largest} requests a second, fresh connections, ${client === 'undici' ? 'a bare undici Client' : 'bare node:net'} (reference)`);
			const child = startChild(floorFile, [JSON.stringify({checks: largest, ports, windowMs, client})]);
			try {
				const floor = await child.next<Floor>('floor', windowMs + 30_000);
				// A client whose requests fail is not doing the work it stands for.
				if (floor.failures > 0) skipped.push(`bare ${client} reference: ${floor.failures} requests failed`);
				else floors.push(floor);
			} finally {
				await child.stop();
			}
		}

		await measure(distantRun);
	} finally {
		await Promise.all(servers.map(async server => server.stop()));
	}

	const floorOf = (client: Floor['client']) => floors.find(floor => floor.client === client);
	for (const report of reports) {
		const n = report.checks;
		const tag = `${n}${report.keepAlive ? 'KeepAlive' : ''}${report.holdMs ? `Latency${report.holdMs}Ms` : ''}`;
		const label = `${n.toLocaleString('en-US')} checks${report.keepAlive ? ', keep-alive' : ''}${report.holdMs ? `, answers in ${report.holdMs} ms` : ''}`;
		const isGoal = n === 2000 && !report.holdMs;
		figures.push(
			{key: `scale${tag}ProbesPerSecond`, label: `${label}: probes/s`, value: round(report.probesPerSecond, 1), unit: '/s', references: [{label: 'planned', value: round(report.plannedPerSecond, 1)}]},
			{key: `scale${tag}SlipP50Ms`, label: `${label}: schedule slip p50`, value: round(report.slipP50Ms ?? Number.NaN, 2), unit: 'ms'},
			{key: `scale${tag}SlipP99Ms`, label: `${label}: schedule slip p99`, value: round(report.slipP99Ms ?? Number.NaN, 2), unit: 'ms', ...(isGoal ? {goal: '≤ 50 ms', meetsGoal: atMost(report.slipP99Ms, 50)} : {})},
			{key: `scale${tag}EventLoopDelayP99Ms`, label: `${label}: event-loop delay p99`, value: round(report.eventLoopDelayP99Ms, 2), unit: 'ms'},
			{
				key: `scale${tag}CpuPercent`,
				label: `${label}: CPU (% of one core)`,
				value: round(report.cpuPercent, 1),
				unit: '%',
				...(isGoal ? {goal: '≤ 50 %', meetsGoal: atMost(report.cpuPercent, 50)} : {}),
				...(n === largest && !report.keepAlive && !report.holdMs && floors.length > 0
					? {references: [{label: 'bare undici', value: round(floorOf('undici')?.cpuPercent ?? Number.NaN, 1)}, {label: 'bare node:net', value: round(floorOf('net')?.cpuPercent ?? Number.NaN, 1)}]}
					: {}),
			},
			{key: `scale${tag}RssMb`, label: `${label}: RSS (peak)`, value: round(report.rssMb, 1), unit: 'MB'},
		);
		if (report.holdMs) {
			figures.push({key: `scale${tag}FirstRoundMs`, label: `${label}: every check answered once`, value: round(report.firstRoundMs ?? Number.NaN, 0), unit: 'ms'});
		}
	}

	return {figures, details: {windowMs, servers: serverCount, largest, runs: reports, floors}, skipped};
}
