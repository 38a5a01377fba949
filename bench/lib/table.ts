import type {Figure} from './figure.js';
import {ratio} from './figure.js';
import type {Machine} from './machine.js';

function formatNumber(value: number | null | undefined, unit = ''): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	const abs = Math.abs(value);
	const text = abs >= 1000 ? Math.round(value).toLocaleString('en-US') : abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
	return unit ? `${text} ${unit}` : text;
}

export function figureCells(figure: Figure): string[] {
	const references = (figure.references ?? []).map(reference => `${reference.label} ${formatNumber(reference.value, figure.unit)}`).join('; ');
	const first = figure.references?.[0];
	const r = ratio(figure.value, first?.value);
	const mark = figure.meetsGoal === undefined ? '' : figure.meetsGoal ? ' ✓' : ' ✗';
	return [
		figure.label,
		formatNumber(figure.value, figure.unit),
		figure.goal ? `${figure.goal}${mark}` : '',
		references,
		r === null ? '' : `${r.toFixed(2)}×`,
	];
}

const headers = ['figure', 'value', 'goal', 'reference', 'ratio'];

export function textTable(figures: readonly Figure[]): string {
	const rows = [headers, ...figures.map(figureCells)];
	const widths = headers.map((_, column) => Math.max(...rows.map(row => [...row[column]!].length)));
	const line = (row: string[]) => row.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join('  ').trimEnd();
	return [line(rows[0]!), widths.map(width => '─'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(figures: readonly Figure[]): string {
	const rows = figures.map(figureCells);
	return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.map(cell => cell.replaceAll('|', '\\|')).join(' | ')} |`)].join('\n');
}

export function machineLine(machine: Machine): string {
	const load = `load average ${machine.loadAverageAtStart}${machine.loadAverageAtEnd === undefined ? '' : ` → ${machine.loadAverageAtEnd}`}`;
	return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; ${load}`;
}
