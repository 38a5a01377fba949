import {describe, expect, it} from 'vitest';
import {createTheme} from '../../../source/ui/theme.js';
import {displayWidth} from '../../../source/ui/text.js';
import {helpLines} from '../../../source/ui/view/help-lines.js';

describe('helpLines in a narrow terminal', () => {
	const theme = createTheme({color: false, ascii: false});

	it('wraps a description too long for the line under itself instead of cutting it', () => {
		const lines = helpLines({width: 44, height: 10, theme}).map(line => line.map(segment => segment.text).join(''));
		for (const line of lines) expect(displayWidth(line), line).toBe(44);
		const at = lines.findIndex(line => line.startsWith('  esc ') && line.includes('close details'));
		const indent = lines[at]!.indexOf('close details');
		expect(lines[at + 1]!.slice(0, indent).trim()).toBe('');
		expect(`${lines[at]!.slice(indent).trim()} ${lines[at + 1]!.slice(indent).trim()}`).toBe('close details / help / events, clear filter');
		expect(lines.join('\n')).not.toContain('…');
	});
});
