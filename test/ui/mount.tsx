import {render} from 'ink-testing-library';
import {App} from '../../source/ui/components/App.js';
import type {Snapshot} from '../../source/monitor/types.js';
import type {ViewState} from '../../source/ui/view/view-reducer.js';
import type {CommitPacer} from '../../source/ui/commit-pacer.js';
import {FakeMonitor, stripStyles, tick} from './helpers.js';

export type MountOptions = {
	readonly columns?: number;
	readonly rows?: number;
	readonly color?: boolean;
	readonly ascii?: boolean;
	readonly background?: 'dark' | 'light';
	readonly hasOnly16Colours?: boolean;
	readonly hyperlinks?: boolean;
	readonly banner?: string;
	readonly initialView?: ViewState;
	readonly pacer?: CommitPacer;
	readonly onCopy?: (text: string) => void;
	readonly isInTmux?: boolean;
};

/** Renders the App on a fake engine; `press` writes a key and waits for Ink to commit the frame. */
export function mount(snapshot: Snapshot, options: MountOptions = {}) {
	const monitor = new FakeMonitor(snapshot);
	let quitCount = 0;
	const element = (overrides: Pick<MountOptions, 'columns' | 'rows' | 'banner'> = {}) => (
		<App
			monitor={monitor}
			configName="checks.yaml"
			options={{color: options.color ?? false, ascii: options.ascii ?? false, background: options.background, hasOnly16Colours: options.hasOnly16Colours, hyperlinks: options.hyperlinks ?? false, isInTmux: options.isInTmux}}
			columns={overrides.columns ?? options.columns ?? 80}
			rows={overrides.rows ?? options.rows ?? 24}
			banner={overrides.banner ?? options.banner}
			initialView={options.initialView}
			pacer={options.pacer}
			onCopy={options.onCopy}
			onQuit={() => {
				quitCount++;
			}}
		/>
	);
	const app = render(element());
	return {
		app,
		/** The App element with other props (rerender it to resize). */
		element,
		monitor,
		/** The last frame, without SGR styles. */
		frame: () => stripStyles(app.lastFrame() ?? ''),
		raw: () => app.lastFrame() ?? '',
		lines: () => stripStyles(app.lastFrame() ?? '').split('\n'),
		/** The line of the selected row (the one with the cursor). */
		selectedLine: () => stripStyles(app.lastFrame() ?? '').split('\n').find(line => line.startsWith('> ')) ?? '',
		async press(...keys: string[]) {
			for (const key of keys) {
				app.stdin.write(key);
				if (key === '\u001B') {
					// A lone ESC could start a sequence: Ink waits 20 ms for more bytes before it reports escape.
					// eslint-disable-next-line no-await-in-loop
					await new Promise(resolve => {
						setTimeout(resolve, 40);
					});
				}

				// eslint-disable-next-line no-await-in-loop
				await tick();
			}
		},
		async publish(next: Snapshot) {
			monitor.publish(next);
			await tick();
		},
		quitCount: () => quitCount,
	};
}
