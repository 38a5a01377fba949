import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		exclude: ['test/**/*.soak.test.ts'],
		testTimeout: 20_000,
		hookTimeout: 30_000,
		// Real servers, real terminals: keep parallelism modest on a 2-core machine.
		maxWorkers: 2,
		globalSetup: ['test/helpers/global-setup.ts'],
	},
});
