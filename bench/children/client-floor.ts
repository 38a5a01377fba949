/**
 * The reference for the scale section's fresh-connection CPU: the same N requests a second, on the same
 * schedule (each "check" again 1 s after its last answer ended) against the same servers, made by a bare
 * client and nothing else, in a process of its own. No engine, no results, no deadline, no history.
 * The clients are in ../lib/bare-clients.ts.
 * argv: JSON {checks, ports, windowMs, client: 'undici' | 'net'}
 */
import {performance} from 'node:perf_hooks';
import {bareClients} from '../lib/bare-clients.js';

const plan = JSON.parse(process.argv[2]!) as {checks: number; ports: number[]; windowMs: number; client: 'undici' | 'net'};
const intervalMs = 1000;
const warmupMs = 2000;
let completed = 0;
let failures = 0;
const onFailure = (): void => {
	failures++;
};

const request = bareClients[plan.client];
for (let i = 0; i < plan.checks; i++) {
	const port = plan.ports[i % plan.ports.length]!;
	const path = `/ok/${i}`;
	const run = (): void => {
		request(port, path, onFailure, () => {
			completed++;
			setTimeout(run, intervalMs);
		});
	};

	// First runs spread over the first second, as the engine jitters them.
	setTimeout(run, Math.random() * intervalMs);
}

await new Promise(resolve => setTimeout(resolve, warmupMs));
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const completedStart = completed;
await new Promise(resolve => setTimeout(resolve, plan.windowMs));
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);
process.send?.({
	type: 'floor',
	client: plan.client,
	checks: plan.checks,
	requestsPerSecond: (completed - completedStart) / (wallMs / 1000),
	failures,
	cpuPercent: (cpu.user + cpu.system) / 1000 / wallMs * 100,
	userPercent: cpu.user / 1000 / wallMs * 100,
	systemPercent: cpu.system / 1000 / wallMs * 100,
});
process.exit(0);
