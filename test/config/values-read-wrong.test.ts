import {describe, expect, it} from 'vitest';
import {loadError} from './temp-files.js';

/** The one issue a file produces. */
function issueOf(text: string, env: NodeJS.ProcessEnv = {}) {
	const error = loadError(text, env);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

describe('a port written with a leading zero', () => {
	it('is refused in a tcp host, not read as port 755', () => {
		expect(issueOf('checks:\n  - name: db\n    kind: tcp\n    host: db:0755\n')).toMatchObject({
			line: 4,
			column: 11,
			message: 'port `0755` starts with a 0: a port is written in decimal',
			hint: 'write db:755 if that is the port (uptop does not read a leading 0 as octal, where 0755 would be 493)',
		});
	});

	it('is refused in a tls host in brackets, with no octal reading for digits that are not octal', () => {
		expect(issueOf('checks:\n  - name: ldap\n    kind: tls\n    host: "[::1]:0989"\n').hint).toBe('write [::1]:989 if that is the port (uptop does not read a leading 0 as octal)');
	});

	it('is refused in a url, which the URL parser would read as port 80', () => {
		expect(issueOf('checks:\n  - name: api\n    url: http://127.0.0.1:0080/health\n')).toMatchObject({
			message: 'port `0080` in `http://127.0.0.1:0080/health` starts with a 0: a port is written in decimal',
			hint: 'write http://127.0.0.1:80/health if that is the port (uptop does not read a leading 0 as octal)',
		});
	});
});
