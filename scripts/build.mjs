// Bundles the CLI and the probe worker into single files: half the start-up of loading node_modules
// (shared/notes/performance.md §4).
import {build} from 'esbuild';

const banner = {
	js: "import {createRequire as __uptopCreateRequire} from 'node:module'; const require = __uptopCreateRequire(import.meta.url);",
};

await build({
	entryPoints: {uptop: 'source/cli.tsx', worker: 'source/monitor/worker.ts', 'demo-fleet': 'demo/fleet.ts'},
	outdir: 'dist',
	bundle: true,
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
});
