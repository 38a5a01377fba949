import {describe, expect, it} from 'vitest';
import {displayWidth} from '../../../source/ui/text.js';
import {cutTelling} from '../../../source/ui/view/cut-telling.js';
import {nameRivals} from '../../../source/ui/view/name-rivals.js';

const graphemesOf = (text: string): string[] => [...new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(text)].map(part => part.segment);

describe('cutTelling', () => {
	// Each pair shares a start and an end that overlap inside the repeated character: the part that tells them apart
	// begins in the middle of it.
	it.each([
		['orders 🚀🚀 queue depth', 'orders 🚀 queue depth'],
		['team 👨‍👩‍👧👨‍👩‍👧 api', 'team 👨‍👩‍👧 api'],
	])('keeps whole characters of %s beside %s at every width', (name, rival) => {
		const rivals = nameRivals([name, rival]);
		const whole = new Set(graphemesOf(name));
		for (const ellipsis of ['…', '...']) {
			for (let width = 3; width <= 12; width++) {
				const cut = cutTelling(name, width, ellipsis, rivals, 'middle');
				expect(displayWidth(cut), `${width} ${cut}`).toBeLessThanOrEqual(width);
				// No half of a surrogate pair (drawn as �) and no part of a joined emoji.
				expect(cut.split(ellipsis).join('').replace(/\.+/g, ''), `${width} ${ellipsis}`).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
				for (const part of graphemesOf(cut.split(ellipsis).join(''))) expect(whole.has(part) || part === '.', `${width} ${JSON.stringify(cut)}`).toBe(true);
			}
		}
	});

	it.each(['…', '...'])('shows some of the name with %s at every width wider than the ellipsis', ellipsis => {
		const name = 'payments-api eu-west-1 primary health';
		const rivals = nameRivals([name, 'payments-api us-east-1 primary health']);
		for (let width = displayWidth(ellipsis) + 1; width <= 8; width++) {
			const cut = cutTelling(name, width, ellipsis, rivals, 'middle');
			// The name has no dots: what is left after taking out the ellipses is the name's own text.
			expect(cut.replace(/[.…]/gu, ''), `${width} ${cut}`).not.toBe('');
		}
	});
});
