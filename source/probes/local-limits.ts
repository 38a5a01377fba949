import {closeSync, openSync} from 'node:fs';
import {devNull} from 'node:os';
import type {Reason} from './types.js';

/** EMFILE / ENFILE: uptop's own limit on open files, or the whole host's, not the target. */
export function openFilesReason(code: 'EMFILE' | 'ENFILE'): Reason {
	return code === 'EMFILE'
		? {code: 'local:files', message: 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'}
		: {code: 'local:files', message: 'this host has run out of open files (ENFILE, the system-wide limit)'};
}

/**
 * The `local:files` reason when uptop cannot open a descriptor now, else undefined. For the errors a name lookup
 * gives when it could not open the socket or file it needed, which do not say so: c-ares says ECONNREFUSED, as if
 * the DNS server had refused, and getaddrinfo, when it could not read /etc/nsswitch.conf, says ENOTFOUND, as if the
 * name did not exist. Opening the null device and closing it again tells them apart, for two system calls on the
 * error path only. A descriptor freed in between makes it read as the lookup's own error; the next probe tells.
 */
export function openFilesShortage(): Reason | undefined {
	try {
		closeSync(openSync(devNull, 'r'));
		return undefined;
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		return code === 'EMFILE' || code === 'ENFILE' ? openFilesReason(code) : undefined;
	}
}

/**
 * Whether a result's reason is a limit of uptop's own host: no descriptor (`local:files`), no free local port or
 * address (`local:address`). The probe never reached the target, so it says nothing of the target (classifyState
 * makes it `unknown`, never `failing`).
 */
export function isLocalLimit(reason: Reason | undefined): boolean {
	return reason?.code === 'local:files' || reason?.code === 'local:address';
}

/**
 * EADDRNOTAVAIL from a connect is this host's problem, not the target's: no free local port for that address
 * and port (each connection a probe closes holds one in TIME_WAIT for a minute), or no local address on that
 * network. The message says so, so that nobody on call goes looking at the target's network.
 */
export function localAddressReason(target?: string): Reason {
	return {code: 'local:address', message: `this host has no free local port or address${target ? ` for ${target}` : ''} (EADDRNOTAVAIL)`};
}
