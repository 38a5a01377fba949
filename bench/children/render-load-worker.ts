/** Render load as `uptop FILE` runs it: probes and their timestamps in the engine's worker (dist/worker.js), started after the first frame. */
import {pathToFileURL} from 'node:url';
import {createRemoteMonitor} from '../../source/monitor/remote-monitor.js';
import {runRenderLoad, type LoadPlan} from './render-load-core.js';

const plan = JSON.parse(process.argv[2]!) as LoadPlan & {workerFile: string; probeModule?: string};
await runRenderLoad(plan, checks => createRemoteMonitor({checks, workerUrl: pathToFileURL(plan.workerFile), isDeferred: true, ...(plan.probeModule ? {probeModule: pathToFileURL(plan.probeModule).href} : {})}));
