import path from 'node:path';
import {request} from 'undici';
import {requireWorkingCommand} from './require-component.js';
import {pollUntil, spawnService, type Service} from './spawn-service.js';

export const python = '/usr/bin/python3';

/** Whether the FastAPI fixture can run here: Debian's python3 with its fastapi and uvicorn packages. */
export const hasFastApi = (): boolean => requireWorkingCommand([python, '-c', 'import fastapi, uvicorn'], 'python3 with fastapi and uvicorn');
export const fastapiApp = path.resolve(import.meta.dirname, '../fixtures/fastapi_app.py');

/**
 * The FastAPI fixture app under uvicorn on 127.0.0.1 (a port chosen by the OS). Routes: /health
 * (?status=DOWN, ?db=down), /slow?seconds=N, /dependency-down (503 JSON), /jobs/NAME?age=S&format=iso|s|ms, POST /orders ({"item": …} read into a model).
 */
export type FastApi = {readonly url: string; readonly port: number; stop(): Promise<void>};

export async function startFastApi(): Promise<FastApi> {
	const service: Service = spawnService(python, [fastapiApp]);
	try {
		const port = await pollUntil('FastAPI port', 15_000, async () => {
			if (service.child.exitCode !== null) {
				throw Object.assign(new Error(`fastapi_app.py exited: ${service.output()}`), {fatal: true});
			}

			const match = /\{"port": (\d+)\}/.exec(service.output());
			return match ? Number(match[1]) : undefined;
		});
		const url = `http://127.0.0.1:${port}`;
		await pollUntil('FastAPI /health', 15_000, async () => {
			const response = await request(`${url}/health`);
			await response.body.dump();
			return response.statusCode === 200 ? true : undefined;
		});
		return {url, port, stop: async () => service.stop()};
	} catch (error) {
		await service.stop();
		throw new Error(`${String(error)}\n${service.output()}`);
	}
}
