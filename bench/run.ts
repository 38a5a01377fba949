/**
 * `npm run bench [-- --json] [--quick] [--only latency,scale,screen,memory]`: measures uptop on this machine
 * and prints a table (or one JSON object). Benchmarks report; they never fail on noise: the exit code is
 * non-zero only when the harness itself breaks (bad option: 2; a crash: 1).
 */
import {writeFileSync} from 'node:fs';
import {describeMachine, loadAverage} from './lib/machine.js';
import type {Figure, SectionResult} from './lib/figure.js';
import {ratio} from './lib/figure.js';
import {parseOptions, sectionNames, type Options, type SectionName} from './lib/options.js';
import {killAllChildren} from './lib/processes.js';
import {killAllPanes} from './lib/tmux.js';
import {machineLine, markdownTable, textTable} from './lib/table.js';

let options: Options;
try {
	options = parseOptions(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`bench: ${(error as Error).message}\n`);
	process.exit(2);
}

const log = (line: string): void => {
	process.stderr.write(`${line}\n`);
};

const runners: Record<SectionName, () => Promise<SectionResult>> = {
	latency: async () => (await import('./sections/latency.js')).runLatency(options, log),
	scale: async () => (await import('./sections/scale.js')).runScale(options, log),
	screen: async () => (await import('./sections/screen.js')).runScreen(options, log),
	memory: async () => (await import('./sections/memory.js')).runMemory(options, log),
};

process.on('SIGINT', () => {
	killAllChildren();
	killAllPanes();
	process.exit(130);
});

async function main(): Promise<void> {
	const machine = describeMachine();
	const startedAt = new Date();
	const figures: Figure[] = [];
	const sections: Record<string, unknown> = {};
	const skipped: string[] = [];
	const results = new Map<SectionName, SectionResult>();
	// The screen runs first: after the scale section the kernel is still retiring the ~28,000 connections it
	// left in TIME_WAIT, and uptop's start-up measured then took 273–359 ms against 251–280 ms on its own.
	for (const name of ['screen', 'latency', 'scale', 'memory'] as const) {
		if (!options.only.has(name)) continue;
		const began = performance.now();
		try {
			const result = await runners[name]();
			results.set(name, result);
			sections[name] = {seconds: Math.round((performance.now() - began) / 100) / 10, ...result.details};
		} catch (error) {
			// A section that cannot run (a product module missing, a component absent) is reported, not fatal.
			skipped.push(`${name}: did not run: ${(error as Error).message.split('\n')[0]}`);
			log(`bench: ${name} did not run: ${(error as Error).stack ?? String(error)}`);
		}
	}

	// Reported in the usual order, whatever order they ran in.
	for (const name of sectionNames) {
		const result = results.get(name);
		if (result === undefined) continue;
		figures.push(...result.figures);
		skipped.push(...(result.skipped ?? []).map(reason => `${name}: ${reason}`));
	}

	machine.loadAverageAtEnd = loadAverage();
	const seconds = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
	const object: Record<string, unknown> = {machine, startedAt: startedAt.toISOString(), seconds, quick: options.quick};
	for (const figure of figures) object[figure.key] = figure.value;
	object.figures = figures.map(figure => ({...figure, ratio: ratio(figure.value, figure.references?.[0]?.value)}));
	object.sections = sections;
	object.skipped = skipped;
	// The table and the raw details of the same run (what docs/benchmarks.md quotes).
	if (process.env.UPTOP_BENCH_SAVE) writeFileSync(process.env.UPTOP_BENCH_SAVE, `${JSON.stringify(object, undefined, '\t')}\n`);
	if (options.json) {
		process.stdout.write(`${JSON.stringify(object)}\n`);
		return;
	}

	const write = (text: string): void => {
		process.stdout.write(`${text}\n`);
	};

	write(`uptop benchmarks${options.quick ? ' (quick)' : ''} — ${startedAt.toISOString()}, ${seconds} s`);
	write(`machine: ${machineLine(machine)}`);
	write('');
	write(textTable(figures));
	if (skipped.length > 0) {
		write('');
		write('not measured:');
		for (const reason of skipped) write(`  - ${reason}`);
	}

	if (process.env.UPTOP_BENCH_MARKDOWN === '1') {
		write('');
		write(markdownTable(figures));
	}
}

main().then(() => {
	killAllChildren();
	killAllPanes();
	process.exit(0);
}, error => {
	killAllChildren();
	killAllPanes();
	process.stderr.write(`bench: harness error: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
