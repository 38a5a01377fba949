import {describe, expect, it} from 'vitest';
import {backgroundOfColour, backgroundQuery, createBackgroundReplyReader, parseColour, relativeLuminance} from '../../source/ui/background-reply.js';

const osc = (body: string, terminator = '\u001B\\'): string => `\u001B]11;${body}${terminator}`;
const deviceAttributes = '\u001B[?1;2c';

/** What a reader makes of `chunks`, pushed one after another. */
function read(chunks: readonly string[]): {keys: string; background: string | undefined; isDone: boolean} {
	const reader = createBackgroundReplyReader();
	const keys = chunks.map(chunk => reader.push(chunk)).join('');
	return {keys, background: reader.background, isDone: reader.isDone};
}

describe('parseColour', () => {
	it.each([
		['rgb:ffff/ffff/ffff', 1, 1, 1],
		['rgb:0000/0000/0000', 0, 0, 0],
		['rgb:ff/80/00', 1, 0x80 / 0xFF, 0],
		['rgb:f/8/0', 1, 8 / 15, 0],
		['rgb:fff/000/fff', 1, 0, 1],
		['RGB:FDFD/F6F6/E3E3', 0xFD_FD / 0xFF_FF, 0xF6_F6 / 0xFF_FF, 0xE3_E3 / 0xFF_FF],
		['rgba:ffff/ffff/ffff/c000', 1, 1, 1],
		['#fdf6e3', 0xFD / 0x1_00, 0xF6 / 0x1_00, 0xE3 / 0x1_00],
		['#f00', 15 / 16, 0, 0],
		['#ffff00000000', 0xFF_FF / 0x1_00_00, 0, 0],
	])('reads %s', (spec, red, green, blue) => {
		const colour = parseColour(spec);
		expect(colour?.red).toBeCloseTo(red, 6);
		expect(colour?.green).toBeCloseTo(green, 6);
		expect(colour?.blue).toBeCloseTo(blue, 6);
	});

	it.each([
		'',
		'?',
		'rgb:',
		'rgb:ffff/ffff',
		'rgb:fffff/ffff/ffff',
		'rgb:ffff/ffff/ffff/ffff',
		'rgba:ffff/ffff/ffff',
		'rgb:gggg/0000/0000',
		'#ff',
		'#fffff',
		'white',
		'rgb:ffff/ffff/ffff ',
	])('reads no colour from %j', spec => {
		expect(parseColour(spec)).toBeUndefined();
	});
});

describe('backgroundOfColour', () => {
	it.each([
		['white', 'rgb:ffff/ffff/ffff', 'light'],
		['Solarized Light', '#fdf6e3', 'light'],
		["tmux's white", 'rgb:c0c0/c0c0/c0c0', 'light'],
		['black', 'rgb:0000/0000/0000', 'dark'],
		['Solarized Dark', 'rgb:0000/2b2b/3636', 'dark'],
		['mid-grey', 'rgb:8080/8080/8080', 'dark'],
		['pure yellow, bright but not half as bright as white in blue', 'rgb:ffff/ffff/0000', 'light'],
		['pure blue', 'rgb:0000/0000/ffff', 'dark'],
	])('calls %s (%s) %s', (_name, spec, background) => {
		expect(backgroundOfColour(parseColour(spec)!)).toBe(background);
	});

	it('measures relative luminance as WCAG does', () => {
		expect(relativeLuminance({red: 1, green: 1, blue: 1})).toBeCloseTo(1, 6);
		expect(relativeLuminance({red: 0.5, green: 0.5, blue: 0.5})).toBeCloseTo(0.214, 3);
	});
});

