import {spawnSync} from 'node:child_process';
import {accessSync, constants} from 'node:fs';

/**
 * Whether an installed component (a binary or file) can be used by a test. Missing outside CI: the test
 * is skipped and the reason is printed. Missing with CI=true: an error, because CI installs it (.ci/run).
 */
export function requireComponent(path: string, what: string): boolean {
	try {
		accessSync(path, constants.R_OK);
		return true;
	} catch {
		if (process.env.CI === 'true') {
			throw new Error(`${what} is required in CI but missing: ${path}`);
		}

		console.warn(`[skip] ${what} not installed (${path}); its tests are skipped`);
		return false;
	}
}

/**
 * Like requireComponent, for what a file's presence does not prove (a Python module): the component is there
 * when `argv` runs and exits 0.
 */
export function requireWorkingCommand(argv: readonly string[], what: string): boolean {
	const run = spawnSync(argv[0]!, argv.slice(1), {stdio: 'ignore', timeout: 30_000});
	if (run.status === 0) return true;
	if (process.env.CI === 'true') {
		throw new Error(`${what} is required in CI but \`${argv.join(' ')}\` failed`);
	}

	console.warn(`[skip] ${what} not installed (\`${argv.join(' ')}\` failed); its tests are skipped`);
	return false;
}

/** A describe/it title that says why it was skipped. */
export function titleFor(title: string, isAvailable: boolean, what: string): string {
	return isAvailable ? title : `${title} (skipped: ${what} not installed)`;
}
