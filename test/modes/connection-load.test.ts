import {describe, expect, it} from 'vitest';
import {busiestFreshTarget, freshConnectionsNote, freshConnectionsPerSecond} from '../../source/modes/connection-load.js';
import {makeCheck} from '../monitor/fixtures.js';

describe('freshConnectionsPerSecond', () => {
	it('counts http checks without keep-alive at their intervals, and nothing else', () => {
		const checks = [
			makeCheck('a', {intervalMs: 1000}),
			makeCheck('b', {intervalMs: 250}),
			makeCheck('c', {intervalMs: 1000, keepAlive: true}),
			{...makeCheck('d', {intervalMs: 100}), kind: 'tcp' as const},
		];
		expect(freshConnectionsPerSecond(checks as Parameters<typeof freshConnectionsPerSecond>[0])).toBe(5);
	});

	it('says nothing at 500 a second and speaks above it', () => {
		const at = (count: number) => Array.from({length: count}, (_, index) => makeCheck(`c${index}`, {intervalMs: 1000}));
		expect(freshConnectionsNote(at(500))).toBeUndefined();
		expect(freshConnectionsNote(at(2000))).toContain('2,000 new connections a second');
	});
});

describe('one busy target', () => {
	const toTarget = (count: number, url: (index: number) => string, overrides: Parameters<typeof makeCheck>[1] = {}) =>
		Array.from({length: count}, (_, index) => makeCheck(`t${index}`, {intervalMs: 1000, url: url(index), ...overrides}));

	it('warns when one remote host and port would get more than 400 new connections a second', () => {
		const checks = toTarget(450, index => `https://api.example.com/health/${index}`);
		const note = freshConnectionsNote(checks);
		expect(note).toContain('450 new connections a second go to api.example.com:443');
		expect(note).toContain('EADDRNOTAVAIL');
		// Below the fleet-wide threshold, so this is the only note.
		expect(note?.split('\n')).toHaveLength(1);
	});

	it('counts two hosts from the environment apart, and one host written both ways together', () => {
		// Two hosts, each from its own variable, at 250 a second each: both shown as ••••, not one target at 500.
		const apart = [
			...toTarget(250, index => `https://api.one.example/health/${index}`, {secrets: ['api.one.example']}),
			...toTarget(250, index => `https://api.two.example/health/${index}`, {secrets: ['api.two.example']}),
		];
		expect(busiestFreshTarget(apart)).toEqual({target: '••••:443', perSecond: 250});
		expect(freshConnectionsNote(apart)).toBeUndefined();
		// One host, from the environment in some checks and written out in others: 450 a second to it, hidden.
		const together = [
			...toTarget(225, index => `https://api.secret-corp.example/a/${index}`, {secrets: ['api.secret-corp.example']}),
			...toTarget(225, index => `https://api.secret-corp.example/b/${index}`),
		];
		expect(busiestFreshTarget(together)).toEqual({target: '••••:443', perSecond: 450});
		expect(freshConnectionsNote(together)).toContain('450 new connections a second go to ••••:443');
	});

	it('names a host that came from the environment as ••••, as every other output does', () => {
		const checks = toTarget(450, index => `https://api.secret-corp.example/health/${index}`, {secrets: ['api.secret-corp.example']});
		const note = freshConnectionsNote(checks);
		expect(note).toContain('450 new connections a second go to ••••:443');
		expect(note).not.toContain('secret-corp');
	});

	it('counts a host per port, with the scheme\'s port when the URL names none', () => {
		const checks = [
			...toTarget(300, index => `http://lb.internal/a/${index}`),
			...toTarget(300, index => `http://lb.internal:80/b/${index}`),
			...toTarget(300, index => `http://lb.internal:8080/c/${index}`),
		];
		expect(freshConnectionsNote(checks)).toContain('600 new connections a second go to lb.internal:80');
	});

	it('says nothing for loopback targets, kept-alive checks, or load spread over hosts', () => {
		expect(freshConnectionsNote(toTarget(450, index => `http://127.0.0.1:8080/${index}`))).toBeUndefined();
		expect(freshConnectionsNote(toTarget(450, index => `http://localhost:8080/${index}`))).toBeUndefined();
		expect(freshConnectionsNote(toTarget(450, index => `http://[::1]:8080/${index}`))).toBeUndefined();
		expect(freshConnectionsNote(toTarget(450, index => `https://api.example.com/${index}`, {keepAlive: true}))).toBeUndefined();
		expect(freshConnectionsNote(toTarget(450, index => `https://web-${index % 3}.example.com/`))).toBeUndefined();
	});

	it('gives both notes when the whole fleet and one target are busy', () => {
		const note = freshConnectionsNote(toTarget(2000, index => `https://api.example.com/${index}`));
		expect(note?.split('\n')).toHaveLength(2);
		expect(note).toContain('2,000 new connections a second (one per probe');
		expect(note).toContain('2,000 new connections a second go to api.example.com:443');
	});
});
