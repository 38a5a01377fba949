import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runValidate} from '../../source/modes/validate.js';
import {writeFiles} from './temp-files.js';

/** `uptop validate` on `text` written as a real checks.yaml: its exit code, what it printed, and the file. */
function validate(text: string, env: NodeJS.ProcessEnv) {
	const file = path.join(writeFiles({'checks.yaml': text}), 'checks.yaml');
	let stdout = '';
	let stderr = '';
	const code = runValidate(file, {stdout: written => (stdout += written), stderr: written => (stderr += written), env});
	return {code, stdout, stderr, file};
}

const withHeader = (header: string) => `checks:\n  - name: payments api\n    url: http://127.0.0.1:43002/health\n    headers: {${header}}\n`;

describe('uptop validate and a credential header whose ${NAME} is set but empty', () => {
	it('notes, exit 0, that the header goes out with no credential after its scheme', () => {
		const run = validate(withHeader('Authorization: "Bearer ${API_TOKEN}"'), {API_TOKEN: ''});
		expect(run).toEqual({
			code: 0,
			stdout: '1 check OK\n',
			stderr: `note: check \`payments api\` (${run.file}:2:5): API_TOKEN is set but empty: its \`authorization\` header is sent as \`Bearer \`; set API_TOKEN where uptop starts.\n`,
			file: run.file,
		});
	});

	it('notes a credential header sent empty, and a cookie with no value', () => {
		expect(validate(withHeader('X-Api-Key: "${API_KEY}"'), {API_KEY: ''}).stderr).toMatch(/^note: check `payments api` .*: API_KEY is set but empty: its `x-api-key` header is sent empty; set API_KEY where uptop starts\.\n$/);
		expect(validate(withHeader('Cookie: "session=${SESSION}"'), {SESSION: ''}).stderr).toMatch(/SESSION is set but empty: its `cookie` header is sent as `session=`/);
	});

	it('names every check a header of `defaults:` leaves without its credential, once', () => {
		const checks = ['a', 'b', 'c', 'd', 'e'].map(name => `  - name: ${name}\n    url: http://127.0.0.1:43002/${name}\n`).join('');
		const run = validate(`defaults:\n  headers: {Authorization: "Bearer \${API_TOKEN}"}\nchecks:\n${checks}`, {API_TOKEN: ''});
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/^note: checks `a` \(.*\), `b` \(.*\), `c` \(.*\) and 2 more: API_TOKEN is set but empty: their `authorization` header is sent as `Bearer `; set API_TOKEN where uptop starts\.\n$/);
	});

	it('says nothing when the credential is there, the header is no credential, or the empty value is the fallback written', () => {
		expect(validate(withHeader('Authorization: "Bearer ${API_TOKEN}"'), {API_TOKEN: 'Zx9kQ2pLmN4v'}).stderr).toBe('');
		expect(validate(withHeader('Authorization: "Bearer ${PREFIX}${API_TOKEN}"'), {PREFIX: '', API_TOKEN: 'Zx9kQ2pLmN4v'}).stderr).toBe('');
		expect(validate(withHeader('X-Team: "${TEAM}"'), {TEAM: ''}).stderr).toBe('');
		expect(validate(withHeader('Authorization: "Bearer ${API_TOKEN:-}"'), {}).stderr).toBe('');
	});
});
