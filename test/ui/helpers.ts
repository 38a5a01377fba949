import type {HttpCheck} from '../../source/config/types.js';
import {applyResult, createRow, seedTransitions, viewRow} from '../../source/monitor/check-row.js';
import type {CheckView, MonitorCommand, MonitorEvent, MonitorHandle, Snapshot, State} from '../../source/monitor/types.js';

export const baseAt = Date.UTC(2026, 10, 25, 12, 0, 0);

export function makeCheck(overrides: Partial<HttpCheck> = {}): HttpCheck {
	const id = overrides.id ?? overrides.name?.replaceAll(' ', '-') ?? 'check';
	return {
		id,
		name: id,
		kind: 'http',
		intervalMs: 10_000,
		timeoutMs: 5000,
		slowMs: 1000,
		retries: 0,
		secrets: [],
		expectSummary: 'status 200',
		url: 'http://127.0.0.1:8000/health',
		method: 'GET',
		headers: {},
		expect: {status: [{min: 200, max: 200}], maxBytes: 1_048_576},
		maxRedirects: 5,
		insecure: false,
		keepAlive: false,
		...overrides,
	};
}

export type RowInput = {
	readonly name: string;
	readonly state?: State;
	readonly group?: string;
	readonly owner?: string;
	readonly latencyMs?: number;
	readonly check?: Partial<HttpCheck>;
	readonly view?: Partial<CheckView>;
};

/** A check row as the engine would publish it, from a few fields. */
export function makeRow(input: RowInput): CheckView {
	const state = input.state ?? 'up';
	const check = makeCheck({name: input.name, id: input.name.replaceAll(' ', '-'), group: input.group, owner: input.owner, ...input.check});
	const latencyMs = input.latencyMs ?? 40;
	const isPending = state === 'pending';
	return {
		id: check.id,
		checkId: check.id,
		check,
		state,
		last: isPending
			? undefined
			: {
				outcome: state === 'failing' ? 'failing' : state === 'warn' ? 'warn' : 'up',
				latencyMs,
				startedAt: baseAt - 1000,
				summary: state === 'failing' ? '503 Service Unavailable' : '200 OK · 12 B',
				status: state === 'failing' ? 503 : 200,
				reason: state === 'failing' ? {code: 'expect:status', message: 'status 503, expected 200'} : undefined,
			},
		recentLatencyMs: isPending ? [] : [latencyMs * 0.5, latencyMs, latencyMs * 2, latencyMs],
		recentStates: isPending ? [] : ['up', state, 'up', state],
		p95Ms: isPending ? undefined : latencyMs * 2,
		p50Ms: isPending ? undefined : latencyMs,
		uptime: isPending ? undefined : state === 'failing' ? 0.5 : 1,
		samples: isPending ? 0 : 4,
		history: [],
		transitions: [],
		isRunning: false,
		...input.view,
	};
}

/**
 * What the engine publishes of a check's state changes (check-row.ts, its bounded list included) when its first
 * result, at `upAt`, was up and it changed state at each of `changeAts`, alternating failing and up. `earlier`:
 * an earlier run's changes, oldest first, as the history file gives them at a restart.
 */
export function engineChanges(check: HttpCheck, upAt: number, changeAts: readonly number[], earlier: ReadonlyArray<{at: number; from: State; to: State}> = []): Pick<CheckView, 'state' | 'since' | 'transitions' | 'transitionsCut' | 'transitionsDropped' | 'cutRun' | 'firstChange' | 'droppedBeforeFirstChange'> {
	const row = createRow(check.id, upAt, 100);
	if (earlier.length > 0) seedTransitions(row, check, earlier);
	const apply = (outcome: 'up' | 'failing', at: number) => applyResult(row, check, {
		outcome, latencyMs: 40, startedAt: at, summary: outcome === 'up' ? '200 OK' : '503 Service Unavailable',
		...(outcome === 'up' ? {} : {status: 503, reason: {code: 'expect:status', message: 'status 503, expected 200'}}),
	}, at);
	apply('up', upAt);
	for (const [index, at] of changeAts.entries()) apply(index % 2 === 0 ? 'failing' : 'up', at);
	const {state, since, transitions, transitionsCut, transitionsDropped, cutRun, firstChange, droppedBeforeFirstChange} = viewRow(row, {checkId: check.id, check, isRunning: false}, changeAts.at(-1) ?? upAt);
	return {state, since, transitions, ...(transitionsCut ? {transitionsCut, transitionsDropped} : {}), ...(cutRun ? {cutRun} : {}), ...(firstChange ? {firstChange} : {}), ...(droppedBeforeFirstChange ? {droppedBeforeFirstChange} : {})};
}

export function makeSnapshot(rows: ReadonlyArray<RowInput | CheckView>, extra: Partial<Snapshot> = {}): Snapshot {
	const views = rows.map(row => ('check' in row && 'id' in row ? (row as CheckView) : makeRow(row as RowInput)));
	const counts: Record<State, number> = {pending: 0, up: 0, slow: 0, warn: 0, failing: 0, unknown: 0};
	for (const view of views) {
		counts[view.state]++;
	}

	return {at: baseAt, rows: views, counts, isPaused: false, markers: [], sequence: 1, ...extra};
}

/** The engine boundary, in memory: records commands, lets a test publish snapshots. */
export class FakeMonitor implements MonitorHandle {
	readonly sent: MonitorCommand[] = [];
	private snapshot: Snapshot;
	private readonly listeners = new Set<(snapshot: Snapshot) => void>();
	private readonly eventListeners = new Set<(event: MonitorEvent) => void>();

	constructor(snapshot: Snapshot) {
		this.snapshot = snapshot;
	}

	getSnapshot = (): Snapshot => this.snapshot;

	subscribe = (listener: (snapshot: Snapshot) => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	onEvent = (listener: (event: MonitorEvent) => void): (() => void) => {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	};

	send = (command: MonitorCommand): void => {
		this.sent.push(command);
	};

	stop = async (): Promise<void> => undefined;

	publish(snapshot: Snapshot): void {
		this.snapshot = {...snapshot, sequence: this.snapshot.sequence + 1};
		for (const listener of this.listeners) {
			listener(this.snapshot);
		}
	}

	emit(event: MonitorEvent): void {
		for (const listener of this.eventListeners) {
			listener(event);
		}
	}
}

/** Lets Ink handle input written to stdin and commit the re-render. */
export async function tick(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

// eslint-disable-next-line no-control-regex
const sgr = /\u001B\[[\d;]*m/g;

export function stripStyles(text: string): string {
	return text.replace(sgr, '');
}
