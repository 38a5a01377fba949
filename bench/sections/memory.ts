import {bundle} from '../lib/bundle.js';
import {atMost, type SectionResult} from '../lib/figure.js';
import type {Options} from '../lib/options.js';
import {startChild} from '../lib/processes.js';
import {round} from '../lib/stats.js';

type Report = {checks: number; samples: number; rssBefore: number; rssAfter: number; heapUsedAfter: number; arrayBuffersAfter: number; arrayBuffersBefore: number; fillMs: number};
const mb = 1024 * 1024;

export async function runMemory(_options: Options, log: (line: string) => void): Promise<SectionResult> {
	log('memory: 1,000 checks × 8,640 samples in LatencyHistory (child, --expose-gc)');
	const child = startChild(await bundle('children/memory-child.ts'), ['1000', '8640'], ['--expose-gc']);
	try {
		const report = await child.next<Report>('memory', 60_000);
		const total = report.checks * report.samples;
		const rssMb = report.rssAfter / mb;
		const perSample = (report.rssAfter - report.rssBefore) / total;
		return {
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
}
