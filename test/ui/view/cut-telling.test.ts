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

	it('keeps both points a name differs at when the part between them is wider than the column', () => {
		// Each differs from one rival at its start's last word and from another at its end: a cut around the middle of
		// the part between read `…h eu-cen…` for both auths, and `…c eu-cen…` for all three billing-syncs.
		const names = ['auth eu-central-1 1', 'auth eu-central-1 3', 'billing-sync eu-central-1 1', 'billing-sync eu-central-1 3', 'billing-sync eu-central-1 5'];
		const rivals = nameRivals(names);
		// The --once table asks for an end cut, the live table for a middle one: both keep the two points.
		for (const shape of ['middle', 'end'] as const) {
			for (const ellipsis of ['…', '...']) {
				for (let width = 4 + (3 * displayWidth(ellipsis)); width <= 18; width++) {
					const cuts = names.map(name => cutTelling(name, width, ellipsis, rivals, shape));
					for (const cut of cuts) expect(displayWidth(cut), `${width} ${cut}`).toBeLessThanOrEqual(width);
					expect(new Set(cuts).size, `${shape} ${width} ${JSON.stringify(cuts)}`).toBe(names.length);
				}
			}
		}

		expect(names.slice(0, 4).map(name => cutTelling(name, 9, '…', rivals, 'middle'))).toEqual(['auth e…1', 'auth e…3', '…sync…1', '…sync…3']);
		expect(names.slice(0, 4).map(name => cutTelling(name, 9, '…', rivals, 'end'))).toEqual(['auth e…1', 'auth e…3', '…sync…1', '…sync…3']);
		expect(cutTelling('billing-sync eu-central-1 1', 6, '…', rivals, 'middle')).toBe('…c…1');
		// With no punctuation, the word holding the first point runs past the second: the point alone still fits.
		const words = [`pA${'m'.repeat(20)}Qz`, `pA${'m'.repeat(20)}Rz`, `xA${'m'.repeat(20)}Qz`];
		const wordRivals = nameRivals(words);
		for (let width = 6; width <= 12; width++) {
			const cuts = words.map(name => cutTelling(name, width, '…', wordRivals, 'middle'));
			expect(new Set(cuts).size, `${width} ${JSON.stringify(cuts)}`).toBe(words.length);
		}
	});

	it('gives way in the shape asked for where it is too narrow to keep the part that tells the name apart', () => {
		const name = 'payments-api eu-west-1 primary health';
		const rivals = nameRivals([name, 'payments-api us-east-1 primary health']);
		// At 4 to 6 cells an ASCII `...` leaves `eu-west-1` no cell: the cut is the plain one of the shape asked for.
		expect([4, 5, 6].map(width => cutTelling(name, width, '...', rivals, 'end'))).toEqual(['p...', 'pa...', 'pay...']);
		expect([4, 5, 6].map(width => cutTelling(name, width, '...', rivals, 'middle'))).toEqual(['p...', 'p...h', 'pa...h']);
		// The part that differs starts with a character two cells wide: at 3 cells it gets none beside its ellipses.
		const rockets = nameRivals(['orders 🚀🚀 queue depth', 'orders 🚀 queue depth']);
		expect(cutTelling('orders 🚀🚀 queue depth', 3, '…', rockets, 'end')).toBe('or…');
		expect(cutTelling('orders 🚀🚀 queue depth', 3, '…', rockets, 'middle')).toBe('o…h');
	});
});

/** A seeded generator, so a failing set is the same on every run. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
		mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * Whether `name` can be told from every other of `names` by a start and an end kept around one ellipsis in
 * `width` cells: a start no other shares, or an end no other shares with that start. Tried every way (ASCII names).
 */
function canBeToldApart(name: string, names: readonly string[], width: number, ellipsis: string): boolean {
	if (name.length <= width) return true;
	for (let head = 0; head <= width - ellipsis.length; head++) {
		const tail = width - ellipsis.length - head;
		const start = name.slice(0, head);
		const end = name.slice(name.length - tail);
		if (names.every(other => other === name || !(other.startsWith(start) && other.endsWith(end)))) return true;
	}

	return false;
}

describe('cutTelling over a set of names', () => {
	const long = 'very-long-service-name-for-the-checkout-reconciliation-worker';

	it('cuts no two names alike where the third shares neither their longest start nor their longest end', () => {
		// `identity-us-east-1 …-26 primary health` shares its longest start with `identity-us-east-1 svc-0` and its
		// longest end with `orders-web-10 …-36 …`: both identity checks read `identity-us-e…very…rimary health`.
		const names = [`identity-us-east-1 ${long}-26 primary health`, `identity-us-east-2 ${long}-28 primary health`, 'identity-us-east-1 svc-0', 'identity-us-east-2 svc-0', `orders-web-10 ${long}-36 primary health`, `orders-web-10 ${long}-38 primary health`];
		const rivals = nameRivals(names);
		for (const shape of ['middle', 'end'] as const) {
			// From 20 cells each can be told from the others: `identity-us-east-1…h` beside `…-2…h`, `…svc-0`.
			for (let width = 20; width <= 60; width++) {
				expect(names.every(name => canBeToldApart(name, names, width, '…'))).toBe(true);
				const cuts = names.map(name => cutTelling(name, width, '…', rivals, shape));
				expect(new Set(cuts).size, `${shape} ${width} ${JSON.stringify(cuts)}`).toBe(names.length);
			}
		}
	});

	it('gives distinct names distinct cuts whenever the width lets each be told from the others', () => {
		const words = ['identity', 'orders', 'us-east-1', 'us-east-2', 'eu-west-1', 'primary', 'replica', 'health', 'svc-0', 'svc-1', long, `${long}-26`, `${long}-28`, 'api', 'web-10', '1', '2', 'a', 'ab'];
		const next = random(7);
		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
		let checkedSets = 0;
		for (let set = 0; set < 300; set++) {
			const size = 2 + Math.floor(next() * 7);
			const names = [...new Set(Array.from({length: size}, () => Array.from({length: 1 + Math.floor(next() * 5)}, () => pick(words)).join(pick([' ', '-', ' ']))))];
			const rivals = nameRivals(names);
			for (const ellipsis of ['…', '...']) {
				for (const shape of ['middle', 'end'] as const) {
					const width = 6 + Math.floor(next() * 50);
					const cuts = names.map(name => cutTelling(name, width, ellipsis, rivals, shape));
					for (const cut of cuts) expect(displayWidth(cut), `${width} ${cut}`).toBeLessThanOrEqual(width);
					if (!names.every(name => canBeToldApart(name, names, width, ellipsis))) continue;
					checkedSets++;
					expect(new Set(cuts).size, `${shape} ${width} ${ellipsis} ${JSON.stringify(names)} → ${JSON.stringify(cuts)}`).toBe(names.length);
				}
			}
		}

		// Most sets can be told apart at their width: the property is not checked on a handful only.
		expect(checkedSets).toBeGreaterThan(600);
	});
});
