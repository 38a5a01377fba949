import {describe, expect, it} from 'vitest';
import {reasonFromNetError} from '../../source/probes/net-reason.js';
import {makeCheck} from '../monitor/fixtures.js';

const coded = (code: string, message = `${code} happened`): Error => Object.assign(new Error(message), {code});

describe('reasonFromNetError', () => {
	const check = {...makeCheck('db'), kind: 'tcp' as const};

	it('says EADDRNOTAVAIL is this host\'s side, not the target\'s network', () => {
		expect(reasonFromNetError(check as never, coded('EADDRNOTAVAIL'), 'db.internal:5432')).toEqual({
			code: 'local:address',
			message: 'this host has no free local port or address for db.internal:5432 (EADDRNOTAVAIL)',
		});
	});

	it('says EMFILE is uptop\'s limit on open files', () => {
		expect(reasonFromNetError(check as never, coded('EMFILE'), 'db.internal:5432')).toEqual({code: 'local:files', message: 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'});
	});

	it('keeps an unreachable host unreachable', () => {
		expect(reasonFromNetError(check as never, coded('EHOSTUNREACH'), 'db.internal:5432')).toEqual({code: 'unreachable', message: 'host unreachable (db.internal:5432, EHOSTUNREACH)'});
	});
});
