import {afterEach, describe, expect, it, vi} from 'vitest';
import {requireComponent, titleFor} from './require-component.js';

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
