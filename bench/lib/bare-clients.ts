/**
 * The bare clients the bench compares uptop's http probe with: a fresh connection per request, the
 * answer read and nothing else done with it (no deadline, result or history).
 *   undici: an undici Client per path, kept (as uptop keeps one per check); dispatch, read the body, destroy
 *           the connection, so the next request connects anew.
 *   net:    node:net alone: connect, write a GET, read to the end of bench-server's answer, destroy.
 */
import net, {type Socket} from 'node:net';
import {buildConnector, Client, type Dispatcher} from 'undici';

/** Makes one request to bench-server on 127.0.0.1; `onFailure` before `onEnd` when it failed. */
export type BareRequest = (port: number, path: string, onFailure: () => void, onEnd: () => void) => void;

// One reason for every destroyed client: without it undici makes (and formats) an error per request.
const done = Object.assign(new Error('done'), {stack: 'Error: done'});

/** One client per path (a "check"), kept between its requests as uptop keeps one per check. */
const undiciClients = new Map<string, {client: Client; socket?: Socket}>();

function viaUndici(port: number, path: string, onFailure: () => void, onEnd: () => void): void {
	const origin = `http://127.0.0.1:${port}`;
	const key = `${port}${path}`;
	let kept = undiciClients.get(key);
	if (kept === undefined) {
		const entry: {client?: Client; socket?: Socket} = {};
		// As uptop's fresh connections: no TCP keep-alive on a connection that lives a few milliseconds.
		const connector = buildConnector({keepAlive: false});
		entry.client = new Client(origin, {
			pipelining: 1,
			connect(options, callback) {
				// undici's connector returns the socket it creates (the type says void).
				entry.socket = connector(options, callback) as unknown as Socket;
				return entry.socket;
			},
		});
		kept = entry as {client: Client; socket?: Socket};
		undiciClients.set(key, kept);
	}

	const {client} = kept;
	const finish = (ok: boolean): void => {
		if (!ok) onFailure();
		// The connection, not the client, ends with the request: the next one connects anew.
		kept.socket?.destroy(done);
		onEnd();
	};

	const handler: Dispatcher.DispatchHandler = {
		onRequestStart() {},
		onResponseStart() {},
		onResponseData() {},
		onResponseEnd() {
			finish(true);
		},
		onResponseError() {
			finish(false);
		},
	};
	client.dispatch({origin, path, method: 'GET', headers: {'user-agent': 'floor'}}, handler);
}

function viaNet(port: number, path: string, onFailure: () => void, onEnd: () => void): void {
	const socket = net.connect({host: '127.0.0.1', port});
	let ended = false;
	const finish = (ok: boolean): void => {
		if (ended) return;
		ended = true;
		if (!ok) onFailure();
		socket.destroy();
		onEnd();
	};

	let text = '';
	socket.setNoDelay(true);
	socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nuser-agent: floor\r\n\r\n`));
	// bench-server answers "ok\n" with a content-length: the answer is complete when that body is in.
	socket.on('data', chunk => {
		text += chunk.toString('latin1');
		if (text.endsWith('\r\n\r\nok\n')) finish(true);
	});
	socket.on('error', () => finish(false));
	socket.on('close', () => finish(false));
}

export const bareClients: Record<'undici' | 'net', BareRequest> = {undici: viaUndici, net: viaNet};
