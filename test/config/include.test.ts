import {symlinkSync} from 'node:fs';
import path from 'node:path';
import type {ConfigError, ConfigIssue} from '../../source/config/config-error.js';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {loadError, writeFiles} from './temp-files.js';

const check = (name: string): string => `  - name: ${name}\n    url: http://127.0.0.1:8000/${name}\n`;

describe('include', () => {
	it('adds the checks and groups of included files and globs, relative to the including file', () => {
		const directory = writeFiles({
			'checks.yaml': `include: [checks.d/*.yaml, extra/more.yaml]\nchecks:\n${check('top')}`,
			'checks.d/b.yaml': `checks:\n${check('b')}`,
			'checks.d/a.yaml': `groups:\n  team-a:\n    owner: "@a"\nchecks:\n  - name: a\n    url: http://127.0.0.1:8000/a\n    group: team-a\n`,
			'checks.d/notes.txt': 'not yaml',
			'extra/more.yaml': `include: [../deep/last.yaml]\nchecks:\n${check('more')}`,
			'deep/last.yaml': `checks:\n${check('last')}`,
		});
		const config = loadConfig(path.join(directory, 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'a', 'b', 'more', 'last']);
		expect(config.checks[1]!.owner).toBe('@a');
		expect(config.files).toEqual(['checks.yaml', 'checks.d/a.yaml', 'checks.d/b.yaml', 'extra/more.yaml', 'deep/last.yaml'].map(file => path.join(directory, file)));
		expect(config.directories).toContain(path.join(directory, 'checks.d'));
	});

	it('reports a missing included file at the include entry', () => {
		const error = loadError(`include:\n  - checks.d/missing.yaml\nchecks:\n${check('top')}`);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 2, column: 5, message: expect.stringMatching(/^config file .*checks\.d\/missing\.yaml not found$/)});
		expect(error.issues[0]!.file).toMatch(/checks\.yaml$/);
		expect(error.files.some(file => file.endsWith('missing.yaml'))).toBe(true);
		expect(error.issues[0]!.hint).toMatch(/^there is no directory .*checks\.d; include paths are relative to the file that includes them$/);
	});

	it('says which file a missing include probably meant, or what its directory holds', () => {
		const typo = loadError(`include: [checks.d/payment.yaml]\nchecks:\n${check('top')}`, {}, {'checks.d/payments.yml': `checks:\n${check('p')}`});
		expect(typo.issues[0]!.hint).toMatch(/^did you mean .*checks\.d\/payments\.yml\?$/);
		const other = loadError(`include: [checks.d/db.yaml]\nchecks:\n${check('top')}`, {}, {'checks.d/payments.yaml': `checks:\n${check('p')}`});
		expect(other.issues[0]!.hint).toMatch(/checks\.d has payments\.yaml; include paths are relative to the file that includes them$/);
	});

	it('says a file a glob matched is a symlink to a file that is not there, not "did you mean" its own name', () => {
		const directory = writeFiles({'checks.yaml': `include: [d/*.yaml]\nchecks:\n${check('top')}`, 'd/ok.yaml': `checks:\n${check('ok')}`});
		symlinkSync('nowhere.yaml', path.join(directory, 'd/broken.yaml'));
		let issues: readonly ConfigIssue[] = [];
		try {
			loadConfig(path.join(directory, 'checks.yaml'));
		} catch (error) {
			issues = (error as ConfigError).issues;
		}

		expect(issues).toHaveLength(1);
		expect(issues[0]!.message).toMatch(/^config file .*d\/broken\.yaml is a symlink to nowhere\.yaml, which is not there$/);
		expect(issues[0]!.hint).toBeUndefined();
	});

	it('reads a file once when two includes reach it by two paths (its own and through a symlinked directory)', () => {
		const directory = writeFiles({'checks.yaml': `include: [real/s.yaml, alias/s.yaml]\nchecks:\n${check('top')}`, 'real/s.yaml': `checks:\n${check('shared')}`});
		symlinkSync('real', path.join(directory, 'alias'));
		const config = loadConfig(path.join(directory, 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'shared']);
	});

	it('reports a glob that matches nothing', () => {
		const error = loadError(`include: [checks.d/*.yaml]\nchecks:\n${check('top')}`);
		expect(error.issues[0]).toMatchObject({line: 1, column: 11, message: 'include `checks.d/*.yaml` matches no files'});
	});

	it('reports an include cycle with the chain of files', () => {
		const error = loadError(`include: [a.yaml]\nchecks:\n${check('top')}`, {}, {
			'a.yaml': `include: [b.yaml]\nchecks:\n${check('a')}`,
			'b.yaml': `include:\n  - checks.yaml\nchecks:\n${check('b')}`,
		});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.file).toMatch(/b\.yaml$/);
		expect(error.issues[0]).toMatchObject({line: 2, column: 5});
		expect(error.issues[0]!.message).toMatch(/^include cycle: .*checks\.yaml → .*a\.yaml → .*b\.yaml → .*checks\.yaml$/);
	});

	it('reports errors inside an included file with that file\'s name and position', () => {
		const error = loadError(`include: [more.yaml]\nchecks:\n${check('top')}`, {}, {'more.yaml': `checks:\n  - name: x\n    url: http://127.0.0.1\n    timout: 1s\n`});
		expect(error.issues[0]!.file).toMatch(/more\.yaml$/);
		expect(error.issues[0]).toMatchObject({line: 4, column: 5, hint: 'did you mean `timeout`?'});
		expect(error.sources.get(error.issues[0]!.file)).toContain('timout');
	});

	it('reports duplicate names across files and where the first one is', () => {
		const error = loadError(`include: [more.yaml]\nchecks:\n${check('api')}`, {}, {'more.yaml': `checks:\n${check('api')}`});
		expect(error.issues[0]!.file).toMatch(/more\.yaml$/);
		expect(error.issues[0]).toMatchObject({line: 2, column: 11, message: 'duplicate check name `api`'});
		expect(error.issues[0]!.hint).toMatch(/checks\.yaml:3:11/);
	});

	it('does not accept defaults in an included file', () => {
		const error = loadError(`include: [more.yaml]\nchecks:\n${check('top')}`, {}, {'more.yaml': `defaults:\n  interval: 1s\nchecks:\n${check('x')}`});
		expect(error.issues[0]).toMatchObject({line: 1, column: 1, message: '`defaults` can only be set in the top-level file'});
	});

	it('does not accept concurrency in an included file: it is one setting for the whole fleet', () => {
		const error = loadError(`include: [more.yaml]\nchecks:\n${check('top')}`, {}, {'more.yaml': `checks:\n${check('x')}concurrency: 4\n`});
		expect(error.issues[0]!.file).toMatch(/more\.yaml$/);
		expect(error.issues[0]).toMatchObject({line: 4, column: 1, message: '`concurrency` can only be set in the top-level file', hint: 'move it to the top-level file'});
	});

	it('reports a group defined in two files', () => {
		const error = loadError(`include: [more.yaml]\ngroups:\n  web: {owner: a}\nchecks:\n${check('top')}`, {}, {'more.yaml': `groups:\n  web: {owner: b}\nchecks:\n${check('x')}`});
		expect(error.issues[0]).toMatchObject({line: 2, column: 3, message: 'group `web` is defined twice'});
	});
});

