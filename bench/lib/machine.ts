import {cpus, loadavg, totalmem, release, platform} from 'node:os';
import {execFileSync} from 'node:child_process';

export type Machine = {
	cpuModel: string;
	cores: number;
	memoryGiB: number;
	node: string;
	os: string;
	tmux?: string;
	curl?: string;
	blackboxExporter?: string;
	/** 1-minute load average when the run started; above the core count, other work competed for the CPU. */
	loadAverageAtStart: number;
	loadAverageAtEnd?: number;
};

function firstLine(command: string, args: string[]): string | undefined {
	try {
		return execFileSync(command, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000}).split('\n')[0]?.trim();
	} catch {
		return undefined;
	}
}

export function describeMachine(): Machine {
	const list = cpus();
	return {
		cpuModel: list[0]?.model.trim() ?? 'unknown',
		cores: list.length,
		memoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10,
		node: process.version,
		os: `${platform()} ${release()}`,
		tmux: firstLine('tmux', ['-V']),
		curl: firstLine('curl', ['--version'])?.split(' ').slice(0, 2).join(' '),
		loadAverageAtStart: loadAverage(),
		blackboxExporter: firstLine('/usr/bin/prometheus-blackbox-exporter', ['--version'])?.replace(/\s*\(.*$/, ''),
	};
}

export function loadAverage(): number {
	return Math.round(loadavg()[0]! * 100) / 100;
}
