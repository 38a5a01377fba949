import {describe, expect, it} from 'vitest';
import {exactInteger, jsonTextAtPath} from '../../source/probes/http/json-number-text.js';

describe('jsonTextAtPath', () => {
	it('finds the value\'s text past strings that hold brackets, quotes and escapes, in objects and arrays', () => {
		const json = '\uFEFF { "a\\"]": "x}]\\\\", "list" : [ "[", {"n": 9007199254740993 , "m": [1,2]} ], "n\\u0032": -5e20 }';
		expect(jsonTextAtPath(json, ['list', '1', 'n'])).toBe('9007199254740993');
		expect(jsonTextAtPath(json, ['list', '1', 'm'])).toBe('[1,2]');
		expect(jsonTextAtPath(json, ['n2'])).toBe('-5e20');
		expect(jsonTextAtPath(json, ['list', '2'])).toBeUndefined();
		expect(jsonTextAtPath(json, ['missing'])).toBeUndefined();
		expect(jsonTextAtPath(json, ['list', 'x'])).toBeUndefined();
	});

	it('walks a body nested deeper than the stack would hold', () => {
		const depth = 200_000;
		const json = `{"deep": ${'['.repeat(depth)}${']'.repeat(depth)}, "n": 12345678901234567890}`;
		expect(jsonTextAtPath(json, ['n'])).toBe('12345678901234567890');
	});
});

describe('exactInteger', () => {
	it.each([
		['9007199254740993', 9_007_199_254_740_993n],
		['-12', -12n],
		['1e16', 10_000_000_000_000_000n],
		['2.50e1', 25n],
		['0.0', 0n],
		['+7', 7n],
	])('reads %s', (text, value) => {
		expect(exactInteger(text)).toBe(value);
	});

	it.each(['1.5', '1e-3', 'abc', '', '.', '1e999999999'])('has no integer for %j', text => {
		expect(exactInteger(text)).toBeUndefined();
	});
});
