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

// `new Intl.Segmenter()` or `new Intl.Segmenter(undefined, {granularity: 'grapheme'})`, as Ink's helpers write it.
const graphemeSegmenterConstruction = /new Intl\.Segmenter\(\s*(?:(?:undefined|void 0)\s*,\s*\{\s*granularity:\s*(['"])grapheme\1\s*,?\s*\}\s*)?\)/g;

/**
 * Ink and its helpers (wrap-ansi, slice-ansi, ansi-tokenize, cli-truncate, string-width, Ink's line diff)
 * each make a grapheme Intl.Segmenter when they load: the first one loads ICU's break rules, ~19 ms of the
 * first frame. They get source/ui/grapheme-segmenter.ts instead, which splits plain text itself and makes a
 * real segmenter only for text that needs one. A package that makes one in a form this cannot replace (not
 * an ES module) fails the build, so the replacement is never silently lost.
 */
export const graphemeSegmenterFront = {
	name: 'grapheme-segmenter-front',
	setup(build) {
		const front = path.join(repositoryRoot, 'source', 'ui', 'grapheme-segmenter.ts');
		build.onLoad({filter: /[\\/]node_modules[\\/].*\.m?js$/}, args => {
			const text = readFileSync(args.path, 'utf8');
			if (!text.includes('Intl.Segmenter')) return undefined;
			const replaced = text.replace(graphemeSegmenterConstruction, 'new __UptopGraphemeSegmenter()');
			if (replaced === text) return undefined;
			if (!/^\s*(?:import|export)\s/m.test(text)) {
				throw new Error(`${args.path}: makes a grapheme Intl.Segmenter but is not an ES module; extend graphemeSegmenterFront in scripts/bundle-plugins.mjs`);
			}

			return {loader: 'js', resolveDir: path.dirname(args.path), contents: `import {GraphemeSegmenter as __UptopGraphemeSegmenter} from ${JSON.stringify(front)};\n${replaced}`};
		});
	},
};

const lazyChildProcessModule = 'uptop-lazy-child-process';
const childProcessFunctions = ['exec', 'execFile', 'execFileSync', 'execSync', 'fork', 'spawn', 'spawnSync'];

/**
 * meow's prebuilt dependencies and Ink's terminal-size import node:child_process when they load (~5 ms of every
 * start), though neither runs a process on the way to the first frame. Their imports get functions that load it
 * on first call. An import of anything else from it fails the build, so the deferral is never silently lost.
 */
export const lazyChildProcess = {
	name: 'lazy-child-process',
	setup(build) {
		build.onResolve({filter: /^(?:node:)?child_process$/}, args => (/[\\/]node_modules[\\/]/.test(args.importer) ? {path: lazyChildProcessModule, namespace: lazyChildProcessModule} : undefined));
		build.onLoad({filter: /.*/, namespace: lazyChildProcessModule}, () => ({
			loader: 'js',
			contents: [
				"import {createRequire} from 'node:module';",
				'let loaded;',
				"const childProcess = () => (loaded ??= createRequire(import.meta.url)('node:child_process'));",
				...childProcessFunctions.map(name => `export const ${name} = (...args) => childProcess().${name}(...args);`),
			].join('\n'),
		}));
	},
};

/**
 * Ink hides the cursor on stdout and shows it again there when it unmounts; restore-cursor adds a last resort
 * that writes the show-cursor sequence to stderr at exit. When stderr is a file (`2>uptop.log`) that left an
 * escape sequence in it on every exit. It now writes only to a terminal. The build fails if the package
 * changes, so the guard is never silently lost.
 */
export const restoreCursorToTerminal = {
	name: 'restore-cursor-to-terminal',
	setup(build) {
		build.onLoad({filter: /[\\/]restore-cursor[\\/]index\.js$/}, args => {
			const write = "process.stderr.write('\\u001B[?25h');";
			const text = readFileSync(args.path, 'utf8');
			if (!text.includes(write)) {
				throw new Error(`${args.path}: restore-cursor changed; update restoreCursorToTerminal in scripts/bundle-plugins.mjs`);
			}

			return {loader: 'js', resolveDir: path.dirname(args.path), contents: text.replace(write, `if (process.stderr.isTTY) ${write}`)};
		});
	},
};

/**
 * Ink sanitizes the text of every <Text> on every render by tokenizing it. Text that the sanitizer would return
 * unchanged (source/ui/plain-styled-text.ts; tested against Ink's own) skips it. The build fails if Ink's
 * module changes shape, so the shortcut is never silently lost.
 */
export const plainTextSanitizeFront = {
	name: 'plain-text-sanitize-front',
	setup(build) {
		const check = path.join(repositoryRoot, 'source', 'ui', 'plain-styled-text.ts');
		build.onLoad({filter: /[\\/]ink[\\/]build[\\/]sanitize-ansi\.js$/}, args => {
			const text = readFileSync(args.path, 'utf8');
			const exported = 'export default sanitizeAnsi;';
			if (!text.includes(exported)) {
				throw new Error(`${args.path}: Ink changed; update plainTextSanitizeFront in scripts/bundle-plugins.mjs`);
			}

			return {
				loader: 'js',
				resolveDir: path.dirname(args.path),
				contents: `import {isPlainStyledText as __uptopIsPlainStyledText} from ${JSON.stringify(check)};\n${text.replace(exported, 'export default text => (__uptopIsPlainStyledText(text) ? text : sanitizeAnsi(text));')}`,
			};
		});
	},
};

/** Every plugin of the product build, in order: scripts/build.mjs and the bench's bundles use this one list. */
export const productPlugins = [stringWidthFront, lazyPackageNormalizer, graphemeSegmenterFront, lazyChildProcess, restoreCursorToTerminal, plainTextSanitizeFront];
