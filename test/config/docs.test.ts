import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkKinds, commonFields, defaultsFormat, groupFormat, kindFormats, topLevelKeys} from '../../source/config/format.js';
import type {Field} from '../../source/config/schema-model.js';

const docs = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');

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
