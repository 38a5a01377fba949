import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkKinds, commonFields, defaultsFormat, groupFormat, kindFormats, topLevelKeys} from '../../source/config/format.js';
import type {Field} from '../../source/config/schema-model.js';

const docs = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The keys column of the README's kinds table, by kind: every `word` before a `:` or alone (`host: "db:5432"` gives host). */
function readmeKindKeys(): Map<string, string[]> {
	const table = readme.slice(readme.indexOf('| kind | checks | keys |'));
	const rows = table.slice(0, table.indexOf('\n\n')).split('\n').filter(line => /^\| `[a-z]+`/.test(line));
	return new Map(rows.map(row => {
		const cells = row.split('|').map(cell => cell.trim());
		const kind = /^`([a-z]+)`/.exec(cells[1]!)![1]!;
		return [kind, [...cells[3]!.matchAll(/`([a-zA-Z]+)(?::[^`]*)?`/g)].map(match => match[1]!)];
	}));
}

/** Keys as written in the docs: `expect.status` for nested ones. */
function keysOf(fields: Readonly<Record<string, Field>>, prefix = ''): string[] {
	return Object.entries(fields).flatMap(([key, field]) => {
		const name = `${prefix}${key}`;
		return field.type === 'object' && key !== 'expect' && key !== 'version' ? [name, ...keysOf(field.fields, `${name}.`)] : field.type === 'object' ? keysOf(field.fields, `${name}.`) : [name];
	});
}

describe('docs/config.md', () => {
	it.each(checkKinds)('documents every key of a %s check', kind => {
		const missing = keysOf({...commonFields, ...kindFormats[kind].fields}).filter(key => !docs.includes(`\`${key}\``) && !docs.includes(`\`${key.split('.').pop()}\``));
		expect(missing).toEqual([]);
		expect(docs).toContain(`## ${kind}`);
	});

	it('documents the top level, defaults and group keys', () => {
		const keys = [...topLevelKeys, ...Object.keys(defaultsFormat.fields), ...Object.keys(groupFormat.fields)];
		expect(keys.filter(key => !docs.includes(`\`${key}\``))).toEqual([]);
	});
});

describe('README.md', () => {
	it.each(checkKinds)('lists every key a %s check takes in its kinds table, and no other', kind => {
		const listed = readmeKindKeys().get(kind);
		expect(listed, `no row for ${kind}`).toBeDefined();
		// `name` in the dns row is the check's name, read as the query when there is no `query:`.
		const keys = Object.keys(kindFormats[kind].fields);
		expect(keys.filter(key => !listed!.includes(key))).toEqual([]);
		expect(listed!.filter(key => !keys.includes(key) && !(key in commonFields))).toEqual([]);
	});

	it('names every key all kinds take under the kinds table', () => {
		const sentence = /Every kind takes ([^.]+)\./.exec(readme.replaceAll('\n', ' '))?.[1] ?? '';
		expect(Object.keys(commonFields).filter(key => !sentence.includes(`\`${key}\``))).toEqual([]);
	});
});
