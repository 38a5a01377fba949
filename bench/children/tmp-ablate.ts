import {fork} from 'node:child_process';
import {probeCheck} from '../../source/probes/index.js';
import {httpCheck} from '../lib/checks.js';
import {Client} from 'undici';
import {timedConnector} from '../../source/probes/http/connector.js';
import {openSession} from '../../source/probes/http/agents.js';
import {exchange} from '../../source/probes/http/exchange.js';
const shared = Object.assign(new Error('x'), {stack: 'x'});
const dir = '/work/main/node_modules/.cache/uptop-bench/';
const server = fork(dir + 'bench-server.mjs');
const port = await new Promise<number>(r => server.on('message', (m: any) => m.type === 'listening' && r(m.port)));
const N = 2000;
let done = 0;
const checks = Array.from({length: N}, (_, i) => httpCheck(`c${i}`, `http://127.0.0.1:${port}/ok/${i}`));
const mode = process.argv[2] ?? 'plain';
function once(i: number) {
	const origin = `http://127.0.0.1:${port}`;
	const handler = (c: Client) => ({onRequestStart() {}, onResponseStart() {}, onResponseData() {}, onResponseEnd() { done++; void c.destroy(shared).catch(() => {}); }, onResponseError() {}});
	if (mode === 'bare') { const c = new Client(origin, {pipelining: 1}); c.dispatch({path: `/ok/${i}`, method: 'GET', origin}, handler(c) as any); return; }
	if (mode === 'conn') { const c = new Client(origin, {pipelining: 1, connect: timedConnector({timeoutMs: 6000, insecure: false}, () => ({phase: 'connect', signal: new AbortController().signal}))}); c.dispatch({path: `/ok/${i}`, method: 'GET', origin}, handler(c) as any); return; }
	if (mode === 'exchange') { const ac = new AbortController(); const session = openSession({checkId: 'x', keepAlive: false, timeoutMs: 5000, insecure: false}); const trace = {phase: 'connect' as const, signal: ac.signal}; session.trace = trace; void exchange(session.dispatcher, {url: new URL(checks[i]!.kind === 'http' ? checks[i]!.url : ''), method: 'GET', headers: {'user-agent': 'uptop', accept: '*/*'}}, trace, () => ({mode: 'full', maxBytes: 1 << 20})).then(h => { if (h.kind === 'response') done++; session.release(); }); return; }
	if (mode === 'exraw') { const ac = new AbortController(); const trace = {phase: 'connect' as const, signal: ac.signal}; const c = new Client(origin, {pipelining: 1, connect: timedConnector({timeoutMs: 6000, insecure: false}, () => trace)}); void exchange(c, {url: new URL(checks[i]!.kind === 'http' ? checks[i]!.url : ''), method: 'GET', headers: {'user-agent': 'uptop', accept: '*/*'}}, trace, () => ({mode: 'full', maxBytes: 1 << 20})).then(h => { if (h.kind === 'response') done++; void c.destroy(shared).catch(() => {}); }); return; }
	const controller = new AbortController();
	const timer = mode === 'timer' ? setTimeout(() => controller.abort(), 5000) : undefined;
	void probeCheck(checks[i]!, controller.signal).then(r => { if (r.outcome === 'up') done++; if (timer) clearTimeout(timer); });
}
for (let i = 0; i < N; i++) setTimeout(function tick() { once(i); setTimeout(tick, 1000); }, i * 1000 / N);
await new Promise(r => setTimeout(r, 2000));
const c0 = process.cpuUsage(); const t0 = performance.now(); const d0 = done;
await new Promise(r => setTimeout(r, 8000));
const c = process.cpuUsage(c0); const w = performance.now() - t0;
console.log(`probeCheck only (${mode}): ${((done - d0) / w * 1000).toFixed(0)}/s cpu ${((c.user + c.system) / 10 / w).toFixed(1)}% (user ${(c.user / 10 / w).toFixed(1)} sys ${(c.system / 10 / w).toFixed(1)})`);
server.kill(); process.exit(0);
