import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {TmuxPane as Pane, type TmuxPaneOptions} from './tmux-pane.js';

export {hasTmux, shellQuote} from './tmux-pane.js';
export {requireBuild} from './require-build.js';

export type TmuxPane = Pane;

/**
 * A pane whose program keeps its history under the tests' own state directory unless told otherwise. Its tmux
 * socket is named after UPTOP_TEST_TMUX_PREFIX where set, so runs sharing a machine can tell their servers apart.
 */
export const TmuxPane = {
	start(command: string, options: Omit<TmuxPaneOptions, 'socketPrefix'> = {}): Pane {
		return Pane.start(command, {...options, socketPrefix: process.env.UPTOP_TEST_TMUX_PREFIX, env: {XDG_STATE_HOME: testStateHome, ...options.env}});
	},
};

export const repositoryRoot = new URL('../../', import.meta.url).pathname;
export const uptopBinary = `${repositoryRoot}dist/uptop.js`;
export const nodeBinary = existsSync(`${repositoryRoot}node_modules/.bin/node`) ? `${repositoryRoot}node_modules/.bin/node` : process.execPath;

/** Tests never write history into the real user's state directory. */
export const testStateHome = mkdtempSync(path.join(tmpdir(), 'uptop-state-'));
