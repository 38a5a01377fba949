import {readFileSync, readlinkSync} from 'node:fs';

/** SIGHUP is signal 1: the lowest bit of the SigIgn mask in /proc/PID/status. */
const hangupBit = 1n;
/** The access mode bits of the `flags:` /proc/PID/fdinfo gives in octal; 1 is O_WRONLY. */
const accessModeMask = 0o3;
const writeOnly = 0o1;

/**
 * Whether whoever started uptop meant it to outlive its terminal: `nohup`, or a shell's `trap '' HUP`, ignore
 * SIGHUP and a program is to keep ignoring it. Node resets an ignored SIGHUP to the default before any script
 * runs, so the mask in /proc/self/status says so only where a runtime keeps it; nohup leaves a mark of its own,
 * though: the terminal it finds on stdin is swapped for /dev/null opened write-only, so that nothing reads the
 * keyboard of a session about to go (coreutils' and busybox's nohup alike; a shell's trap leaves none). On a
 * system without /proc, false: SIGHUP stops uptop, as it always did.
 */
export function isHangupIgnoredAtStart(proc = '/proc/self'): boolean {
	return isHangupMasked(proc) || isStdinNohupNull(proc);
}

function isHangupMasked(proc: string): boolean {
	try {
		const mask = /^SigIgn:\s*([\da-f]+)$/im.exec(readFileSync(`${proc}/status`, 'utf8'))?.[1];
		return mask !== undefined && (BigInt(`0x${mask}`) & hangupBit) !== 0n;
	} catch {
		return false;
	}
}

function isStdinNohupNull(proc: string): boolean {
	try {
		if (readlinkSync(`${proc}/fd/0`) !== '/dev/null') return false;
		const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`${proc}/fdinfo/0`, 'utf8'))?.[1];
		return flags !== undefined && (Number.parseInt(flags, 8) & accessModeMask) === writeOnly;
	} catch {
		return false;
	}
}
