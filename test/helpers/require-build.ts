import process from 'node:process';

/** Before a test drives dist/uptop.js: the bundle must have built (global-setup.ts builds it and says why not). */
export function requireBuild(): void {
	if (process.env.UPTOP_BUILD_ERROR) {
		throw new Error(`the bundle did not build:\n${process.env.UPTOP_BUILD_ERROR}`);
	}
}
