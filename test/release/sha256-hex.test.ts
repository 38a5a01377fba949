import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {sha256Hex} from '../../source/release/sha256-hex.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256Hex', () => {
	it('gives the published digests of the standard test messages', () => {
		expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
	});

	it('agrees with node:crypto on every length around the block and padding boundaries', () => {
		for (let length = 0; length <= 200; length++) {
			const text = 'x'.repeat(length);
			expect(sha256Hex(text), `length ${length}`).toBe(nodeSha256(text));
		}
	});

	it('agrees with node:crypto on any text, hashed as UTF-8 (paths with accents, CJK, emoji)', () => {
		fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 300}), text => sha256Hex(text) === nodeSha256(text)), {numRuns: 500});
		expect(sha256Hex('/srv/équipe/監視/🚀/checks.yaml')).toBe(nodeSha256('/srv/équipe/監視/🚀/checks.yaml'));
	});
});
