import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {productPlugins} from '../../scripts/bundle-plugins.mjs';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Inside node_modules so it is ignored by git and bundles still resolve nothing at run time. */
export const outDirectory = path.join(repositoryRoot, 'node_modules', '.cache', 'uptop-bench');
export const nodeBinary = process.execPath;

const cache = new Map<string, Promise<string>>();

/**
 * Bundles one bench child (a path under bench/, or under source/ for a product entry such as the worker) (and the product modules it imports) into a single ESM file run by plain `node`.
 * Children run bundled, like dist/uptop.js, so their start-up, CPU and RSS carry no TypeScript loader.
 * Rejects with esbuild's message when a product module it needs does not exist (yet).
 */
export function bundle(entry: string): Promise<string> {
	let pending = cache.get(entry);
	if (pending === undefined) {
		pending = bundleNow(entry);
		cache.set(entry, pending);
	}

	return pending;
}

async function bundleNow(entry: string): Promise<string> {
	mkdirSync(outDirectory, {recursive: true});
	const name = path.basename(entry).replace(/\.tsx?$/, '.mjs');
	const outfile = path.join(outDirectory, name);
	await build({
		entryPoints: [entry.startsWith('source/') ? path.join(repositoryRoot, entry) : path.join(repositoryRoot, 'bench', entry)],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node22',
		banner: {js: "import {createRequire as __benchCreateRequire} from 'node:module'; const require = __benchCreateRequire(import.meta.url);"},
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': path.join(repositoryRoot, 'scripts', 'empty-module.mjs')},
		jsx: 'automatic',
		logLevel: 'silent',
		legalComments: 'none',
		// Built the way uptop ships (scripts/build.mjs): the render-load app's Ink measures text as the CLI's does.
		plugins: productPlugins,
	});
	return outfile;
}
