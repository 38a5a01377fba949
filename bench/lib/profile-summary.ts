/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package, so a missed
 * goal can be reported with evidence. Usage: node --import tsx bench/lib/profile-summary.ts FILE [top | long]
 */
import {readFileSync} from 'node:fs';

type Node = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}; children?: number[]};
type Profile = {nodes: Node[]; samples: number[]; timeDeltas: number[]};

export function summarize(file: string, top = 25): string {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map(node => [node.id, node] as const));
	const selfUs = new Map<number, number>();
	for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
	const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
	const byFunction = new Map<string, number>();
	const byArea = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const {callFrame} = byId.get(id)!;
		const where = callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\//, '');
		const name = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + us);
		const area = callFrame.url === '' ? callFrame.functionName : callFrame.url.startsWith('node:') ? callFrame.url.split('/')[0]! : where.split(/[/:]/)[0]!;
		byArea.set(area, (byArea.get(area) ?? 0) + us);
	}

	const lines = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top)
		.map(([name, us]) => `${(us / total * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
	return [`total ${(total / 1000).toFixed(0)} ms sampled`, '', 'by area:', ...lines(byArea).slice(0, 12), '', 'by function (self):', ...lines(byFunction)].join('\n');
}

/**
 * The longest stretches of consecutive non-idle samples (event-loop stalls as the profiler saw them) and the
 * stacks that filled them. Few samples in a long stretch means the thread was waiting for a CPU, not working.
 */
export function longTasks(file: string, count = 6): string {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile & {startTime: number};
	const byId = new Map(profile.nodes.map(node => [node.id, node] as const));
	const parents = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
	const isIdle = (id: number) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName);
	const tasks: Array<{start: number; end: number; ids: number[]}> = [];
	let current: {start: number; end: number; ids: number[]} | undefined;
	let time = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i] ?? 0;
		const id = profile.samples[i]!;
		if (isIdle(id)) {
			if (current) tasks.push(current);
			current = undefined;
		} else {
			current ??= {start: time, end: time, ids: []};
			current.end = time;
			current.ids.push(id);
		}
	}

	tasks.sort((a, b) => (b.end - b.start) - (a.end - a.start));
	const lines: string[] = [];
	for (const task of tasks.slice(0, count)) {
		lines.push(`${((task.end - task.start) / 1000).toFixed(1)} ms at +${((task.start - profile.startTime) / 1e6).toFixed(2)} s, ${task.ids.length} samples`);
		const stacks = new Map<string, number>();
		for (const id of task.ids) {
			const names: string[] = [];
			for (let node: number | undefined = id; node !== undefined && names.length < 6; node = parents.get(node)) names.push(byId.get(node)!.callFrame.functionName || '(anonymous)');
			const key = names.join(' < ');
			stacks.set(key, (stacks.get(key) ?? 0) + 1);
		}

		for (const [key, samples] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 5)) lines.push(`  ${String(samples).padStart(4)}  ${key}`);
	}

	return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [file, mode] = [process.argv[2]!, process.argv[3]];
	process.stdout.write(`${mode === 'long' ? longTasks(file) : summarize(file, Number(mode ?? 25))}\n`);
}
