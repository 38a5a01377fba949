/**
 * The demo fleet: a handful of pretend services on one loopback port, each with a behaviour an on-call
 * person recognises (healthy, slow, flapping, a failing job, a deployment that shifts latency).
 * Started by `uptop --demo` as a separate process and stopped when uptop exits; the top-level
 * checks.yaml describes it. Prints `ready <port>` on stdout once listening.
 */
import http from 'node:http';

type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

const startedAtMs = Date.now();
const deployAfterMs = Number(process.env.UPTOP_DEMO_DEPLOY_AFTER_MS ?? 60_000);
const port = Number(process.argv[2] ?? process.env.UPTOP_DEMO_PORT ?? 47_800);

function sendJson(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers});
	response.end(text);
}

function later(ms: number, action: () => void): void {
	setTimeout(action, Math.max(0, ms));
}

// Log-normal-ish jitter around a median, so the sparklines look like real services.
function jitter(medianMs: number, spread = 0.25): number {
	const u = Math.max(1e-9, Math.random());
	const v = Math.random();
	const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	return medianMs * Math.exp(normal * spread);
}

let checkoutFailingUntil = 0;

const routes: Record<string, Route> = {
	'/payments/health'(_request, response) {
		later(jitter(18), () => sendJson(response, 200, {status: 'UP', version: '2.3.1', checks: {db: {status: 'ok'}, stripe: {status: 'ok'}}}));
	},
	'/search/health'(_request, response) {
		// Slow but answering: the index is rebuilding.
		later(jitter(1600, 0.1), () => sendJson(response, 200, {status: 'UP', version: '5.0.3', note: 'reindexing'}));
	},
	'/checkout/health'(_request, response) {
		// Flaps: a bad replica behind the load balancer fails for a few probes at a time.
		const now = Date.now();
		if (now >= checkoutFailingUntil && Math.random() < 0.12) {
			checkoutFailingUntil = now + 8000;
		}

		if (now < checkoutFailingUntil) {
			later(jitter(40), () => sendJson(response, 503, {status: 'DOWN', version: '3.9.0', checks: {redis: {status: 'timeout'}}}));
			return;
		}

		later(jitter(35), () => sendJson(response, 200, {status: 'UP', version: '3.9.0', checks: {redis: {status: 'ok'}}}));
	},
	'/accounts/health'(_request, response) {
		// "Deploys" 1.5.0 after a minute: the new version is noticeably slower.
		const isDeployed = Date.now() - startedAtMs >= deployAfterMs;
		const version = isDeployed ? '1.5.0' : '1.4.2';
		later(jitter(isDeployed ? 95 : 30), () => sendJson(response, 200, {status: 'UP', version}, {'x-app-version': version}));
	},
	'/jobs/invoice-sync'(_request, response) {
		// A background job endpoint whose last run failed.
		later(jitter(12), () => sendJson(response, 500, {
			status: 'FAILED',
			job: 'invoice-sync',
			error: 'consumer lag 48213 messages on queue invoices.v2',
			last_success: new Date(Date.now() - (26 * 3600 * 1000)).toISOString(),
		}));
	},
	'/jobs/nightly-report'(_request, response) {
		later(jitter(10), () => sendJson(response, 200, {
			status: 'OK',
			job: 'nightly-report',
			last_success: new Date(Date.now() - (5 * 3600 * 1000)).toISOString(),
		}));
	},
	'/notifications/health'(_request, response) {
		later(jitter(60), () => sendJson(response, 200, {status: 'UP', version: '0.9.12', checks: {smtp: {status: 'ok'}}}));
	},
};

const server = http.createServer((request, response) => {
	const path = (request.url ?? '/').split('?')[0] ?? '/';
	const route = routes[path];
	if (route === undefined) {
		sendJson(response, 404, {error: 'not found', path});
		return;
	}

	route(request, response);
});

let hasRetried = false;
server.on('error', (error: NodeJS.ErrnoException) => {
	// The usual port is taken (another demo, a test): any free port will do; uptop retargets the demo checks.
	if (error.code === 'EADDRINUSE' && !hasRetried) {
		hasRetried = true;
		server.listen(0, '127.0.0.1');
		return;
	}

	process.stderr.write(`demo fleet: cannot listen on 127.0.0.1:${port}: ${error.code ?? error.message}\n`);
	process.exit(1);
});

server.on('listening', () => {
	const address = server.address();
	const actualPort = typeof address === 'object' && address !== null ? address.port : port;
	process.stdout.write(`ready ${actualPort}\n`);
});
server.listen(port, '127.0.0.1');

// The parent (uptop) owns this process: go when it goes, even if it was killed without a chance to clean up.
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
	process.on(signal, () => {
		server.close();
		process.exit(0);
	});
}
