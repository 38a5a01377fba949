import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {Banner, bannerLines} from '../../../source/ui/components/Banner.js';
import {createTheme} from '../../../source/ui/theme.js';

afterEach(() => {
	cleanup();
});

const theme = createTheme({color: false, ascii: false});

describe('the banner', () => {
	it('says good news on its own line, and gives the line to an error when there is one', () => {
		expect(render(<Banner isPaused={false} info='checks.yaml reloaded: 3 checks' width={60} theme={theme} />).lastFrame()).toBe('✓ checks.yaml reloaded: 3 checks');
		expect(render(<Banner isPaused={false} message='config not reloaded: checks.yaml:3:9' info='checks.yaml reloaded: 3 checks' width={60} theme={theme} />).lastFrame()).toBe('! config not reloaded: checks.yaml:3:9');
		expect(bannerLines(false, undefined, 'reloaded')).toBe(1);
		expect(bannerLines(true, 'error', 'reloaded')).toBe(2);
		expect(bannerLines(false, undefined, undefined)).toBe(0);
	});

	it('wraps an error that does not fit on one line, at most three, and counts its lines for the layout', () => {
		const error = 'config not reloaded: checks.yaml:72:5: unknown key `timout` in http check `payments-svc-8`; hint: did you mean `timeout`?';
		expect(render(<Banner isPaused={false} message={error} width={80} theme={theme} />).lastFrame()).toBe([
			'! config not reloaded: checks.yaml:72:5: unknown key `timout` in http check',
			'  `payments-svc-8`; hint: did you mean `timeout`?',
		].join('\n'));
		expect(bannerLines(true, error, undefined, 80)).toBe(3);
		expect(bannerLines(false, error, undefined, 200)).toBe(1);
		const long = `${error} ${'and more '.repeat(40)}`;
		const lines = render(<Banner isPaused={false} message={long} width={60} theme={theme} />).lastFrame()!.split('\n');
		expect(lines).toHaveLength(3);
		expect(lines[2]).toMatch(/…$/);
		expect(bannerLines(false, long, undefined, 60)).toBe(3);
	});
});
