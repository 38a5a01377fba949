/**
 * A Nagios plugin's first line is its summary and then, after `|`, its perfdata. On its own so that the
 * headless modes, which repeat no summary either, need not load the detail pane to ask.
 */
export function isSummaryLine(line: string, summary: string): boolean {
	const text = line.trim();
	if (summary.trim() === '' || !text.startsWith(summary.trim())) return false;
	const rest = text.slice(summary.trim().length).trim();
	return rest === '' || rest.startsWith('|');
}
