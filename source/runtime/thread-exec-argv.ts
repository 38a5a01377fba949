import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';

/**
 * The flags a worker thread started from `url` needs. From source (tests, tsx) it is TypeScript importing `.js`
 * specifiers: it needs the tsx loader. Bundled, none: not even the parent's, which are for the parent.
 */
export function threadExecArgv(url: URL): string[] {
	if (!url.pathname.endsWith('.ts')) return [];
	const loader = createRequire(import.meta.url).resolve('tsx');
	return ['--import', pathToFileURL(loader).href];
}
