import {describe, expect, it} from 'vitest';
import type {CommandCheck, HttpCheck, TcpCheck} from '../../source/config/types.js';
import {loadText} from './temp-files.js';

/** Mistakes of a person editing checks.yaml by hand, pasting from a wiki or another tool's config. */

describe('text written as a number or a boolean', () => {
	it('keeps what was written, not the number YAML reads (1.10 is not 1.1, 0755 not 755)', () => {
		const {config} = loadText([
			'checks:',
			'  - name: 1.10',
			'    kind: tcp',
			'    host: 127.0.0.1:1',
			'    expect: 1.10',
			'  - name: 0755',
			'    kind: command',
			'    run: [chmod, 0755, ./x, --wait, 1.50, 0x1F, 1e3]',
			'    env: {UMASK: 0022, FLAG: TRUE}',
			'  - name: 1e3',
			'    url: http://127.0.0.1:1/',
			'    headers: {X-Version: 2.10}',
			'    expect: {body: 3.0}',
			'  - name: 2024',
			'    url: http://127.0.0.1:1/',
			'',
		].join('\n'));
		expect(config.checks.map(check => check.name)).toEqual(['1.10', '0755', '1e3', '2024']);
		expect((config.checks[0] as TcpCheck).expectText).toBe('1.10');
		expect((config.checks[1] as CommandCheck).run).toEqual(['chmod', '0755', './x', '--wait', '1.50', '0x1F', '1e3']);
		expect((config.checks[1] as CommandCheck).env).toEqual({UMASK: '0022', FLAG: 'TRUE'});
		expect((config.checks[2] as HttpCheck).headers).toMatchObject({'x-version': '2.10'});
		expect((config.checks[2] as HttpCheck).expect.body).toEqual({substring: '3.0'});
	});
});
