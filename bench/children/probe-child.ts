/**
 * uptop's http probe in a process of its own with nothing else to do (the "idle" latency figure).
 * IPC {type:'probe', url, keepAlive} → {type:'probed', latencyMs, startedAt, outcome}.
 */
import {probe} from '../../source/probes/http.js';
import {httpCheck} from '../lib/checks.js';

let count = 0;
process.on('message', async (message: {type?: string; url?: string; keepAlive?: boolean}) => {
	if (message.type !== 'probe' || message.url === undefined) return;
	count++;
	// A fresh id per probe means a fresh agent (as the engine does without keep-alive); keep-alive reuses one.
	const check = httpCheck(message.keepAlive ? 'latency-keep-alive' : `latency-${count}`, message.url, {keepAlive: message.keepAlive ?? false});
	const result = await probe(check, AbortSignal.timeout(5000));
	process.send?.({type: 'probed', latencyMs: result.latencyMs, startedAt: result.startedAt, outcome: result.outcome, summary: result.summary});
});
process.on('disconnect', () => process.exit(0));
process.send?.({type: 'ready'});