describe('include globs', () => {
	it('matches *, ? and [..] within a directory and ** across directories, only YAML files, sorted', () => {
		const directory = writeFiles({
			'checks.yaml': `include: ["teams/**/*.yaml", "svc-?.yml", "db-[ab].yaml"]\nchecks:\n${check('top')}`,
			'teams/web/z.yaml': `checks:\n${check('web-z')}`,
			'teams/web/deep/y.yaml': `checks:\n${check('web-deep-y')}`,
			'teams/a.yaml': `checks:\n${check('teams-a')}`,
			'teams/readme.md': 'no',
			'teams/.hidden.yaml': `checks:\n${check('hidden')}`,
			'svc-1.yml': `checks:\n${check('svc-1')}`,
			'svc-10.yml': `checks:\n${check('svc-10')}`,
			'db-a.yaml': `checks:\n${check('db-a')}`,
			'db-c.yaml': `checks:\n${check('db-c')}`,
		});
		const config = loadConfig(path.join(directory, 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'teams-a', 'web-deep-y', 'web-z', 'svc-1', 'db-a']);
	});

	it('matches a glob\'s fixed names against what exists: a directory without the file is no match, not an error', () => {
		const directory = writeFiles({
			'checks.yaml': `include: ["teams/*/checks.yaml"]\nchecks:\n${check('top')}`,
			'teams/pay/checks.yaml': `checks:\n${check('pay')}`,
			'teams/search/checks.yaml': `checks:\n${check('search')}`,
			'teams/web/README.md': 'no checks yet',
		});
		const config = loadConfig(path.join(directory, 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'pay', 'search']);
		expect(config.files).not.toContain(path.join(directory, 'teams/web/checks.yaml'));
		// Watched still: a checks.yaml written there later starts matching.
		expect(config.directories).toContain(path.join(directory, 'teams/web'));
	});

	it('matches a fixed name after ** only where that file is (not in the directories above or beside it)', () => {
		const directory = writeFiles({
			'checks.yaml': `include: ["teams/**/checks.yaml", "**/one.yaml"]\nchecks:\n${check('top')}`,
			'teams/pay/checks.yaml': `checks:\n${check('pay')}`,
			'teams/web/README.md': 'no checks yet',
			'checks.d/one.yaml': `checks:\n${check('one')}`,
			'checks.d/deep/three.yaml': `checks:\n${check('three')}`,
			'sub/readme.txt': 'no',
		});
		const config = loadConfig(path.join(directory, 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'pay', 'one']);
	});

	it('reports a glob whose fixed name is nowhere as matching no files', () => {
		const error = loadError(`include: ["teams/*/checks.yaml"]\nchecks:\n${check('top')}`, {}, {'teams/web/README.md': 'no checks yet'});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 1, column: 11, message: 'include `teams/*/checks.yaml` matches no files'});
	});

	it('takes ** as the last segment for every YAML file below, at any depth', () => {
		const directory = writeFiles({
			'checks.yaml': `include: ["checks.d/**"]\nchecks:\n${check('top')}`,
			'checks.d/one.yaml': `checks:\n${check('one')}`,
			'checks.d/two.yml': `checks:\n${check('two')}`,
			'checks.d/deep/three.yaml': `checks:\n${check('three')}`,
			'checks.d/notes.txt': 'not yaml',
		});
		const config = loadConfig(path.join(directory, 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'three', 'one', 'two']);
	});

	it('says a glob that matched only other files that only .yaml and .yml files are included', () => {
		const error = loadError(`include: ["sub/*"]\nchecks:\n${check('top')}`, {}, {'sub/readme.txt': 'no'});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({message: 'include `sub/*` matches no files'});
		expect(error.issues[0]!.hint).toMatch(/^looked in .*sub; it matched readme\.txt, and only \.yaml and \.yml files are included$/);
	});
});

