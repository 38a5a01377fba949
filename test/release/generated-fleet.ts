import type {State} from '../../source/monitor/types.js';
import {mulberry32} from './random.js';

export type FleetOptions = {
	readonly checks: number;
	readonly resultsPerCheck: number;
	/** Epoch ms of the first result. */
	readonly startAt: number;
	readonly seed?: number;
};

export type GeneratedFleet = {
	/** A config of `checks` http checks probed every second. */
	readonly configYaml: string;
	/** The history file's lines, in the order writers would flush them (roughly by time). */
	readonly lines: readonly string[];
	/** A minute after the last record. */
	readonly now: number;
	/** The deploy marker's label, every check compared around it with `--since`. */
	readonly deployLabel: string;
};

const name = (index: number) => `c${String(index).padStart(4, '0')}`;

/**
 * A history of a big fleet with what a report has to say something of for each check (probed every second): an
 * uptop (writer A) for the first 45 % of the results, a minute with none running, then writer B without every 7th
 * check (`--only`), writer C beside it for every 50th; a deploy marker at 60 %, version changes and a check's own
 * marker; failing periods after the deploy, one still open, a flapping check, warn and unknown results, fanned-out
 * checks (every 10th, as `id/eu` and `id/us`), state changes with `unwatchedMs` and `afterReload`, and a gap a writer
 * could not write. Seeded: the same options give the same lines.
 */
export function generatedFleet(options: FleetOptions): GeneratedFleet {
	const random = mulberry32(options.seed ?? 7);
	const count = options.resultsPerCheck;
	const restartIndex = Math.floor(count * 0.45);
	const deployIndex = Math.floor(count * 0.6);
	const pauseMs = 60_000;
	const atOf = (index: number) => options.startAt + index * 1000 + (index >= restartIndex ? pauseMs : 0);
	const deployAt = atOf(deployIndex) - 500;
	const deployLabel = 'helm upgrade fleet 2.0';
	const lines: string[] = [];
	const write = (record: Record<string, unknown>) => lines.push(JSON.stringify(record));
	const refused = {code: 'refused', message: 'connection refused: http://127.0.0.1:9/*health*'};
	const timeout = {code: 'timeout', message: 'no answer in 500 ms'};

	const rows: Array<{readonly id: string; readonly check: number}> = [];
	for (let check = 0; check < options.checks; check++) {
		if (check % 10 === 9) rows.push({id: `${name(check)}/eu`, check}, {id: `${name(check)}/us`, check});
		else rows.push({id: name(check), check});
	}

	/** What row `rowIndex` is at result `index`: a scenario by its check, so each kind recurs across the fleet. */
	const stateOf = (rowIndex: number, check: number, index: number): State => {
		const after = index - deployIndex;
		switch (check % 6) {
			case 1: {
				return after >= 3 + (rowIndex % 5) && after < 9 + (rowIndex % 11) ? 'failing' : 'up';
			}

			case 2: {
				return after >= count - deployIndex - 6 ? 'failing' : 'up';
			}

			case 3: {
				return after > 0 && after % 4 === 0 ? 'failing' : 'up';
			}

			case 4: {
				return index >= count - 3 ? 'warn' : index % 17 === 0 ? 'slow' : 'up';
			}

			case 5: {
				return index % 9 === 0 ? 'unknown' : 'up';
			}

			default: {
				return 'up';
			}
		}
	};

	const previous = new Map<string, {state: State; writer: string}>();
	for (let index = 0; index < count; index++) {
		const at = atOf(index);
		if (index === deployIndex) {
			write({t: 'm', at: deployAt, label: deployLabel, source: 'command', w: 'M'});
		}

		if (index === deployIndex + 20) {
			for (let check = 0; check < options.checks; check += 5) {
				write({t: 'm', at: at - 200, label: `${name(check)} 1.2.${check} → 1.3.${check}`, checkId: name(check), source: 'version', w: 'B'});
			}
		}

		if (index === Math.floor(count * 0.3)) {
			write({t: 'm', at: at - 300, label: 'cache flush <all> *now*', checkId: name(0), source: 'key', w: 'A'});
		}

		if (index === restartIndex + 10) {
			write({t: 'g', at: at - 2000, from: at - 6000, why: 'disk full', w: 'B'});
		}

		for (const [rowIndex, row] of rows.entries()) {
			const writers = index < restartIndex ? ['A'] : row.check % 7 === 3 ? [] : row.check % 50 === 1 ? ['B', 'C'] : ['B'];
			for (const writer of writers) {
				const state = stateOf(rowIndex, row.check, index);
				const at2 = at + (writer === 'C' ? 300 : 0) + (rowIndex % 700);
				const before = previous.get(`${row.id} ${writer}`);
				if (before?.state !== state) {
					const from = before?.state ?? 'pending';
					const isRestart = from === 'pending' && index === restartIndex;
					write({
						t: 's', at: at2, id: row.id, from, to: state, w: writer,
						...(state === 'failing' ? {reason: rowIndex % 2 === 0 ? refused : timeout} : {}),
						...(isRestart && rowIndex % 3 === 0 ? {unwatchedMs: pauseMs} : {}),
						...(rowIndex % 13 === 0 && index > deployIndex ? {afterReload: true} : {}),
					});
				}

				previous.set(`${row.id} ${writer}`, {state, writer});
				const latencyMs = Math.round((60 + random() * 40) * (index >= deployIndex && row.check % 4 === 0 ? 1.6 : 1) * 10) / 10;
				write({t: 'r', at: at2, id: row.id, state, latencyMs, ...(state === 'failing' ? {reason: rowIndex % 2 === 0 ? refused : timeout} : {}), w: writer});
			}
		}
	}

	const checks = Array.from({length: options.checks}, (_, check) => [
		`  - name: ${name(check)}`,
		`    url: http://127.0.0.1:9/${name(check)}`,
		`    group: g${check % 10}`,
		...(check % 3 === 0 ? [`    owner: "@team-${check % 4}"`, `    runbook: https://runbooks.example/${name(check)}`] : []),
		...(check % 8 === 2 ? ['    rollback: |', `      helm rollback ${name(check)}`, '      kubectl rollout status'] : []),
	].join('\n'));
	return {
		configYaml: `defaults:\n  interval: 1s\n  timeout: 500ms\n\nchecks:\n${checks.join('\n')}\n`,
		lines,
		now: atOf(count - 1) + 60_000,
		deployLabel,
	};
}
