import {getPriority, setPriority} from 'node:os';
import {basename} from 'node:path';
import chalk from 'chalk';
import {render} from 'ink';
import {systemClock} from '../monitor/clock.js';
import type {MonitorHandle} from '../monitor/types.js';
import {App} from './components/App.js';
import {createBellPacer} from './bell-pacer.js';
import {osc52} from './clipboard.js';
import {createCommitPacer} from './commit-pacer.js';
import {stopYoungGenerationGrowth} from './render-heap.js';
import {retakeTerminal, suspendToShell} from './suspend.js';
import {supportsHyperlinks} from './terminal.js';
import type {Background} from './theme.js';
import {tearDownLeavingOneFrame} from './last-frame-in-place.js';
import {holdSnapshotsWhileBacklogged, isBacklogged, waitForOutputToDrain, writeTerminalWithoutBlocking} from './terminal-backlog.js';

export type RenderAppOptions = {
	readonly monitor: MonitorHandle;
	readonly configPath: string;
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
	/** The terminal's stderr when it is the same terminal: Ink restores the cursor through it at exit. */
	readonly stderr?: NodeJS.WriteStream;
	readonly options: {
		readonly color: boolean;
		readonly ascii: boolean;
		/** The palette's background (theme-choice.ts). Default dark. */
		readonly background?: Background;
		/** Ring the terminal bell when a check turns failing. */
		readonly bell: boolean;
		/** OSC 8 runbook links; default: detected from the environment. */
		readonly hyperlinks?: boolean;
	};
	/** Called once after the screen is torn down by `q` or ctrl-c (the terminal is already restored). */
	readonly onQuit: () => void;
	/**
	 * Awaited on ctrl-z before the terminal goes to the shell, while the screen still reads keys: the terminal's
	 * late answer to the background query, still to come, is read then, not by the shell.
	 */
	readonly beforeSuspend?: () => Promise<void>;
	/** A notice under the header from the start (e.g. a config warning). */
	readonly banner?: string;
	/**
	 * Nice increment for the calling (render) thread, Linux only, where nice is per thread: the engine's worker,
	 * already started, keeps its priority, so a frame never delays the timing of a probe. Default 5; 0 leaves it
	 * (a caller that starts the worker after the first frame lowers it itself, with `lowerRenderPriority`).
	 */
	readonly renderNice?: number;
	/** Fault injection for the end-to-end tests (UPTOP_FAULT=render): a component that throws while rendering. */
	readonly injectRenderFault?: boolean;
	/**
	 * When the close stopped waiting for a terminal that had not taken the teardown: arranges for the terminal to be
	 * restored at exit if it is still queued then (runtime/restore-screen-at-exit.ts, passed in by the live mode).
	 */
	readonly restoreAtExit?: (stdout: NodeJS.WriteStream) => void;
};

export type AppHandle = {
	/** Settles when the screen is gone (quit key, `unmount()`, or process exit). */
	waitUntilExit(): Promise<void>;
	unmount(): void;
	/**
	 * Unmounts, then waits (up to `limitMs`) until the terminal has taken the teardown; once it has, terminal
	 * writes block again as Node left them, so nothing printed after the screen is lost at exit.
	 */
	close(limitMs?: number): Promise<void>;
	/** Shows (or with undefined, clears) a one-line notice under the header, e.g. a config reload error. */
	setBanner(text: string | undefined): void;
	/** Good news shown under the header until cleared (a message from setBanner wins over it). */
	setInfo(text: string | undefined): void;
};

const bell = '\u0007';
/** The bell rings again only for a check turning failing after this long without one (createBellPacer). */
const bellQuietMs = 1000;
/** Cursor home, then the whole screen erased: where the next frame, drawn whole, starts. */
const homeAndEraseScreen = '\u001B[H\u001B[2J';
/**
 * A resize is a burst of events while a window is dragged; and Ink writes its frames at most 30 a second. Past
 * this, the burst is over and Ink's own frames for it are out.
 */
const resizeSettleMs = 80;

/**
 * A held key draws at most eight frames a second; with the engine's snapshot a second between them, about as
 * many as Ink's cap of ten a second let through for both before the pacer (8.9 against 7.7–8.8 a second,
 * measured over 200 rows that reorder each second), so a held key does not flood a slow link. Text typed into
 * a prompt is not paced (App): it comes at a typist's pace, and is read as it is echoed.
 */
const keyFrameIntervalMs = 125;

/**
 * On two cores a 200-row frame (tens of ms of Ink layout and diffing) and the probe worker compete for a CPU,
 * and a probe answer read while the worker waits for one is timed late: p99 error 40–100 ms under render load
 * (docs/benchmarks.md). On Linux `setpriority(0)` renices only the calling thread, so the render thread yields
 * to the worker and to nothing else of uptop. Elsewhere it would renice the whole process: left alone.
 */
