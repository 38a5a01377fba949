import {formatDuration} from './duration.js';
import type {Check, HttpExpect, PrometheusCheck, StatusRange, Threshold} from './types.js';
import {formatThreshold} from './value-unit.js';

/** A check before its summary and secrets are filled in. */
export type CheckDraft = Check extends infer C ? (C extends Check ? Omit<C, 'expectSummary' | 'secrets'> : never) : never;

const formatRange = ({min, max}: StatusRange): string => {
	if (min === max) {
		return String(min);
	}

	return min % 100 === 0 && max === min + 99 ? `${min / 100}xx` : `${min}-${max}`;
};

const formatMatcher = (matcher: {readonly substring: string} | {readonly regex: string; readonly flags: string}): string =>
	'substring' in matcher ? `"${matcher.substring}"` : `/${matcher.regex}/${matcher.flags}`;

const formatJsonValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function summarizeHttp(expect: HttpExpect): string {
	const parts = [`status ${expect.status.map(range => formatRange(range)).join(', ')}`];
	for (const [key, value] of Object.entries(expect.json ?? {})) {
		parts.push(`json ${key}=${formatJsonValue(value)}`);
	}

	if (expect.body) {
		parts.push(`body ${'substring' in expect.body ? 'contains' : 'matches'} ${formatMatcher(expect.body)}`);
	}

	for (const [name, matcher] of Object.entries(expect.header ?? {})) {
		parts.push(`${name} ${'substring' in matcher ? 'contains' : 'matches'} ${formatMatcher(matcher)}`);
	}

	return parts.join(' · ');
}

/** The healthy side of a threshold: `fail: "> 0.5"` expects `value ≤ 0.5`. */
const negate: Record<Threshold['op'], string> = {'>': '≤', '>=': '<', '<': '≥', '<=': '>', '==': '≠', '!=': '='};

/**
 * Thresholds written as the value is (`unit: ms` reads `value ≤ 500ms` beside a value of `450ms`), so the two
 * compare at a glance, as the reason writes them; a threshold that spelling would round is written exactly
 * (value-unit.ts formatThreshold). Without a unit, or in `%`, every digit of the number.
 */
function summarizePrometheus(check: Omit<PrometheusCheck, 'expectSummary' | 'secrets'>): string {
	const limit = (threshold: Threshold): string => formatThreshold(threshold.value, check.unit);
	const parts = [check.fail ? `value ${negate[check.fail.op]} ${limit(check.fail)}` : check.warn ? `value ${negate[check.warn.op]} ${limit(check.warn)}` : 'value'];
	if (check.fail && check.warn) {
		parts.push(`warn ${check.warn.op} ${limit(check.warn)}`);
	}

	return parts.join(' · ');
}

/** One short line for the detail pane: what a passing result looks like. */
export function summarizeExpect(check: CheckDraft): string {
	switch (check.kind) {
		case 'http': {
			return summarizeHttp(check.expect);
		}

		case 'tcp': {
			return check.expectText === undefined ? 'connect' : `connect · reply contains "${check.expectText}"`;
		}

		case 'dns': {
			return check.expectAnswers ? `${check.type} contains ${check.expectAnswers.join(', ')}` : `${check.type} resolves`;
		}

		case 'tls': {
			return `certificate valid · ≥ ${check.warnDays}d left`;
		}

		case 'command': {
			const output = check.expectOutput;
			const exit = check.exitCodes === 'plain' ? 'exit 0 (any other failing)' : 'exit 0';
			return output === undefined ? exit : `${exit} · output ${'substring' in output ? 'contains' : 'matches'} ${formatMatcher(output)}`;
		}

		case 'freshness': {
			const warn = check.warnAgeMs === undefined ? '' : ` · warn > ${formatDuration(check.warnAgeMs)}`;
			// The probe fails only past maxAge (an age of exactly maxAge passes), so the healthy side is ≤.
			return `age ≤ ${formatDuration(check.maxAgeMs)}${warn}`;
		}

		case 'prometheus': {
			return summarizePrometheus(check);
		}
	}
}
