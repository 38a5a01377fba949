import {parentPort, workerData} from 'node:worker_threads';
import {toLoaded} from './loaded-config.js';
import type {ConfigThreadData} from './load-in-thread.js';
import {loadWatched} from './watched-load.js';

// The thread a changed config is loaded in (load-in-thread.ts): parsing and checking 2,000 checks takes the
// better part of a second, which on the screen's thread held every frame and key that long. One load, one answer.
if (parentPort === null) throw new Error('uptop: config-thread.js must be started as a worker thread');
const {file, env} = workerData as ConfigThreadData;
parentPort.postMessage(toLoaded(loadWatched(file, env)));
