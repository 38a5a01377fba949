import fs from 'node:fs';
import {userInfo} from 'node:os';
import path from 'node:path';
import type {Marker, MonitorEvent, State} from '../monitor/types.js';
import type {Reason} from '../probes/types.js';
import {isHashedId} from './hashed-ids.js';
import {sha256Hex} from './sha256-hex.js';
import {hasLiveWatcher} from './watcher-presence.js';

/*
 * One line of the history file. Short keys because a busy config writes one result line per probe.
 * `w` names the process that wrote the line, so a follower can skip its own markers.
 */
export type ResultRecord = {
	readonly t: 'r';
	readonly w?: string;
	readonly at: number;
	readonly id: string;
	readonly state: State;
	readonly latencyMs: number;
	readonly reason?: Reason;
	/**
	 * The deployed version this result read (`version:`), written when it differs from the last one this process
	 * wrote for the check, its first result included: a restart then knows what was deployed before it.
	 */
	readonly v?: string;
};

export type StateRecord = {
	readonly t: 's';
	readonly w?: string;
	readonly at: number;
	readonly id: string;
	readonly from: State;
	readonly to: State;
	readonly reason?: Reason;
	/** The first result after a reload changed the check made this change (Transition.afterReload). */
	readonly afterReload?: true;
	/**
	 * How much of the time the state it left had held no uptop was running (Transition.unwatchedMs, a restart that
	 * continued the state): the report says it as the plain line did, "(22s of it while uptop was stopped)".
	 */
	readonly unwatchedMs?: number;
};

export type MarkerRecord = {
	readonly t: 'm';
	readonly w?: string;
	readonly at: number;
	readonly label: string;
	readonly checkId?: string;
	readonly source: Marker['source'];
	/** Marker.isSettled. */
	readonly settled?: true;
	/** Marker.answeredAt: a version marker placed back at its restart's outage, when the new version first answered. */
	readonly answeredAt?: number;
};

/** A check's last version, kept when compaction drops the result line that carried it (history-compact.ts). */
export type VersionRecord = {
	readonly t: 'v';
	readonly w?: string;
	readonly at: number;
	readonly id: string;
	readonly v: string;
};

/**
 * A check's version judged not to be one (monitor/version-noise.ts): the report says so, and a restart that reads
 * the version from the same place (`source`) goes on ignoring it instead of marking it all over again.
 */
export type IgnoredVersionRecord = {
	readonly t: 'n';
	readonly w?: string;
	readonly at: number;
	readonly id: string;
	readonly values: readonly string[];
	readonly spanMs: number;
	readonly source: string;
};

/**
 * A stretch whose records this writer could not write (a full disk, out of open files), written with the first batch
 * that worked (`at`, the gap's end): a report made from the file later says it, as the --report made at exit did.
 * An uptop from before this record skips it as a line it cannot read.
 */
export type GapRecord = {
	readonly t: 'g';
	readonly w?: string;
	readonly at: number;
	readonly from: number;
	/** Why, in the words of history-problem.ts shortHistoryProblem: "disk full", "out of inodes". */
	readonly why: string;
	/**
	 * Lines this writer left torn in the gap (a batch cut off where the disk filled): they are right before this record,
	 * and a reader counts them as the gap's, not as lines it cannot read (history-load.ts).
	 */
	readonly torn?: number;
};

export type HistoryRecord = ResultRecord | StateRecord | MarkerRecord | VersionRecord | IgnoredVersionRecord | GapRecord;

/**
 * Identifies this process's lines in a shared history file. The pid tells live processes apart; the random part
 * only guards against a reused pid, so Math.random does (node:crypto would cost every start ~8 ms).
 */
export const processWriterId = `${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')}`;

const states = new Set<string>(['pending', 'up', 'slow', 'warn', 'failing', 'unknown']);
/** Longer than any version a probe keeps (they are cut to 64): a line with more was not written by uptop. */
const maxVersionLength = 200;
const markerSources = new Set<string>(['version', 'key', 'command']);

/**
 * No home directory to keep the history in under `~/.local/state`: HOME empty or relative (`env HOME= uptop`), and
 * none in the password database (a uid a container gives no entry). path.join would make it the current directory.
 */
export class NoHomeError extends Error {
	constructor(home: string | undefined) {
		const user = process.getuid?.() ?? 'this user';
		const what = home === undefined ? 'HOME is not set' : home === '' ? 'HOME is empty' : `HOME is ${JSON.stringify(home)}, not an absolute path`;
		super(`no home directory to keep the history in (${what}, and user ${user} has none in the password database); give --state-dir DIR, or set HOME or XDG_STATE_HOME to an absolute path`);
		this.name = 'NoHomeError';
	}
}

/**
 * The home directory: HOME when it is an absolute path, else the user's from the password database, as for an
 * unset HOME. os.homedir() returns an empty HOME as it is, and throws for a uid with no entry.
 */
