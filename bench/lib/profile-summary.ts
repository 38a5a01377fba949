/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package, so a missed
 * goal can be reported with evidence. Usage: node --import tsx bench/lib/profile-summary.ts FILE [top]
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

if (import.meta.url === `file://${process.argv[1]}`) {
	process.stdout.write(`${summarize(process.argv[2]!, Number(process.argv[3] ?? 25))}\n`);
}
