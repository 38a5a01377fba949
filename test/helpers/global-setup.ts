import {execFileSync} from 'node:child_process';
import process from 'node:process';

/**
 * Builds the single-file bundle once per test run, for the end-to-end tests that drive the real binary.
 * A broken build does not stop unit tests; the e2e tests report it (UPTOP_BUILD_ERROR).
 */
export default function setup(): void {
	try {
		execFileSync(process.execPath, ['scripts/build.mjs'], {stdio: 'pipe'});
	} catch (error) {
		const output = (error as {stderr?: Buffer}).stderr?.toString() ?? String(error);
		process.env.UPTOP_BUILD_ERROR = output.slice(0, 2000);
	}
}
