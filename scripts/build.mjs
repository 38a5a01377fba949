// Bundles the CLI and the probe worker with their dependencies (entry files plus shared chunks loaded when a
// mode needs them): half the start-up of loading node_modules (shared/notes/performance.md §4).
import {build} from 'esbuild';

const banner = {
	js: "import {createRequire as __uptopCreateRequire} from 'node:module'; const require = __uptopCreateRequire(import.meta.url);",
};

import {rmSync, writeFileSync} from 'node:fs';
import {productPlugins} from './bundle-plugins.mjs';

rmSync('dist', {recursive: true, force: true});
await build({
	// regex-thread: the thread regular expressions run in, found as ./regex-thread.js from the chunk that starts it;
	// config-thread, the one a changed config is loaded in, likewise (source/runtime/load-in-thread.ts).
	entryPoints: {cli: 'source/cli.tsx', 'worker-main': 'source/monitor/worker.ts', 'regex-thread': 'source/probes/regex-thread.ts', 'config-thread': 'source/runtime/config-thread.ts', 'demo-fleet': 'demo/fleet.ts'},
	outdir: 'dist',
	bundle: true,
	// Modes load what they need: the live screen's main thread never parses undici and the probes.
	splitting: true,
	chunkNames: 'chunk-[hash]',
	platform: 'node',
	format: 'esm',
	target: 'node22',
	banner,
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink imports its devtools lazily; in a single file that would become a hard import of react-devtools-core.
	alias: {'react-devtools-core': './scripts/empty-module.mjs'},
	jsx: 'automatic',
	logLevel: 'warning',
	legalComments: 'none',
	plugins: productPlugins,
});

/**
 * An entry that turns on Node's compile cache before its bundle is parsed, so later starts skip compiling. The
 * cache is per thread: the main thread's does not reach the probe worker, which loads undici and the probes
 * before the first check runs, so the worker has an entry of its own.
 */
const compileCachedEntry = (bundle, shebang = '') => `${shebang}import module from 'node:module';

try {
	module.enableCompileCache?.();
} catch {}

await import('./${bundle}');
`;

writeFileSync('dist/uptop.js', compileCachedEntry('cli.js', '#!/usr/bin/env node\n'), {mode: 0o755});
writeFileSync('dist/worker.js', compileCachedEntry('worker-main.js'));
