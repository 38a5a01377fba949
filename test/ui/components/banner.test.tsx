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
});
