import net from 'node:net';
import {pollUntil, spawnService, type Service} from './spawn-service.js';

export const python = '/usr/bin/python3';

/**
 * A port whose connects hang like a firewall dropping SYNs: a listener with backlog 0 that never
 * accepts, its queue filled by connections held here. Linux drops further SYNs, so connect() stalls.
 */
export type Blackhole = {readonly port: number; close(): Promise<void>};

const script = [
	'import socket, sys, time',
	's = socket.socket()',
	's.bind(("127.0.0.1", 0))',
	's.listen(0)',
	'print(s.getsockname()[1], flush=True)',
	'time.sleep(300)',
].join('\n');

function tryConnect(port: number, waitMs: number): Promise<net.Socket | undefined> {
	return new Promise(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		const timer = setTimeout(() => {
			socket.destroy();
			resolve(undefined);
		}, waitMs);
		socket.once('connect', () => {
			clearTimeout(timer);
			resolve(socket);
		});
		socket.once('error', () => {
			clearTimeout(timer);
			resolve(undefined);
		});
	});
}

export async function startBlackhole(): Promise<Blackhole> {
	const service: Service = spawnService(python, ['-c', script]);
	const held: net.Socket[] = [];
	const close = async () => {
		for (const socket of held) {
			socket.destroy();
		}

		await service.stop();
	};

	try {
		const port = await pollUntil('blackhole listener', 10_000, async () => {
			const match = /^(\d+)\n/.exec(service.output());
			return match ? Number(match[1]) : undefined;
		}, 50);
		for (let attempt = 0; attempt < 16; attempt++) {
			// eslint-disable-next-line no-await-in-loop
			const socket = await tryConnect(port, 300);
			if (!socket) {
				return {port, close};
			}

			held.push(socket);
		}

		throw new Error('the listen queue never filled');
	} catch (error) {
		await close();
		throw error;
	}
}
