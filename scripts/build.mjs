// Bundles the CLI and the probe worker into single files: half the start-up of loading node_modules
// (shared/notes/performance.md §4).
import {build} from 'esbuild';

const banner = {
	js: "import {createRequire as __uptopCreateRequire} from 'node:module'; const require = __uptopCreateRequire(import.meta.url);",
};

import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const requireHere = createRequire(import.meta.url);

/**
 * Ink and its helpers measure every line with `string-width`, whose module builds an emoji pattern on load and
 * segments graphemes on every call. They get a front that answers one-cell text itself
 * (source/ui/cell-width.ts) and loads the real module lazily (a bundled require()) for anything else.
 */
const stringWidthFront = {
	name: 'string-width-front',
	setup(build) {
		const front = 'uptop-string-width-front';
		build.onResolve({filter: /^string-width$/}, args => (args.importer.endsWith(front) ? undefined : {path: front, namespace: front}));
		build.onLoad({filter: /.*/, namespace: front}, () => ({
			resolveDir: process.cwd(),
			loader: 'js',
			contents: `import {oneCellWidth} from './source/ui/cell-width.ts';
let full;
export default function stringWidth(text, options) {
	const width = oneCellWidth(text, options);
	if (width !== undefined) return width;
	full ??= require(${JSON.stringify(requireHere.resolve('string-width', {paths: [path.dirname(requireHere.resolve('ink'))]}))}).default;
	return full(text, options);
}
`,
		}));
	},
};

/**
 * meow's prebuilt dependencies evaluate normalize-package-data (spdx licence tables, ~25 ms) when imported,
 * though meow only calls it when \`cli.pkg\` is read, which uptop never does. Deferred to that call; the
 * build fails if meow's text changes, so the deferral is never silently lost.
 */
const lazyPackageNormalizer = {
	name: 'lazy-package-normalizer',
	setup(build) {
		build.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, args => {
			const eager = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
			const text = readFileSync(args.path, 'utf8');
			if (!text.includes(eager)) {
				throw new Error(`${args.path}: meow changed; update lazyPackageNormalizer in scripts/build.mjs`);
			}

			return {loader: 'js', contents: text.replace(eager, 'const normalizePackageData = json => getDefaultExportFromCjs(requireNormalize())(json);')};
		});
	},
};

rmSync('dist', {recursive: true, force: true});
await build({
	entryPoints: {cli: 'source/cli.tsx', worker: 'source/monitor/worker.ts', 'demo-fleet': 'demo/fleet.ts'},
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
	plugins: [stringWidthFront, lazyPackageNormalizer],
});

// The published entry turns on Node's compile cache before the bundle is parsed: later starts skip compiling.
writeFileSync('dist/uptop.js', `#!/usr/bin/env node
import module from 'node:module';

try {
	module.enableCompileCache?.();
} catch {}

await import('./cli.js');
`, {mode: 0o755});