function homeDirectory(): string {
	const home = process.env['HOME'];
	if (home !== undefined && path.isAbsolute(home)) return home;
	try {
		const own = userInfo().homedir;
		if (path.isAbsolute(own)) return own;
	} catch {
		// No entry for this uid.
	}

	throw new NoHomeError(home);
}

/**
 * Where history lives: `stateDir` when given (`--state-dir`), else `$XDG_STATE_HOME/uptop` (only when it
 * is an absolute path, as the XDG spec requires), else `~/.local/state/uptop`. Throws NoHomeError when it
 * comes to the home directory and there is none.
 */
export function resolveStateDir(options: {stateDir?: string; env?: NodeJS.ProcessEnv} = {}): string {
	if (options.stateDir !== undefined && options.stateDir !== '') {
		return path.resolve(options.stateDir);
	}

	const xdg = (options.env ?? process.env)['XDG_STATE_HOME'];
	if (xdg !== undefined && path.isAbsolute(xdg)) {
		return path.join(xdg, 'uptop');
	}

	return path.join(homeDirectory(), '.local', 'state', 'uptop');
}

/** The history file named for `keyedOn`, a config's absolute path: a readable slug of its name plus a hash of it. */
export function historyFileNamed(keyedOn: string, stateDir: string): string {
	const hash = sha256Hex(keyedOn).slice(0, 12);
	const base = path.basename(keyedOn).replace(/\.ya?ml$/i, '');
	const slug = base.toLowerCase().replaceAll(/[^a-z\d]+/g, '-').replaceAll(/^-+|-+$/g, '').slice(0, 40) || 'config';
	return path.join(stateDir, `${slug}-${hash}.jsonl`);
}

/**
 * A config's history file, the absolute path it is keyed on, and the file that path leads to when a symlink is on
 * it (`uptop mark` names them when no uptop reads the history).
 */
export type HistoryPlace = {readonly file: string; readonly keyedOn: string; readonly realPath: string};

/**
 * One file per config, keyed on the config's absolute path as given: a release layout's
 * `/srv/uptop/current/checks.yaml` keeps its one history while `current` moves from release to release (a key on
 * the real path would start a new one at each deploy, and a deploy script's marker would reach no running uptop).
 * For `uptop mark` and `uptop report`, when there is no history under that path but there is one under the real
 * path it leads to (an uptop watching the file by its real name, a marker added through a symlink to it), that
 * history is the one: a marker must reach the uptop watching through the other name.
 */
export function historyPlaceFor(configPath: string, options: HistoryPlaceOptions = {}): HistoryPlace {
	const absolute = path.resolve(configPath);
	let realPath = absolute;
	try {
		realPath = fs.realpathSync(absolute);
	} catch {
		// Missing, or a part of its path unreadable: its absolute path is all there is to key on.
	}

	const stateDir = resolveStateDir(options);
	const file = historyFileNamed(absolute, stateDir);
	if (realPath === absolute || options.isWatcher === true || isInUse(file)) return {file, keyedOn: absolute, realPath};
	const reached = historyFileNamed(realPath, stateDir);
	return isInUse(reached) ? {file: reached, keyedOn: realPath, realPath} : {file, keyedOn: absolute, realPath};
}

export type HistoryPlaceOptions = {
	readonly stateDir?: string;
	readonly env?: NodeJS.ProcessEnv;
	/**
	 * For the uptop that watches and writes: always the path as given. Were it to take the real path's history, a
	 * release layout's `current` moved to the next release would lead `uptop mark` through `current` to neither
	 * (the real path is another now), and the marker would reach no running uptop.
	 */
	readonly isWatcher?: boolean;
};

/** A history that has been written, or that an uptop started a moment ago follows before its first write. */
const isInUse = (file: string): boolean => fs.existsSync(file) || hasLiveWatcher(file);

export function historyFileFor(configPath: string, options: HistoryPlaceOptions = {}): string {
	return historyPlaceFor(configPath, options).file;
}

/** Turns an engine event into the record to append; `version` goes on a result when the caller says it is new. */
export function recordFromEvent(event: MonitorEvent, version?: string): HistoryRecord {
	switch (event.type) {
		case 'result': {
			const reason = event.result.reason;
			return {t: 'r', at: event.at, id: event.id, state: event.state, latencyMs: Math.round(event.result.latencyMs * 10) / 10, ...(reason ? {reason} : {}), ...(version === undefined ? {} : {v: version})};
		}

		case 'state': {
			const unwatchedMs = Math.round(event.unwatchedMs ?? 0);
			return {t: 's', at: event.at, id: event.id, from: event.from, to: event.to, ...(event.reason ? {reason: event.reason} : {}), ...(event.afterReload ? {afterReload: true} : {}), ...(unwatchedMs > 0 ? {unwatchedMs} : {})};
		}

		case 'marker': {
			const {marker} = event;
			return {t: 'm', at: marker.at, label: marker.label, source: marker.source, ...(marker.checkId === undefined ? {} : {checkId: marker.checkId}), ...(marker.isSettled ? {settled: true} : {}), ...(marker.answeredAt === undefined ? {} : {answeredAt: marker.answeredAt})};
		}

		case 'versionIgnored': {
			const {values, spanMs, source} = event.ignored;
			return {t: 'n', at: event.at, id: event.id, values: [...values], spanMs, source};
		}
	}
}

