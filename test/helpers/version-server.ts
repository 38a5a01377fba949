import http from 'node:http';

/**
 * A single instance of a service answering its version, as `version: {json: version}` reads it, on a fixed loopback
 * port: started on one version, stopped (the restart's outage) and started again on the next, as a deploy does.
 */
export type VersionServer = {
	start(version: string): Promise<void>;
	stop(): Promise<void>;
};

export function versionServer(port: number): VersionServer {
	let server: http.Server | undefined;
	return {
		async start(version) {
			server = http.createServer((_request, response) => {
				response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'ok', version}));
			});
			await new Promise<void>(resolve => server!.listen(port, '127.0.0.1', resolve));
		},
		async stop() {
			if (server === undefined) return;
			const closing = server;
			server = undefined;
			closing.closeAllConnections();
			await new Promise(resolve => closing.close(resolve));
		},
	};
}
