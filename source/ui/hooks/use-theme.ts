import {useMemo} from 'react';
import {createTheme, type Theme, type ThemeOptions} from '../theme.js';

/** The theme for these options, the same object while they hold: memoized rows compare it by identity. */
export function useTheme({color, ascii, background, hasOnly16Colours}: ThemeOptions): Theme {
	return useMemo(() => createTheme({color, ascii, background, hasOnly16Colours}), [color, ascii, background, hasOnly16Colours]);
}
