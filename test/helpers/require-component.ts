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

/** A describe/it title that says why it was skipped. */
export function titleFor(title: string, isAvailable: boolean, what: string): string {
	return isAvailable ? title : `${title} (skipped: ${what} not installed)`;
}
