import {spawnSync} from 'node:child_process';
import process from 'node:process';

/** The shell line that gives a new network namespace its loopback and `$1`–`$2` as its local ports, then runs the rest. */
const setUp = 'ip link set lo up && echo "$1 $2" > /proc/sys/net/ipv4/ip_local_port_range && shift 2 && exec "$@"';

/**
 * The argv that runs `argv` in a network namespace of its own, on its own loopback, whose outgoing connections may
 * use the local ports `first` to `last` only: a host really out of local ports (connect says EADDRNOTAVAIL) for
 * that process and its children alone, the machine's own range untouched. A server it reaches must run inside too.
 */
export function withFewLocalPorts(first: number, last: number, argv: readonly string[]): string[] {
	return ['unshare', '-n', 'sh', '-c', setUp, 'sh', String(first), String(last), ...argv];
}

/**
 * Whether withFewLocalPorts(first, last, …) works here: it needs root (or CAP_SYS_ADMIN), `unshare` and `ip` (iproute2). Without
 * them the tests are skipped and the reason printed; with CI=true that is an error, as CI runs them as root (.ci/run).
 */
export function canNarrowLocalPorts(first: number, last: number): boolean {
	const [command, ...args] = withFewLocalPorts(first, last, ['true']);
	const run = spawnSync(command!, args, {encoding: 'utf8', timeout: 10_000});
	if (run.status === 0) return true;
	const why = `a network namespace with few local ports could not be made: ${(run.stderr || run.error?.message || `exit ${run.status}`).trim()}`;
	if (process.env.CI === 'true') {
		throw new Error(`the local-port tests are required in CI, but ${why}`);
	}

	console.warn(`[skip] local-port tests: ${why} (they need root, unshare and ip)`);
	return false;
}
