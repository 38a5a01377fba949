import type {MonitorHandle} from '../monitor/types.js';
import {followMarkers} from './follow-markers.js';
import {processWriterId, recordFromEvent} from './history-records.js';
import {openHistoryWriter, type HistoryWriter, type HistoryWriterOptions} from './history-store.js';
import {announceWatcher} from './watcher-presence.js';

export type ConnectHistoryOptions = Omit<HistoryWriterOptions, 'writerId'> & {
	readonly monitor: Pick<MonitorHandle, 'onEvent' | 'send'>;
	/** Default: this process's id. Two connections in one process (tests) need different ids. */
	readonly writerId?: string;
	/** A marker the engine emits within this long after one came in from the file is its echo. Default 10 s. */
	readonly echoWindowMs?: number;
	/**
	 * Markers of other processes that could not be read (follow-markers.ts): a reader's problem, not the writer's, so
	 * not onError, which speaks of the records written.
	 */
	readonly onFollowError?: (error: Error) => void;
};

export type HistoryConnection = {
	readonly writer: HistoryWriter;
	/** Flushes and stops following. */
	close(): void;
};

/**
 * Wires a running engine to its history file both ways: every result, state change and marker the engine
 * emits is appended, and markers other processes append (`uptop mark`, a second instance) are sent to the
 * engine as `mark` commands. The engine re-emits those as its own marker events; they are recognised as
 * echoes and not written again, otherwise two instances would bounce one marker between them forever.
 */
export function connectHistory(options: ConnectHistoryOptions): HistoryConnection {
	const {monitor, echoWindowMs = 10_000, onFollowError, ...writerOptions} = options;
	const writerId = options.writerId ?? processWriterId;
	const writer = openHistoryWriter({...writerOptions, writerId});
	const now = options.now ?? Date.now;
	const incoming: Array<{key: string; receivedAt: number}> = [];
	const keyOf = (marker: {label: string; source: string}) => `${marker.source}\u0000${marker.label}`;
	/** The version last written per check: only a change (or a first sighting) goes into the file. */
	const lastVersions = new Map<string, string>();

	const unsubscribe = monitor.onEvent(event => {
		if (event.type === 'marker') {
			const key = keyOf(event.marker);
			const index = incoming.findIndex(entry => entry.key === key && now() - entry.receivedAt <= echoWindowMs);
			if (index !== -1) {
				incoming.splice(index, 1);
				return;
			}
		}

		let version: string | undefined;
		if (event.type === 'result' && event.result.version !== undefined && lastVersions.get(event.id) !== event.result.version) {
			version = event.result.version;
			lastVersions.set(event.id, version);
		}

		writer.append(recordFromEvent(event, version));
	});
	const follower = followMarkers(options.file, marker => {
		incoming.push({key: keyOf(marker), receivedAt: now()});
		// A check named from the environment is stored under a hashed id: the engine knows it by its own.
		const checkId = marker.checkId === undefined ? undefined : writer.realId(marker.checkId);
		monitor.send({
			type: 'mark', label: marker.label, source: marker.source, at: marker.at, ...(checkId === undefined ? {} : {checkId, checkName: marker.checkName}),
			...(marker.answeredAt === undefined ? {} : {answeredAt: marker.answeredAt}),
		});
	}, {writerId, ...(onFollowError ? {onError: onFollowError} : {})});
	// After the follower, which makes the directory: from here on `uptop mark` knows a running uptop reads the file.
	const presence = announceWatcher(options.file);

	return {
		writer,
		close() {
			follower.close();
			unsubscribe();
			writer.close();
			presence.close();
		},
	};
}
