import process from 'node:process';
import type {Check, Config} from '../config/types.js';
import {createRemoteMonitor} from '../monitor/remote-monitor.js';
import {renderApp, startAfterFirstFrame} from '../ui/render-app.js';
import {onCleanup, runCleanups, writeStderrLine} from '../runtime/process-exit.js';
import {watchConfig} from '../runtime/config-watcher.js';
import {applyConfig, reloadErrorNotice} from './apply-config.js';
import {workerCrashLine} from './worker-crash-line.js';
import type {CheckFilters} from './select-checks.js';
import type {Background} from '../ui/theme.js';
import {historyFileOf, pastHistoryOf, type HistoryFlags, type HistoryNotice} from '../runtime/attach-history.js';
import {attachWorkerHistory} from '../runtime/worker-history.js';
import {restoreScreenAtExit} from '../runtime/restore-screen-at-exit.js';

export type LiveOptions = {
	readonly config: Config;
	readonly checks: readonly Check[];
	readonly filters: CheckFilters;
	readonly options: {readonly color: boolean; readonly ascii: boolean; readonly bell: boolean; readonly background?: Background};
	readonly history: HistoryFlags;
	/** `--concurrency`: overrides the file's `concurrency:`, also after a reload. */
	readonly concurrency?: number;
	/** Applied to the checks of a reloaded config too (the demo's retargeted port). */
	readonly adjustChecks?: (checks: Check[]) => Check[];
	/** Shown in the banner from the start: `--only` / `--group` that match nothing (select-checks.ts). */
	readonly notice?: string;
	/**
	 * A fact about this run for the banner (the demo fleet on another port than its file says). It outlasts
	 * reloads, and gives way to the config's and the history's notices while they last.
	 */
	readonly note?: string;
	/**
	 * Called as soon as the screen is gone by q or ctrl-c (a signal's exit runs the cleanups instead), and awaited
	 * before runLive returns: the terminal's answer to the background query, when it is still to come, is read and
	 * dropped then rather than left for the shell (ask-terminal-background.ts).
	 */
	readonly afterScreen?: () => Promise<void>;
	/** Awaited on ctrl-z before the terminal goes to the shell (render-app.tsx): the late answer is read first. */
	readonly beforeSuspend?: () => Promise<void>;
};

/** How long the banner says a reload was applied. */
const reloadInfoMs = 4000;

/**
 * The live screen. Probes and their timestamps run in a worker thread, because an Ink render stalls this
 * thread for up to 200 ms and would skew any latency timed here (shared/notes/performance.md §1).
 */
export async function runLive(live: LiveOptions): Promise<number> {
	// While the screen is up, a line on stderr would land in the middle of the table: problems go to its
	// banner. A config reload error takes the banner while it lasts; the history notice comes back after.
	let historyNotice: string | undefined;
	// A history problem that is over (written again after a full disk) leaves the banner, but is said after quitting:
	// the history the run leaves behind has a hole.
	let historyNote: string | undefined;
	let configNotice = live.notice;
	const bannerText = (): string | undefined => configNotice ?? historyNotice ?? live.note;
	let showNotice: () => void = () => undefined;
	const noteHistory: HistoryNotice = (message, kind) => {
		historyNotice = kind === 'resolved' ? undefined : message;
		historyNote = message;
		showNotice();
	};

	const historyFile = historyFileOf(live.config, live.history);
	const past = pastHistoryOf(live.config, live.history);
	const monitor = createRemoteMonitor({
		checks: live.checks,
		concurrency: live.concurrency ?? live.config.concurrency,
		workerUrl: new URL('worker.js', import.meta.url),
		// The baseline from before a restart is read by the worker, after the first frame (a full file: ~400 ms).
		historyFile,
		...(past === undefined ? {} : {pastHistoryFile: past.file, pastMarkerFiles: past.markerFiles}),
		onNotice: noteHistory,
		// Started after the first frame: the worker's start-up would compete with it for the CPU.
		isDeferred: true,
		onError(error) {
			// A dead worker would leave a frozen screen that still looks live: leave, and say why.
			void runCleanups().finally(() => {
				writeStderrLine(workerCrashLine(error, historyFile !== undefined));
				process.exit(1);
			});
		},
	});
	// The screen's close, once: a signal's cleanups and the history's wait for it share it (worker-history.ts).
	let closing: Promise<void> | undefined;
	let closeScreen = async (): Promise<void> => undefined;
	const history = attachWorkerHistory(monitor, live.config, live.history, noteHistory, async () => closeScreen());
	let quit: () => void = () => undefined;
	const quitting = new Promise<void>(resolve => {
		quit = resolve;
	});
	const app = renderApp({
		monitor,
		configPath: live.config.file,
		...(bannerText() === undefined ? {} : {banner: bannerText()}),
		stdout: process.stdout,
		stdin: process.stdin,
		stderr: process.stderr,
		options: live.options,
		onQuit: () => quit(),
		...(live.beforeSuspend === undefined ? {} : {beforeSuspend: live.beforeSuspend}),
		injectRenderFault: process.env.UPTOP_FAULT === 'render',
		renderNice: 0,
		restoreAtExit: restoreScreenAtExit,
	});
	closeScreen = async () => {
		closing ??= app.close();
		return closing;
	};
	showNotice = () => app.setBanner(bannerText());
	// Ink has written the first frame.
	startAfterFirstFrame(() => monitor.start(), process.stdout.isTTY === true);
	if (process.env.UPTOP_FAULT === 'uncaught') {
		// Fault injection for the end-to-end tests: an exception nobody catches, once the screen is up.
		setTimeout(() => {
			throw new Error('injected uncaught fault (UPTOP_FAULT=uncaught)');
		}, 1500);
	}

	onCleanup(async () => closeScreen());
	let infoTimer: NodeJS.Timeout | undefined;
	// The checks the engine watches, for saying what a reload changed.
	let watched = live.checks;
	const watcher = watchConfig(live.config.file, {
		onConfig(config) {
			const applied = applyConfig(config, watched, monitor, history, live);
			watched = applied.checks;
			configNotice = applied.notice;
			showNotice();
			// A save that changes nothing on screen (a cap, an owner's rota) still says it was taken, for a moment.
			app.setInfo(applied.summary);
			clearTimeout(infoTimer);
			infoTimer = setTimeout(() => app.setInfo(undefined), reloadInfoMs);
			infoTimer.unref();
		},
		onError(error) {
			configNotice = reloadErrorNotice(error);
			showNotice();
			app.setInfo(undefined);
		},
	}, {initial: live.config});
	onCleanup(() => {
		clearTimeout(infoTimer);
		watcher.close();
	});
	await Promise.race([quitting, app.waitUntilExit()]);
	// At once: from the teardown on, nothing reads what the terminal sends.
	const terminalSettled = live.afterScreen?.();
	watcher.close();
	// A terminal that reads slowly may still hold the last frame and the restore of the primary screen.
	await closeScreen();
	await monitor.stop();
	history.close();
	await terminalSettled;
	// The banner went with the screen: the notice stays in the terminal's scrollback.
	if (historyNote !== undefined) writeStderrLine(`uptop: ${historyNote}`);
	return 0;
}
