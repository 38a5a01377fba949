import type {SignalExit, StopSignal} from '../runtime/process-exit.js';

function stoppedExit(signal: StopSignal, when: string): SignalExit {
	const isInterrupt = signal === 'SIGINT';
	return {code: isInterrupt ? 130 : 3, message: `uptop: stopped by ${signal} ${when}; no result${isInterrupt ? '' : ' (UNKNOWN)'}`};
}

/**
 * A signal in the middle of `--once` leaves checks without a result: never the 0 that says "all up" to a Nagios
 * or CI caller. SIGTERM and SIGHUP give 3 (UNKNOWN); SIGINT keeps the shell's 130.
 */
export function onceSignalExit(signal: StopSignal): SignalExit {
	return stoppedExit(signal, 'before every check finished');
}

/** As onceSignalExit, for `--once --wait`: a deploy script stopped during the wait learns nothing about its rollout. */
export function onceWaitSignalExit(signal: StopSignal): SignalExit {
	return stoppedExit(signal, 'while waiting for every check to be up');
}
