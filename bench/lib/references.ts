import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {freePort, sleep} from './processes.js';

export const blackboxBinary = '/usr/bin/prometheus-blackbox-exporter';

/** curl's own total time for one request, ms; a fresh process and connection each time. */
export function curlTotalMs(url: string): Promise<number> {
	return new Promise((resolve, reject) => {
		execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total}', url], {timeout: 10_000}, (error, stdout) => {
			if (error) reject(error);
			else resolve(Number(stdout.trim()) * 1000);
		});
	});
}

export function hasCurl(): boolean {
	return existsSync('/usr/bin/curl');
}

export type BlackboxProbe = {durationMs: number; phasesMs: number; success: boolean};

/** A blackbox_exporter of our own on 127.0.0.1 with a one-module config; stopped by its PID. */
export class Blackbox {
	private constructor(private readonly child: ChildProcess, private readonly port: number, private readonly directory: string) {}

	static available(): boolean {
		return existsSync(blackboxBinary);
	}

	static async start(): Promise<Blackbox> {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-bench-bb-'));
		const config = path.join(directory, 'blackbox.yml');
		writeFileSync(config, 'modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n');
		const port = await freePort();
		const child = spawn(blackboxBinary, [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`], {stdio: 'ignore'});
		const blackbox = new Blackbox(child, port, directory);
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline) {
			try {
				const response = await fetch(`http://127.0.0.1:${port}/-/healthy`);
				if (response.ok) return blackbox;
			} catch {
				// Not listening yet.
			}

			if (child.exitCode !== null) break;
			await sleep(50);
		}

		blackbox.stop();
		throw new Error('blackbox_exporter did not become healthy within 10 s');
	}

	async probe(target: string): Promise<BlackboxProbe> {
		const response = await fetch(`http://127.0.0.1:${this.port}/probe?module=http_2xx&target=${encodeURIComponent(target)}`);
		const text = await response.text();
		let durationMs = Number.NaN;
		let phasesMs = 0;
		let success = false;
		for (const line of text.split('\n')) {
			if (line.startsWith('probe_duration_seconds ')) durationMs = Number(line.split(' ')[1]) * 1000;
			else if (line.startsWith('probe_http_duration_seconds{')) phasesMs += Number(line.split(' ')[1]) * 1000;
			else if (line.startsWith('probe_success ')) success = line.endsWith(' 1');
		}

		return {durationMs, phasesMs, success};
	}

	stop(): void {
		if (this.child.exitCode === null) this.child.kill('SIGTERM');
		rmSync(this.directory, {recursive: true, force: true});
	}
}