describe('include of a directory', () => {
	it.each(['checks.d', 'checks.d/'])('suggests a glob for its YAML files (%s)', written => {
		const error = loadError(`include: ["${written}"]\nchecks:\n${check('top')}`, {}, {'checks.d/one.yaml': `checks:\n${check('one')}`});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 1, column: 11, message: expect.stringMatching(/^config file .*checks\.d is a directory, not a file$/)});
		expect(error.issues[0]!.hint).toBe('include the YAML files in it with a glob: checks.d/*.yaml, or checks.d/** for those in its subdirectories too');
	});
});

describe('a glob that matches nothing, and what it meant', () => {
	it('names the directory whose name differs only in letter case', () => {
		const error = loadError(`include: ["Checks.d/*.yaml"]\nchecks:\n${check('top')}`, {}, {'checks.d/one.yaml': `checks:\n${check('one')}`});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 1, column: 11, message: 'include `Checks.d/*.yaml` matches no files'});
		expect(error.issues[0]!.hint).toBe('there is no Checks.d, but there is checks.d: names are matched in their letter case; write checks.d/*.yaml');
	});

	it('names a deeper directory whose name differs only in letter case', () => {
		const error = loadError(`include: ["conf/Teams/*.yaml"]\nchecks:\n${check('top')}`, {}, {'conf/teams/one.yaml': `checks:\n${check('one')}`});
		expect(error.issues[0]!.hint).toBe('there is no conf/Teams, but there is conf/teams: names are matched in their letter case; write conf/teams/*.yaml');
	});

	it('names the files whose extension differs only in letter case, and the glob that matches them', () => {
		// `checks.d/*.yaml` over `one.YAML` said only where it looked, though the files are right there.
		const error = loadError(`include: ["checks.d/*.yaml"]\nchecks:\n${check('top')}`, {}, {'checks.d/one.YAML': `checks:\n${check('one')}`, 'checks.d/two.YAML': `checks:\n${check('two')}`});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toBe('include `checks.d/*.yaml` matches no files');
		expect(error.issues[0]!.hint).toMatch(/^looked in \S*checks\.d; it holds 2 YAML files named in another letter case \(one\.YAML, two\.YAML\): names are matched in their letter case; write checks\.d\/\*\.YAML$/);
		const deep = loadError(`include: ["conf/**/*.yml"]\nchecks:\n${check('top')}`, {}, {'conf/web/one.YML': `checks:\n${check('one')}`});
		expect(deep.issues[0]!.hint).toMatch(/; it holds 1 YAML file named in another letter case \(web\/one\.YML\): names are matched in their letter case; write conf\/\*\*\/\*\.YML$/);
		// Two spellings: no one glob to suggest, the files are still named.
		const mixed = loadError(`include: ["checks.d/*.yaml"]\nchecks:\n${check('top')}`, {}, {'checks.d/one.YAML': `checks:\n${check('one')}`, 'checks.d/two.Yaml': `checks:\n${check('two')}`});
		expect(mixed.issues[0]!.hint).toMatch(/; it holds 2 YAML files named in another letter case \(one\.YAML, two\.Yaml\): names are matched in their letter case$/);
		// The glob written to match them does.
		const config = loadConfig(path.join(writeFiles({'checks.yaml': `include: ["checks.d/*.YAML"]\nchecks:\n${check('top')}`, 'checks.d/one.YAML': `checks:\n${check('one')}`}), 'checks.yaml'));
		expect(config.checks.map(item => item.name)).toEqual(['top', 'one']);
	});

	it.each([['checks.d/*', 'checks.d/**/*'], ['checks.d/*.yaml', 'checks.d/**/*.yaml']])('%s over YAML files only in subdirectories: write %s', (written, meant) => {
		const error = loadError(`include: ["${written}"]\nchecks:\n${check('top')}`, {}, {'checks.d/web/one.yaml': `checks:\n${check('one')}`, 'checks.d/db/two.yaml': `checks:\n${check('two')}`});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toBe(`include \`${written}\` matches no files`);
		expect(error.issues[0]!.hint).toMatch(new RegExp(`; its subdirectories hold 2 YAML files \\(db/two\\.yaml, web/one\\.yaml\\): \\* matches within one directory, so write ${meant.replaceAll('*', '\\*')}$`));
	});
});
