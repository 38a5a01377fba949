/**
 * A note as its steps: a runbook or rollback written over several lines (`rollback: |`) gives one step a line,
 * a one-line note one step; trailing spaces and empty lines dropped. Nothing for no note.
 */
export function noteSteps(note: string | undefined): string[] {
	if (note === undefined) return [];
	return note.split('\n').map(line => line.trimEnd()).filter(line => line !== '');
}
