/**
 * The file a thread runs, `name` beside the module at `from` (its import.meta.url): bundled, that module sits in a
 * chunk beside dist/NAME.js (scripts/build.mjs); from source (tests, tsx), beside NAME.ts.
 */
export function threadFileUrl(name: string, from: string): URL {
	return new URL(from.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, from);
}