describe('createBackgroundReplyReader', () => {
	it('asks for the background, then for the device attributes that end the wait', () => {
		expect(backgroundQuery).toBe('\u001B]11;?\u001B\\\u001B[c');
	});

	it.each([
		['ESC \\', '\u001B\\'],
		['BEL', '\u0007'],
		['the 8-bit ST', '\u009C'],
	])('reads an answer ended by %s', (_name, terminator) => {
		expect(read([osc('rgb:ffff/ffff/ffff', terminator) + deviceAttributes])).toEqual({keys: '', background: 'light', isDone: true});
	});

	/** What a terminal sends as bytes, one character a byte, as the reader is given them. */
	const bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
	const eightBit = {
		// xterm after S8C1T, its bytes as sent: OSC is 9D, CSI 9B, ST 9C.
		'raw C1 bytes': '\u009D11;rgb:ffff/ffff/ffff\u009C\u009B?1;2c',
		// The same from a UTF-8 terminal: each C1 control in UTF-8, C2 then the control.
		'C1 controls in UTF-8': bytes('\u009D11;rgb:ffff/ffff/ffff\u009C\u009B?1;2c'),
		'an 8-bit OSC ended by ESC \\ and a 7-bit DA1': `\u009D11;rgb:ffff/ffff/ffff\u001B\\${deviceAttributes}`,
		'a 7-bit OSC ended by BEL and an 8-bit DA1': `${osc('rgb:ffff/ffff/ffff', '\u0007')}\u009B?1;2c`,
	};

	it.each(Object.entries(eightBit))('reads an answer in 8-bit form: %s', (_name, answer) => {
		expect(read(['j', answer, 'k'])).toEqual({keys: 'jk', background: 'light', isDone: true});
		expect(read([...answer])).toEqual({keys: '', background: 'light', isDone: true});
	});

	it('hands on UTF-8 text whose continuation bytes are C1 controls\' bytes (ě is C4 9B, ѝ D1 9D, ✝ E2 9C 9D), split anywhere', () => {
		// Read as CSI and OSC, `ě?1;2c` would end the wait and `ѝ11;` would swallow what follows.
		const typed = bytes('pěkně?1;2c ѝ11;rgb:ffff/ffff/ffff✝ ©');
		expect(read([typed, deviceAttributes])).toEqual({keys: typed, background: undefined, isDone: true});
		expect(read([...typed, deviceAttributes])).toEqual({keys: typed, background: undefined, isDone: true});
	});

	it('hands on an 8-bit CSI that is not an answer (an arrow key in 8-bit form) and holds a C2 until its next byte', () => {
		expect(read(['\u009BA', '\u00C2\u009BB', deviceAttributes])).toEqual({keys: '\u009BA\u00C2\u009BB', background: undefined, isDone: true});
		const reader = createBackgroundReplyReader();
		expect(reader.push(bytes('x©').slice(0, 2))).toBe('x');
		expect(reader.isHolding).toBe(true);
		expect(reader.flush()).toBe('\u00C2');
		expect(reader.push('\u009D')).toBe('');
		expect(reader.flush()).toBe('\u009D');
		expect(reader.push('\u009D11;rgb:ff')).toBe('');
		expect(reader.flush()).toBe('');
	});

	it('reads a dark answer', () => {
		expect(read([osc('rgb:0000/0000/0000') + deviceAttributes])).toEqual({keys: '', background: 'dark', isDone: true});
	});

	it('is done with no background when DA1 answers alone: the terminal does not support OSC 11', () => {
		expect(read([deviceAttributes])).toEqual({keys: '', background: undefined, isDone: true});
		expect(read(['\u001B[?6c'])).toEqual({keys: '', background: undefined, isDone: true});
	});

	it('waits for more while only the colour has come', () => {
		expect(read([osc('rgb:ffff/ffff/ffff')])).toEqual({keys: '', background: 'light', isDone: false});
	});

	it('reads the answers split at every byte', () => {
		const answer = osc('rgb:fdfd/f6f6/e3e3') + deviceAttributes;
		expect(read([...answer])).toEqual({keys: '', background: 'light', isDone: true});
	});

	it.each([3, 5, 9, 17, 25, 27])('reads the answers split after %i characters', at => {
		const answer = osc('rgb:ffff/ffff/ffff') + deviceAttributes;
		expect(read([answer.slice(0, at), answer.slice(at)])).toEqual({keys: '', background: 'light', isDone: true});
	});

	it('hands on keys typed before, between and after the answers, in order', () => {
		const chunks = ['jj', osc('rgb:ffff/ffff/ffff'), '?', `${deviceAttributes}q`, 'k'];
		expect(read(chunks)).toEqual({keys: 'jj?qk', background: 'light', isDone: true});
	});

	it('hands on escape sequences of keys (arrows, alt+]) and a lone escape before an answer', () => {
		const chunks = ['\u001B[A\u001B[B', '\u001B]x', '\u001B', osc('rgb:0000/0000/0000') + deviceAttributes];
		expect(read(chunks)).toEqual({keys: '\u001B[A\u001B[B\u001B]x\u001B', background: 'dark', isDone: true});
	});

	it('hands on non-ASCII text typed ahead untouched', () => {
		expect(read(['ü€', deviceAttributes])).toEqual({keys: 'ü€', background: undefined, isDone: true});
	});

	it('hands on reports other than DA1, which are not the end of the wait', () => {
		expect(read(['\u001B[?1u'])).toEqual({keys: '\u001B[?1u', background: undefined, isDone: false});
	});

	it.each([
		['a colour it cannot read', osc('cmy:1/1/1') + deviceAttributes],
		['an empty colour', osc('') + deviceAttributes],
		['an over-long body', osc(`rgb:ffff/ffff/ffff${'0'.repeat(10_000)}`) + deviceAttributes],
		['control characters in the body', osc('rgb:ff\u0000f/ffff/ffff') + deviceAttributes],
		['a body cut by the next answer', `\u001B]11;rgb:ffff/ffff/ffff${deviceAttributes}`],
	])('drops %s, naming no background and echoing none of it', (_name, answers) => {
		const {keys, background, isDone} = read([answers]);
		expect(keys).toBe('');
		expect(background).toBeUndefined();
		expect(isDone).toBe(true);
	});

	it('hands on everything after DA1 unread', () => {
		const late = osc('rgb:ffff/ffff/ffff');
		expect(read([deviceAttributes + late])).toEqual({keys: late, background: undefined, isDone: true});
	});

	it('gives back a held escape or bracket at the end, and drops a begun answer', () => {
		const reader = createBackgroundReplyReader();
		expect(reader.push('x\u001B')).toBe('x');
		expect(reader.flush()).toBe('\u001B');
		expect(reader.push('\u001B]')).toBe('');
		expect(reader.flush()).toBe('\u001B]');
		expect(reader.push('\u001B]11;rgb:ff')).toBe('');
		expect(reader.flush()).toBe('');
		expect(reader.push('y')).toBe('y');
	});

	it('says when it holds bytes that could be keys or an answer\'s start, so a lone esc can be handed on', () => {
		const reader = createBackgroundReplyReader();
		expect(reader.push('x')).toBe('x');
		expect(reader.isHolding).toBe(false);
		expect(reader.push('\u001B')).toBe('');
		expect(reader.isHolding).toBe(true);
		expect(reader.flush()).toBe('\u001B');
		expect(reader.isHolding).toBe(false);
		// Inside an answer's body nothing could be a key: not holding, and flush drops it.
		expect(reader.push('\u001B]11;rgb:ff')).toBe('');
		expect(reader.isHolding).toBe(false);
	});
});
