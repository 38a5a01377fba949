/** Render load with the engine and its probes on the UI thread (no worker): what the worker is there to avoid. */
import {createMonitor} from '../../source/monitor/monitor.js';
import {probeCheck} from '../../source/probes/index.js';
import {runRenderLoad, type LoadPlan} from './render-load-core.js';

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
await runRenderLoad(plan, checks => createMonitor({checks, probe: probeCheck}));
