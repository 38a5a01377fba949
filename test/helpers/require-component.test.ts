import {afterEach, describe, expect, it, vi} from 'vitest';
import {requireComponent, requireWorkingCommand, titleFor} from './require-component.js';

describe('requireComponent', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
		vi.restoreAllMocks();
	});

	it('is true for an installed component', () => {
		expect(requireComponent('/bin/sh', 'sh')).toBe(true);
	});

	it('skips visibly outside CI', () => {
		vi.stubEnv('CI', '');
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(requireComponent('/nonexistent/tool', 'the tool')).toBe(false);
		expect(warn).toHaveBeenCalledWith('[skip] the tool not installed (/nonexistent/tool); its tests are skipped');
		expect(titleFor('suite', false, 'the tool')).toBe('suite (skipped: the tool not installed)');
	});

	it('fails in CI', () => {
		vi.stubEnv('CI', 'true');
		expect(() => requireComponent('/nonexistent/tool', 'the tool')).toThrow('the tool is required in CI but missing: /nonexistent/tool');
	});
});

describe('requireWorkingCommand', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
		vi.restoreAllMocks();
	});

	it('is true when the command runs, skips visibly outside CI when it fails, and fails in CI', () => {
		expect(requireWorkingCommand(['/bin/sh', '-c', 'exit 0'], 'sh')).toBe(true);
		vi.stubEnv('CI', '');
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(requireWorkingCommand(['/bin/sh', '-c', 'exit 1'], 'a module')).toBe(false);
		expect(warn).toHaveBeenCalledWith('[skip] a module not installed (`/bin/sh -c exit 1` failed); its tests are skipped');
		vi.stubEnv('CI', 'true');
		expect(() => requireWorkingCommand(['/bin/sh', '-c', 'exit 1'], 'a module')).toThrow('a module is required in CI but `/bin/sh -c exit 1` failed');
	});
});
