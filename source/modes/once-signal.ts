import type {SignalExit, StopSignal} from '../runtime/process-exit.js';

/**
 * A signal in the middle of `--once` leaves checks without a result: never the 0 that says "all up" to a Nagios
 * or CI caller. SIGTERM and SIGHUP give 3 (UNKNOWN); SIGINT keeps the shell's 130.
 */
export function onceSignalExit(signal: StopSignal): SignalExit {
	const isInterrupt = signal === 'SIGINT';
	return {code: isInterrupt ? 130 : 3, message: `uptop: stopped by ${signal} before every check finished; no result${isInterrupt ? '' : ' (UNKNOWN)'}`};
}
