// Bundles the CLI and the probe worker into single files: half the start-up of loading node_modules
// (shared/notes/performance.md §4).
import {build} from 'esbuild';

const banner = {
	js: "import {createRequire as __uptopCreateRequire} from 'node:module'; const require = __uptopCreateRequire(import.meta.url);",
};

import {rmSync, writeFileSync} from 'node:fs';
import {productPlugins} from './bundle-plugins.mjs';

rmSync('dist', {recursive: true, force: true});
await build({
	entryPoints: {cli: 'source/cli.tsx', 'worker-main': 'source/monitor/worker.ts', 'demo-fleet': 'demo/fleet.ts'},
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

// The published entry turns on Node's compile cache before the bundle is parsed: later starts skip compiling.
writeFileSync('dist/uptop.js', `#!/usr/bin/env node
import module from 'node:module';

try {
	module.enableCompileCache?.();
} catch {}

await import('./cli.js');
`, {mode: 0o755});

// The probe worker's entry does the same in its own thread: the cache the main thread turns on does not reach a
// worker (Node keeps it per thread), and the worker loads undici and the probes before the first check runs.
writeFileSync('dist/worker.js', `import module from 'node:module';

try {
	module.enableCompileCache?.();
} catch {}

await import('./worker-main.js');
`);
