/**
 * The live screen of uptop (the real renderApp) drawing 200 rows in a terminal while some of those rows
 * probe the ground-truth server; every result the UI thread receives is appended to a file as NDJSON so
 * the bench can compare its latency with the server's own hold time. Runs inside tmux (a real pty).
 * argv: JSON {truthPort, fillerPort, outFile, durationMs, perDelay, delaysMs, rows}
 */
import {appendFileSync, writeFileSync} from 'node:fs';
import type {Check} from '../../source/config/types.js';
import type {MonitorHandle} from '../../source/monitor/types.js';
import {renderApp, startAfterFirstFrame} from '../../source/ui/render-app.js';
import {httpCheck} from '../lib/checks.js';

export type LoadPlan = {
	truthPort: number;
	fillerPort: number;
	outFile: string;
	durationMs: number;
	perDelay: number;
	delaysMs: number[];
	rows: number;
	/** false: the same engine and rows with no screen (a control that separates render cost from engine cost). */
	render?: boolean;
};

export function planChecks(plan: LoadPlan): Check[] {
	const checks: Check[] = [];
	for (const delayMs of plan.delaysMs) {
		for (let j = 0; j < plan.perDelay; j++) {
			checks.push(httpCheck(`truth-d${delayMs}-${j}`, `http://127.0.0.1:${plan.truthPort}/d/${delayMs}/load-${delayMs}-${j}`, {intervalMs: 1000}));
		}
	}

	// Rows whose latency changes every second, so the table keeps re-rendering.
	for (let i = checks.length; i < plan.rows; i++) {
		checks.push(httpCheck(`filler-${String(i).padStart(3, '0')}`, `http://127.0.0.1:${plan.fillerPort}/r/30/f-${i}`, {intervalMs: 1000}));
	}

	return checks;
}

export async function runRenderLoad(plan: LoadPlan, createHandle: (checks: Check[]) => MonitorHandle & {start?: () => void}): Promise<void> {
	writeFileSync(plan.outFile, '');
	const checks = planChecks(plan);
	const monitor = createHandle(checks);
	let lines: string[] = [];
	monitor.onEvent(event => {
		if (event.type === 'result' && event.id.startsWith('truth-')) {
			lines.push(JSON.stringify({id: event.id, startedAt: event.result.startedAt, latencyMs: event.result.latencyMs, outcome: event.result.outcome, phases: event.result.phases}));
		}
	});
	// The whole process's resident memory (UI thread, probe worker, buffers), at its highest while it ran.
	let rssPeakBytes = 0;
	const flush = setInterval(() => {
		if (lines.length > 0) appendFileSync(plan.outFile, lines.join('\n') + '\n');
		lines = [];
		rssPeakBytes = Math.max(rssPeakBytes, process.memoryUsage.rss());
	}, 500);
	// As `uptop FILE` runs it (source/modes/live.ts): first frame, then the worker, then the render thread lowered.
	const app = plan.render === false ? {unmount: () => undefined} : renderApp({monitor, configPath: 'bench-render-load.yaml', stdout: process.stdout, stdin: process.stdin, options: {color: true, ascii: false, bell: false, hyperlinks: false}, onQuit: () => undefined, renderNice: 0});
	if (plan.render === false) monitor.start?.();
	else startAfterFirstFrame(() => monitor.start?.(), process.stdout.isTTY === true);
	// What the screen and the engine cost while they run (first frame and start-up excluded): the UI thread
	// alone, and the whole process (UI thread, probe worker, libuv and V8 helper threads).
	const threadCpu = (process as {threadCpuUsage?: () => NodeJS.CpuUsage}).threadCpuUsage?.bind(process);
	const cpuStart = {process: process.cpuUsage(), thread: threadCpu?.(), at: performance.now()};
	await new Promise(resolve => setTimeout(resolve, plan.durationMs));
	const elapsedMs = performance.now() - cpuStart.at;
	const percentOf = (usage: NodeJS.CpuUsage) => Math.round((usage.user + usage.system) / 1000 / elapsedMs * 1000) / 10;
	const threadNow = threadCpu?.();
	const cpu = {
		processPercent: percentOf(process.cpuUsage(cpuStart.process)),
		uiThreadPercent: threadNow === undefined || cpuStart.thread === undefined ? null : percentOf({user: threadNow.user - cpuStart.thread.user, system: threadNow.system - cpuStart.thread.system}),
	};
	clearInterval(flush);
	app.unmount();
	await monitor.stop();
	appendFileSync(plan.outFile, lines.join('\n') + (lines.length > 0 ? '\n' : '') + JSON.stringify({type: 'done', cpu, rssPeakMb: Math.round(rssPeakBytes / 1e5) / 10}) + '\n');
	process.exit(0);
}
