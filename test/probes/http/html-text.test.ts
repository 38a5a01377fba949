import {describe, expect, it} from 'vitest';
import {htmlText} from '../../../source/probes/http/html-text.js';

/** C0 but tab and line breaks, DEL and C1: what could drive a terminal, were it shown as it is. */
const control = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/u;

describe('htmlText: a numeric character reference to a control character', () => {
	it('becomes U+FFFD, never the control itself: ESC, BEL, NUL, DEL', () => {
		const text = htmlText('<p>&#x1b;]52;c;ZWNobyBwd25lZA==&#7; &#27;[2J &#0; &#x7F; &#x01;</p>', 200);
		expect(control.test(text), JSON.stringify(text)).toBe(false);
		expect(text).toBe('\uFFFD]52;c;ZWNobyBwd25lZA==\uFFFD \uFFFD[2J \uFFFD \uFFFD \uFFFD');
	});

	it('reads 128 to 159 as a browser does, in windows-1252; the five it leaves undefined become U+FFFD', () => {
		const text = htmlText('<p>&#x9b;2J &#128;5 &#x93;quoted&#x94; &#151; &#x81;&#x8D;&#x8F;&#x90;&#x9D;</p>', 200);
		expect(control.test(text), JSON.stringify(text)).toBe(false);
		expect(text).toBe('›2J €5 “quoted” — \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD');
	});

	it('keeps a tab or line break as the white space it is, and other characters as they are', () => {
		// A no-break space collapses with the space before it, as other white space does.
		expect(htmlText('<p>a&#9;b&#10;c &#xA0;d &#x2014; &#128512;</p>', 200)).toBe('a b c d — 😀');
	});
});
