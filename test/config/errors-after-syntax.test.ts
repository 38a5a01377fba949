import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError} from './temp-files.js';

/** docs/config.md: every problem of a file is reported at once; none that the first one only seems to cause. */

const linesOf = (text: string) => {
	const error = loadError(text);
	return {error, found: error.issues.map(issue => [issue.line, issue.message])};
};

describe('errors after a syntax error', () => {
	it('reports a tab in indentation, and no invented error on a correct line after it (tabmid.yaml)', () => {
		const {error, found} = linesOf('checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n  - name: b\n\turl: http://127.0.0.1:19290/b\n  - name: c\n    url: http://127.0.0.1:19290/c\n  - name: d\n    url: http://127.0.0.1:19290/d\n');
		expect(found, formatConfigError(error)).toEqual([[5, 'tab used for indentation']]);
	});

	it('still reports a real syntax error after a tab', () => {
		const {error, found} = linesOf('checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n  - name: b\n\turl: http://127.0.0.1:19290/b\n  - name: c\n    url: http://127.0.0.1:19290/c\n   timeout: 2s\n');
		expect(found, formatConfigError(error)).toEqual([[5, 'tab used for indentation'], [8, '`timeout` (3 spaces) is not lined up with `url` on line 7 (4 spaces)']]);
	});

	it('validates the checks of a file whose only YAML error is a duplicate key (dupplus.yaml)', () => {
		const {error, found} = linesOf('checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n    timeout: 2s\n    timeout: 3s\n  - name: b\n    url: http://127.0.0.1:19290/b\n    timout: 2s\n    interval: 5 s\n');
		expect(found, formatConfigError(error)).toEqual([
			[5, 'duplicate key `timeout`'],
			[8, 'unknown key `timout` in http check `b`'],
			[9, 'a duration has no spaces (`5 s`)'],
		]);
	});

	it('reports duplicate check names beside duplicate keys (dup1.yaml)', () => {
		const {error, found} = linesOf('checks:\n  - name: api\n    url: http://127.0.0.1:19290/health\n    timeout: 2s\n    timeout: 3s\n  - name: API\n    url: http://127.0.0.1:19290/h2\n  - name: db\n    kind: tcp\n    host: 127.0.0.1:19291\n  - name: db\n    kind: tcp\n    host: 127.0.0.1:19292\n');
		expect(found, formatConfigError(error)).toEqual([
			[5, 'duplicate key `timeout`'],
			[6, 'check name `API` differs from `api` (line 2) only in letter case'],
			[11, 'duplicate check name `db`'],
		]);
	});
});

describe('a tab beside the checks\' own errors', () => {
	it('reports them with it, read with the tab as spaces, and says so in its hint', () => {
		const error = loadError('checks:\n  - name: api\n\turl: http://127.0.0.1:19500/a\n  - name: b\n    url: http://127.0.0.1:19500/b\n    timout: 2s\n');
		expect(error.issues.map(issue => [issue.line, issue.message])).toEqual([[3, 'tab used for indentation'], [6, 'unknown key `timout` in http check `b`']]);
		expect(error.issues[0]!.hint).toBe('YAML indents with spaces; replace the tab with spaces. Meanwhile the file was read with each such tab as spaces to the next multiple of 4: the other errors reported with this one are of that reading, and may change once the tab is replaced');
	});
});