/** A check's latest version, by time, and the line that said it. */
export type LatestVersion = {readonly at: number; readonly version: string; readonly line?: string};

/**
 * Keeps in `latest` each check's newest version among the records seen: a result's `v` or a version record.
 * Lines are only roughly in time order (instances flush in batches), so the latest by time wins.
 */
export function noteVersion(latest: Map<string, LatestVersion>, record: HistoryRecord, line?: string): void {
	if ((record.t !== 'r' && record.t !== 'v') || record.v === undefined) return;
	if ((latest.get(record.id)?.at ?? Number.NEGATIVE_INFINITY) <= record.at) latest.set(record.id, {at: record.at, version: record.v, ...(line === undefined ? {} : {line})});
}

/** A version marker's answeredAt as a record holds it: after the marker, or the record was written by something else. */
function isAnsweredAt(record: MarkerRecord): record is MarkerRecord & {readonly answeredAt: number} {
	return record.source === 'version' && typeof record.answeredAt === 'number' && Number.isFinite(record.answeredAt) && record.answeredAt > record.at;
}

export function markerFromRecord(record: MarkerRecord): Marker {
	if (record.checkId === undefined) return {at: record.at, label: record.label, source: record.source};
	// A check whose name holds a secret is stored under a hashed id (hashed-ids.ts): no name to show until it is mapped
	// back (real-ids.ts). Any other id is the name as written, and as shown.
	return {
		at: record.at, label: record.label, source: record.source, checkId: record.checkId, ...(isHashedId(record.checkId) ? {} : {checkName: record.checkId}),
		...(record.settled === true && record.source === 'version' ? {isSettled: true as const} : {}),
		...(isAnsweredAt(record) ? {answeredAt: record.answeredAt} : {}),
	};
}

function isReason(value: unknown): value is Reason {
	return typeof value === 'object' && value !== null
		&& typeof (value as Reason).code === 'string' && typeof (value as Reason).message === 'string';
}

/** Parses one line; anything torn, foreign or malformed gives undefined (the caller skips it). */
export function parseHistoryLine(line: string): HistoryRecord | undefined {
	if (line.length === 0 || line[0] !== '{') {
		return undefined;
	}

	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}

	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const record = value as Record<string, unknown>;
	if (typeof record['at'] !== 'number' || !Number.isFinite(record['at'])) {
		return undefined;
	}

	if (record['w'] !== undefined && typeof record['w'] !== 'string') {
		return undefined;
	}

	if (record['reason'] !== undefined && !isReason(record['reason'])) {
		return undefined;
	}

	switch (record['t']) {
		case 'r': {
			return typeof record['id'] === 'string' && states.has(record['state'] as string) && typeof record['latencyMs'] === 'number'
				&& (record['v'] === undefined || (typeof record['v'] === 'string' && record['v'].length <= maxVersionLength))
				? value as ResultRecord : undefined;
		}

		case 's': {
			return typeof record['id'] === 'string' && states.has(record['from'] as string) && states.has(record['to'] as string)
				? value as StateRecord : undefined;
		}

		case 'v': {
			return typeof record['id'] === 'string' && typeof record['v'] === 'string' && record['v'].length <= maxVersionLength ? value as VersionRecord : undefined;
		}

		case 'n': {
			const values = record['values'];
			return typeof record['id'] === 'string' && typeof record['spanMs'] === 'number' && Number.isFinite(record['spanMs'])
				&& typeof record['source'] === 'string' && record['source'].length <= maxVersionLength
				&& Array.isArray(values) && values.length <= 10 && values.every(value => typeof value === 'string' && value.length <= maxVersionLength)
				? value as IgnoredVersionRecord : undefined;
		}

		case 'g': {
			return typeof record['from'] === 'number' && Number.isFinite(record['from']) && record['from'] <= record['at']
				&& typeof record['why'] === 'string' && record['why'].length <= maxVersionLength
				&& (record['torn'] === undefined || (Number.isSafeInteger(record['torn']) && (record['torn'] as number) > 0))
				? value as GapRecord : undefined;
		}

		case 'm': {
			return typeof record['label'] === 'string' && markerSources.has(record['source'] as string)
				&& (record['checkId'] === undefined || typeof record['checkId'] === 'string')
				? value as MarkerRecord : undefined;
		}

		default: {
			return undefined;
		}
	}
}
