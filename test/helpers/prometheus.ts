import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {request} from 'undici';
import {pollUntil, spawnService, type Service} from './spawn-service.js';

export const prometheusBinary = '/usr/bin/prometheus';
export const blackboxBinary = '/usr/bin/prometheus-blackbox-exporter';

/** Prometheus scraping blackbox_exporter every second, which probes `targets` with module http_2xx. */
export type PrometheusStack = {readonly url: string; readonly blackboxUrl: string; stop(): Promise<void>};

/** A port that was free a moment ago (these binaries cannot report the port they bound). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

async function getJson(url: string): Promise<unknown> {
	const response = await request(url);
	const text = await response.body.text();
	return response.statusCode === 200 ? JSON.parse(text) as unknown : undefined;
}

/** Runs an instant query and returns the result vector, or undefined when it is not yet complete. */
export async function queryVector(url: string, query: string): Promise<Array<{metric: Record<string, string>; value: [number, string]}>> {
	const body = await getJson(`${url}/api/v1/query?query=${encodeURIComponent(query)}`) as {data?: {result?: Array<{metric: Record<string, string>; value: [number, string]}>}} | undefined;
	return body?.data?.result ?? [];
}

export async function startPrometheusStack(targets: readonly string[], readyWithinMs = 15_000): Promise<PrometheusStack> {
	const dir = mkdtempSync(path.join(tmpdir(), 'uptop-prometheus-'));
	const services: Service[] = [];
	const stop = async () => {
		await Promise.all(services.map(async service => service.stop()));
		rmSync(dir, {recursive: true, force: true});
	};

	try {
		const blackboxPort = await freePort();
		writeFileSync(path.join(dir, 'blackbox.yml'), [
			'modules:',
			'  http_2xx:',
			'    prober: http',
			'    timeout: 1s',
			'    http:',
			'      preferred_ip_protocol: ip4',
			'',
		].join('\n'));
		const blackbox = spawnService(blackboxBinary, [`--config.file=${path.join(dir, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${blackboxPort}`]);
		services.push(blackbox);

		const prometheusPort = await freePort();
		writeFileSync(path.join(dir, 'prometheus.yml'), [
			'global:',
			'  scrape_interval: 1s',
			'  scrape_timeout: 1s',
			'  evaluation_interval: 1s',
			'scrape_configs:',
			'  - job_name: blackbox',
			'    metrics_path: /probe',
			'    params:',
			'      module: [http_2xx]',
			'    static_configs:',
			`      - targets: [${targets.map(target => JSON.stringify(target)).join(', ')}]`,
			'    relabel_configs:',
			'      - source_labels: [__address__]',
			'        target_label: __param_target',
			'      - source_labels: [__param_target]',
			'        target_label: instance',
			'      - target_label: __address__',
			`        replacement: 127.0.0.1:${blackboxPort}`,
			'',
		].join('\n'));
		const prometheus = spawnService(prometheusBinary, [
			`--config.file=${path.join(dir, 'prometheus.yml')}`,
			`--web.listen-address=127.0.0.1:${prometheusPort}`,
			`--storage.tsdb.path=${path.join(dir, 'data')}`,
			'--log.level=warn',
		]);
		services.push(prometheus);

		const url = `http://127.0.0.1:${prometheusPort}`;
		const blackboxUrl = `http://127.0.0.1:${blackboxPort}`;
		const started = performance.now();
		const failFast = () => {
			for (const service of services) {
				if (service.child.exitCode !== null) {
					throw Object.assign(new Error(`exited early: ${service.output()}`), {fatal: true});
				}
			}
		};

		await pollUntil('blackbox_exporter', readyWithinMs, async () => {
			failFast();
			const response = await request(`${blackboxUrl}/metrics`);
			await response.body.dump();
			return response.statusCode === 200 ? true : undefined;
		});
		await pollUntil('Prometheus /-/ready', readyWithinMs, async () => {
			failFast();
			const response = await request(`${url}/-/ready`);
			await response.body.dump();
			return response.statusCode === 200 ? true : undefined;
		});
		// The first scrapes take a few seconds: wait (bounded) until every target has a probe_success.
		await pollUntil('first scrapes of every target', Math.max(1000, readyWithinMs - (performance.now() - started)), async () => {
			failFast();
			const series = await queryVector(url, 'probe_success');
			return series.length >= targets.length ? true : undefined;
		}, 250);
		return {url, blackboxUrl, stop};
	} catch (error) {
		const logs = services.map(service => service.output().slice(-2000)).join('\n');
		await stop();
		throw new Error(`${String(error)}\n${logs}`);
	}
}
