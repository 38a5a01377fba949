import type {Reason} from './types.js';

/** EMFILE / ENFILE: uptop's own limit on open files, or the whole host's, not the target. */
export function openFilesReason(code: 'EMFILE' | 'ENFILE'): Reason {
	return code === 'EMFILE'
		? {code: 'local:files', message: 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'}
		: {code: 'local:files', message: 'this host has run out of open files (ENFILE, the system-wide limit)'};
}

/**
 * Whether a result's reason is uptop's own lack of descriptors: the probe never reached the target, so it
 * says nothing of the target (classifyState makes it `unknown`, never `failing`).
 */
export function isOutOfOpenFiles(reason: Reason | undefined): boolean {
	return reason?.code === 'local:files';
}

/**
 * EADDRNOTAVAIL from a connect is this host's problem, not the target's: no free local port for that address
 * and port (each connection a probe closes holds one in TIME_WAIT for a minute), or no local address on that
 * network. The message says so, so that nobody on call goes looking at the target's network.
 */
export function localAddressReason(target?: string): Reason {
	return {code: 'local:address', message: `this host has no free local port or address${target ? ` for ${target}` : ''} (EADDRNOTAVAIL)`};
}
