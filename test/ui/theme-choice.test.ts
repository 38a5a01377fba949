import {describe, expect, it} from 'vitest';
import {backgroundOfColorFgBg, chooseBackground, isBackgroundLeftToTerminal} from '../../source/ui/theme-choice.js';

describe('backgroundOfColorFgBg', () => {
	it.each([
		['15;0', 'dark'],
		['0;15', 'light'],
		['7;0', 'dark'],
		['0;7', 'light'],
		['15;8', 'dark'],
		['0;default;15', 'light'],
		['15;default;0', 'dark'],
		['default;default', undefined],
		['', undefined],
		['0;256', undefined],
		['light', undefined],
		[undefined, undefined],
	] as const)('reads COLORFGBG=%j as a %s background', (value, background) => {
		expect(backgroundOfColorFgBg(value)).toBe(background);
	});
});

describe('chooseBackground', () => {
	it.each([
		['nothing set', undefined, {}, 'dark'],
		['COLORFGBG alone', undefined, {COLORFGBG: '0;15'}, 'light'],
		['UPTOP_THEME over COLORFGBG', undefined, {UPTOP_THEME: 'dark', COLORFGBG: '0;15'}, 'dark'],
		['UPTOP_THEME=light with no COLORFGBG', undefined, {UPTOP_THEME: 'light'}, 'light'],
		['UPTOP_THEME=auto asks COLORFGBG', undefined, {UPTOP_THEME: 'auto', COLORFGBG: '0;15'}, 'light'],
		['an empty UPTOP_THEME as unset', undefined, {UPTOP_THEME: '', COLORFGBG: '0;15'}, 'light'],
		['--theme over UPTOP_THEME', 'light', {UPTOP_THEME: 'dark'}, 'light'],
		['--theme over COLORFGBG', 'dark', {COLORFGBG: '0;15'}, 'dark'],
		['--theme auto over UPTOP_THEME', 'auto', {UPTOP_THEME: 'dark', COLORFGBG: '0;15'}, 'light'],
		['--theme auto with no COLORFGBG', 'auto', {UPTOP_THEME: 'light'}, 'dark'],
	] as const)('takes %s', (_name, flag, env, background) => {
		expect(chooseBackground(flag, env)).toEqual({background});
	});

	it('names the flag and the accepted values for a mistyped --theme', () => {
		expect(chooseBackground('lite', {UPTOP_THEME: 'light'})).toEqual({problem: 'uptop: --theme expects auto, dark or light, found "lite"'});
	});

	it('names the variable for a mistyped UPTOP_THEME, with no --theme', () => {
		expect(chooseBackground(undefined, {UPTOP_THEME: 'Solarized'})).toEqual({problem: 'uptop: UPTOP_THEME expects auto, dark or light, found "Solarized"'});
	});

	it('shows control characters in a mistyped value as visible tokens and cuts a long one', () => {
		const problem = chooseBackground(undefined, {UPTOP_THEME: `dark\u009D0;pwned\u0007\u202Eevil\u001B[2J${'x'.repeat(100_000)}`});
		expect(problem).toEqual({problem: `uptop: UPTOP_THEME expects auto, dark or light, found "dark<U+009D>0;pwned^G<U+202E>evil^[[2Jx…"`});
	});

	it('leaves a mistyped UPTOP_THEME alone when --theme decides', () => {
		expect(chooseBackground('dark', {UPTOP_THEME: 'Solarized'})).toEqual({background: 'dark'});
	});
});

describe('isBackgroundLeftToTerminal', () => {
	it.each([
		['nothing set', undefined, {}, true],
		['--theme auto over UPTOP_THEME=light', 'auto', {UPTOP_THEME: 'light'}, true],
		['UPTOP_THEME=auto', undefined, {UPTOP_THEME: 'auto'}, true],
		['an empty UPTOP_THEME', undefined, {UPTOP_THEME: ''}, true],
		['COLORFGBG=default;default, which names no background', undefined, {COLORFGBG: 'default;default'}, true],
		['--theme dark', 'dark', {}, false],
		['--theme light', 'light', {}, false],
		['UPTOP_THEME=light', undefined, {UPTOP_THEME: 'light'}, false],
		['COLORFGBG=15;0', undefined, {COLORFGBG: '15;0'}, false],
		['--theme auto with COLORFGBG=0;15', 'auto', {COLORFGBG: '0;15'}, false],
	] as const)('with %s: %s', (_name, flag, env, isLeft) => {
		expect(isBackgroundLeftToTerminal(flag, env)).toBe(isLeft);
	});
});
