import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';

const file = fileURLToPath(new URL('../../checks.yaml', import.meta.url));

describe('the repository checks.yaml (the demo fleet)', () => {
	it('points editors at the shipped schema on its first line', () => {
		expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/checks.schema.json');
	});

	it('is a valid config, with more than one kind of check and an owner on every check', () => {
		const config = loadConfig(file, {env: {}});
		expect(config.checks.length).toBeGreaterThanOrEqual(5);
		expect(new Set(config.checks.map(check => check.kind)).size).toBeGreaterThan(1);
		expect(config.checks.filter(check => check.owner === undefined).map(check => check.name)).toEqual([]);
	});
});
