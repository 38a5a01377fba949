import {isIP, type Socket} from 'node:net';

/**
 * Calls `start` when the socket makes its connect system call, if `host` is an address: that, not the
 * probe's call, is when the target's time starts. Building the socket before it is Node's work, ~0.1 ms
 * here, over a third of a loopback connect. A name's lookup is the target's time, so names keep their clock.
 */
export function onConnectionAttempt(socket: Socket, host: string, start: (at: number) => void): void {
	if (isIP(host) !== 0) {
		socket.once('connectionAttempt', () => {
			start(performance.now());
		});
	}
}
