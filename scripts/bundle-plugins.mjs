// esbuild plugins shared by the product build (scripts/build.mjs) and the bench's bundles (bench/lib/bundle.ts),
// so that what the bench measures is built the way uptop ships.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const requireHere = createRequire(import.meta.url);
const repositoryRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Ink and its helpers measure every line with `string-width`, whose module builds an emoji pattern on load and
 * segments graphemes on every call. They get a front that answers one-cell text itself
 * (source/ui/cell-width.ts) and loads the real module lazily (a bundled require()) for anything else.
 */
export const stringWidthFront = {
	name: 'string-width-front',
	setup(build) {
		const front = 'uptop-string-width-front';
		build.onResolve({filter: /^string-width$/}, args => (args.importer.endsWith(front) ? undefined : {path: front, namespace: front}));
		build.onLoad({filter: /.*/, namespace: front}, () => ({
			resolveDir: repositoryRoot,
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
export const lazyPackageNormalizer = {
	name: 'lazy-package-normalizer',
	setup(build) {
		build.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, args => {
			const eager = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
			const text = readFileSync(args.path, 'utf8');
			if (!text.includes(eager)) {
				throw new Error(`${args.path}: meow changed; update lazyPackageNormalizer in scripts/bundle-plugins.mjs`);
			}

			return {loader: 'js', contents: text.replace(eager, 'const normalizePackageData = json => getDefaultExportFromCjs(requireNormalize())(json);')};
		});
	},
};
