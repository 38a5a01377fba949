import {describe, expect, it} from 'vitest';
import {referencedVariables, substituteEnv} from '../../source/config/env.js';

const env = {HOST: 'db.internal', EMPTY: '', TOKEN: 's3cret'};

describe('substituteEnv', () => {
	it.each([
		['plain text', 'plain text', []],
		['${HOST}:5432', 'db.internal:5432', ['db.internal']],
		['${MISSING:-fallback}', 'fallback', []],
		['${EMPTY:-fallback}', 'fallback', []],
		['${EMPTY}', '', []],
		['$${HOST}', '${HOST}', []],
		['cost: $5', 'cost: $5', []],
		['Bearer ${TOKEN}', 'Bearer s3cret', ['s3cret']],
		['${HOST:-a:-b}', 'db.internal', ['db.internal']],
		['${MISSING:-}', '', []],
	])('turns %j into %j', (text, value, fromEnv) => {
		const names = Object.fromEntries(Object.entries(env).map(([name, secret]) => [secret, name]));
		expect(substituteEnv(text, env)).toEqual({ok: true, value, fromEnv, fromEnvAt: fromEnv.map(secret => value.indexOf(secret)), fromEnvNames: fromEnv.map(secret => names[secret])});
	});

	it('says where each value from the environment starts in the text', () => {
		expect(substituteEnv('${TOKEN}-${HOST}/${TOKEN}', env)).toMatchObject({fromEnv: ['s3cret', 'db.internal', 's3cret'], fromEnvAt: [0, 7, 19]});
	});

	it('says which variable each value from the environment came from, also when two give the same value', () => {
		expect(substituteEnv('${TOKEN}/${SAME}', {...env, SAME: 's3cret'})).toMatchObject({fromEnv: ['s3cret', 's3cret'], fromEnvNames: ['TOKEN', 'SAME']});
	});

	it.each([
		['x ${MISSING}', 'environment variable MISSING is not set', 2],
		['${HOST', 'unclosed variable reference `${HOST`', 0],
		['a ${1BAD}', 'invalid variable reference `${1BAD}`', 2],
		['${}', 'invalid variable reference `${}`', 0],
		// The shell form people copy nests; uptop sent `${Y}` itself, as text, where Y was set.
		['/${UNSET:-${TOKEN}}/', 'a fallback cannot hold another variable: `${UNSET:-${TOKEN}}`', 1],
	])('rejects %j', (text, message, offset) => {
		expect(substituteEnv(text, env)).toMatchObject({ok: false, message, offset});
	});

	it('keeps the whole fallback in the hint for a nested one, text and inner fallback too', () => {
		expect(substituteEnv('${UNSET:-pre-${TOKEN}}', env)).toMatchObject({ok: false, hint: 'uptop reads one variable in a reference; set UNSET where uptop starts: UNSET="${UNSET:-pre-${TOKEN}}" uptop …'});
		expect(substituteEnv('${UNSET:-${TOKEN:-z}}', env)).toMatchObject({ok: false, hint: 'uptop reads one variable in a reference; set UNSET where uptop starts: UNSET="${UNSET:-${TOKEN:-z}}" uptop …'});
	});

	it('says how to get a nested fallback: from the shell that starts uptop', () => {
		expect(substituteEnv('${UNSET:-${TOKEN}}', env)).toMatchObject({ok: false, reference: '${UNSET:-${TOKEN}}', hint: 'uptop reads one variable in a reference; set UNSET where uptop starts: UNSET="${UNSET:-${TOKEN}}" uptop …'});
	});
});

describe('referencedVariables', () => {
	it('names each ${NAME} and ${NAME:-fallback} in raw text, but not a literal $${NAME}', () => {
		expect(referencedVariables('url: "http://h/?token=${TOKEN}\nuser: ${USER:-ops} $${LITERAL} ${bad name}')).toEqual(['TOKEN', 'USER']);
	});
});
