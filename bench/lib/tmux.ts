import {TmuxPane, type TmuxPaneOptions} from '../../test/helpers/tmux-pane.js';

export {hasTmux, shellQuote} from '../../test/helpers/tmux-pane.js';

export type Pane = TmuxPane;

const live = new Set<Pane>();

/** The tests' real terminal (test/helpers/tmux-pane.ts), with every pane remembered so the harness can end them. */
export const Pane = {
	start(command: string, options: Omit<TmuxPaneOptions, 'socketPrefix'>): Pane {
		const pane = TmuxPane.start(command, {...options, socketPrefix: 'uptop-bench'});
		live.add(pane);
		return pane;
	},
};

/** Ends every pane this process started (harness error paths, Ctrl-C). */
export function killAllPanes(): void {
	for (const pane of live) pane.kill();
	live.clear();
}