export function lowerRenderPriority(increment = 5): void {
	if (process.platform !== 'linux' || increment <= 0) {
		return;
	}

	try {
		setPriority(Math.min(19, getPriority() + increment));
	} catch {
		// Not allowed (a sandbox): the screen still works, only the latency tail under load is longer.
	}
}

/**
 * What follows the first frame in the live screen: young generations stop growing (render-heap.ts), the probe
 * worker starts (it inherits this thread's priority, so it starts before the render thread is lowered), and the
 * render thread is lowered. The benchmark's render-load app calls this too, so it measures what uptop does.
 */
export function startAfterFirstFrame(startEngine: () => void, isTerminal: boolean): void {
	stopYoungGenerationGrowth();
	startEngine();
	if (isTerminal) lowerRenderPriority();
}

function RenderFault(): never {
	throw new Error('injected render fault (UPTOP_FAULT=render)');
}

/**
 * Draws the live screen: alternate screen buffer, cursor hidden, only changed lines written; a key is drawn
 * within a frame or two, a held one at most eight times a second, snapshots as they come. Ink restores the
 * primary screen and the cursor when it unmounts, which it also does from its own exit hook, so every exit
 * path (q, ctrl-c, SIGTERM, a crash) leaves the terminal as it was.
 */
export function renderApp(input: RenderAppOptions): AppHandle {
	const {monitor, stdout, stdin, options} = input;
	const configName = basename(input.configPath);
	const hyperlinks = options.hyperlinks ?? supportsHyperlinks(process.env);
	// Ink draws its colours through chalk, which reads the terminal's colour level (TERM, COLORTERM, FORCE_COLOR) once:
	// asking the same instance means the palette is chosen for the colours that are drawn, not a second guess of them.
	const hasOnly16Colours = chalk.level === 1;
	// tmux sets TMUX in its panes; the copied notice names the setting it needs only there.
	const isInTmux = process.env.TMUX !== undefined;
	let banner = input.banner;
	let info: string | undefined;
	let hasQuit = false;
	let instance: ReturnType<typeof render> | undefined;
	let stopRedrawingOnResize = (): void => undefined;
	const terminalWrites = writeTerminalWithoutBlocking(input.stderr === undefined ? [stdout] : [stdout, input.stderr]);
	const screenMonitor = holdSnapshotsWhileBacklogged(monitor, stdout);
	const pacer = createCommitPacer(keyFrameIntervalMs, systemClock);
	// Where the terminal ignores the alternate screen, the last frame stays as the record of the fleet at quit.
	const unmountScreen = (): void => {
		const screen = instance;
		if (screen !== undefined) tearDownLeavingOneFrame(stdout, () => screen.unmount());
	};

	const quit = () => {
		if (hasQuit) {
			return;
		}

		hasQuit = true;
		stopHearingJobControl();
		unmountScreen();
		input.onQuit();
	};

	let isSuspended = false;
	const suspend = async (): Promise<string | undefined> => {
		if (isSuspended || hasQuit) return undefined;
		isSuspended = true;
		await input.beforeSuspend?.();
		// q or ctrl-c meanwhile: the screen is gone, and there is nothing to suspend.
		if (hasQuit) return undefined;
		// Probes stopped mid-flight would be timed across the stop and fail at their deadline on `fg`: those still
		// running are dropped, unrecorded, and run again on resume (a recheck asked for while paused is dropped too).
		const wasPaused = monitor.getSnapshot().isPaused;
		const wasStopped = await suspendToShell({stdout: stdout as NodeJS.WriteStream, stdin: stdin as NodeJS.ReadStream}, {
			beforeStop() {
				monitor.send({type: 'pause', abandonRunning: true});
			},
			async beforeContinue() {
				if (wasPaused) return;
				// The frame drawn next should not still say PAUSED: the worker answers a command within milliseconds.
				await new Promise<void>(resolve => {
					let unsubscribe: (() => void) | undefined;
					let isDone = false;
					const done = (): void => {
						if (isDone) return;
						isDone = true;
						clearTimeout(timer);
						unsubscribe?.();
						resolve();
					};

					const timer = setTimeout(done, 250);
					unsubscribe = monitor.subscribe(snapshot => {
						if (!snapshot.isPaused) done();
					});
					if (isDone) unsubscribe();
					monitor.send({type: 'resume'});
				});
			},
			afterContinue() {
				// The screen was cleared on the way back: forget the frame drawn before and draw it whole.
				instance?.clear();
				instance?.rerender(element());
			},
		});
		isSuspended = false;
		return wasStopped ? undefined : 'not suspended: no shell with job control to come back to';
	};

	const canSuspend = stdout.isTTY === true && stdin.isTTY === true && process.platform !== 'win32';
	// A stop sent from outside (`kill -TSTP`, a job-control script) takes the ctrl-z path: by default it would stop
	// uptop with the terminal still raw, on the alternate screen and without a cursor, for the shell to use.
	const onStopSignal = (): void => {
		void suspend();
	};

	// Continued after a stop that was not uptop's own (SIGSTOP cannot be caught): the terminal is taken back and
	// the frame drawn whole over whatever the shell wrote meanwhile. During ctrl-z's stop, suspendToShell does that.
	const onContinueSignal = (): void => {
		if (isSuspended || hasQuit) return;
		retakeTerminal({stdout: stdout as NodeJS.WriteStream, stdin: stdin as NodeJS.ReadStream});
		instance?.clear();
		instance?.rerender(element());
	};

	if (canSuspend) {
		process.on('SIGTSTP', onStopSignal);
		process.on('SIGCONT', onContinueSignal);
	}

	// Once the screen is gone a stop is the shell's business again: SIGTSTP gets its default action back.
	function stopHearingJobControl(): void {
		process.off('SIGTSTP', onStopSignal);
		process.off('SIGCONT', onContinueSignal);
		stopRedrawingOnResize();
	}

	// Like the bell: a sequence that moves no cursor, written beside Ink's frames. Not after quitting: the
	// terminal has been handed back.
	const copy = (text: string): void => {
		if (!hasQuit) stdout.write(osc52(text));
	};

	const element = () => (
		<>
			{input.injectRenderFault ? <RenderFault /> : null}
			<App monitor={screenMonitor} configName={configName} options={{color: options.color, ascii: options.ascii, background: options.background, hasOnly16Colours, hyperlinks, isInTmux}} banner={banner} info={info} onQuit={quit} onCopy={copy} onSuspend={canSuspend ? suspend : undefined} pacer={pacer} />
		</>
	);
	// Before the first render: a caller whose worker already runs has its first probes timed while the cold
	// first render (hundreds of ms) competes with them. The CLI starts the worker after the first frame
	// instead, and lowers this thread itself (renderNice 0), so its first frame is not slowed by this.
	if (stdout.isTTY === true) {
		lowerRenderPriority(input.renderNice ?? 5);
	}

	instance = render(element(), {
		stdout,
		stdin,
		// The entry point calls this only for a terminal; Ink's own guess would turn the screen off under CI=true.
		interactive: stdout.isTTY === true,
		alternateScreen: true,
		incrementalRendering: true,
		// Keys are paced (the pacer above) and snapshots come at most ten a second, so this cap only spaces frames
		// that coincide: a key pressed just after a data frame waits at most 34 ms for its own.
		maxFps: 30,
		// ctrl-c is a key of the keymap, so quitting goes through one path (onQuit) either way.
		exitOnCtrlC: false,
		patchConsole: false,
	});

	// After a resize Ink draws one frame of the old layout at the new width before React lays it out again: it
	// wraps and scrolls the screen, and the next frame, written as changes to what Ink thinks is there, left another
	// check's name beside this one's figures. Once the resize has settled, the screen is blanked and drawn whole.
	let redrawTimer: NodeJS.Timeout | undefined;
	const redrawWhole = (): void => {
		redrawTimer = undefined;
		if (hasQuit || isSuspended) return;
		instance?.clear();
		stdout.write(homeAndEraseScreen);
		instance?.rerender(element());
	};

	const onResize = (): void => {
		clearTimeout(redrawTimer);
		redrawTimer = setTimeout(redrawWhole, resizeSettleMs);
	};

	if (stdout.isTTY === true) stdout.on('resize', onResize);
	stopRedrawingOnResize = () => {
		stdout.off('resize', onResize);
		clearTimeout(redrawTimer);
	};

	// BEL moves no cursor, so it cannot tear Ink's frame.
	const bellPacer = createBellPacer(() => stdout.write(bell), bellQuietMs, systemClock);
	const stopBell = options.bell
		? monitor.onEvent(event => {
			// A terminal that has not taken the last frame would ring a bell for a failure long over.
			if (event.type === 'state' && event.to === 'failing' && !hasQuit && !isBacklogged(stdout)) {
				bellPacer.failing();
			}
		})
		: () => undefined;

	// A render error ends Ink (it restores the terminal as it unmounts); the rejection reaches the caller,
	// which reports it and exits non-zero instead of quitting as if the user had pressed q.
	const exited = instance.waitUntilExit().then(() => undefined).finally(() => {
		stopBell();
		stopHearingJobControl();
	});
	exited.catch(() => undefined);

	return {
		waitUntilExit: async () => exited,
		unmount() {
			hasQuit = true;
			stopHearingJobControl();
			unmountScreen();
		},
		async close(limitMs = 1000) {
			hasQuit = true;
			stopHearingJobControl();
			unmountScreen();
			if (await waitForOutputToDrain(stdout, limitMs)) terminalWrites.restore();
			else if (stdout.isTTY === true) input.restoreAtExit?.(stdout);
		},
		setBanner(text) {
			if (text === banner || hasQuit) {
				return;
			}

			banner = text;
			instance?.rerender(element());
		},
		setInfo(text) {
			if (text === info || hasQuit) {
				return;
			}

			info = text;
			instance?.rerender(element());
		},
	};
}
