import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {checkKinds, commonFields, defaultsFormat, groupFormat, includeFormat, kindFormats} from '../../source/config/format.js';
import {buildJsonSchema, renderJsonSchema} from '../../source/config/json-schema.js';
import type {Field, JsonSchema, LeafField} from '../../source/config/schema-model.js';
import {schemaErrors} from '../helpers/json-schema-validate.js';
import {loadError, loadText} from './temp-files.js';

const schemaPath = new URL('../../schema/checks.schema.json', import.meta.url);

describe('schema/checks.schema.json', () => {
	it('is up to date with source/config/format.ts (regenerate: node --import tsx scripts/generate-schema.ts)', () => {
		expect(readFileSync(schemaPath, 'utf8')).toBe(renderJsonSchema());
	});

	it('allows every key the validator accepts, and only those, for each kind', () => {
		const schema = buildJsonSchema() as {definitions: {check: {properties: Record<string, unknown>; allOf: Array<{then: {propertyNames: {enum: string[]}; required?: string[]}}>}}};
		const check = schema.definitions.check;
		for (const [index, kind] of checkKinds.entries()) {
			const keys = [...Object.keys(commonFields), ...Object.keys(kindFormats[kind].fields)];
			expect(check.allOf[index]!.then.propertyNames.enum).toEqual(keys);
			expect(check.allOf[index]!.then.required ?? []).toEqual(kindFormats[kind].required);
			for (const key of keys) {
				expect(check.properties).toHaveProperty([key]);
			}
		}
	});

	it('offers {secret: ...} for header values', () => {
		const schema = buildJsonSchema();
		const headers = {checks: [{name: 'a', url: 'http://127.0.0.1:8000/', headers: {'X-Api-Key': {secret: 'k'}}}]};
		expect(schemaErrors(schema, headers)).toEqual([]);
		expect(schemaErrors(schema, {checks: [{...headers.checks[0], headers: {'X-Api-Key': {secret: 'k', other: 1}}}]})).not.toEqual([]);
	});

	it('accepts numbers and booleans where uptop reads them as the text written (docs/config.md, YAML notes)', () => {
		const text = [
			'include: [2024]',
			'groups:',
			'  web: {owner: 2, runbook: 3, rollback: true, description: 4}',
			'checks:',
			'  - name: 1.10',
			'    group: web',
			'    kind: command',
			'    run: [chmod, 0755, f, true, 1e3]',
			'    env: {DEBUG: TRUE, PIN: {secret: 1234}}',
			'    expect: 0x1F',
			'    cwd: 2024',
			'  - name: h',
			'    description: 7',
			'    url: http://127.0.0.1:8000/',
			'    headers: {X-Api-Key: {secret: 12345678}, X-Count: 5}',
			'    body: 12',
			'    version: {json: 1}',
			'    expect: {body: true, header: {X-A: 1.5}}',
			'  - {name: t, kind: tcp, host: "db:5432", send: 1, expect: false}',
			'  - {name: 1.2.3, kind: dns, query: 1.2, expect: [1.5, 2]}',
			'  - {name: s, kind: command, shell: true, run: true}',
			'  - {name: p, kind: prometheus, url: "http://127.0.0.1:9090", query: 1, each: 2}',
			'',
		].join('\n');
		const {config} = loadText(text, {}, {'2024': 'checks: []\n'});
		expect(config.checks.map(check => check.name)).toEqual(['1.10', 'h', 't', '1.2.3', 's', 'p']);
		expect(schemaErrors(buildJsonSchema(), parse(text))).toEqual([]);
	});

	it.each([
		['a duration as a bare number', '{name: a, url: "http://127.0.0.1:8000/", interval: 10}'],
		['a count in quotes', '{name: a, url: "http://127.0.0.1:8000/", retries: "3"}'],
		['a boolean in quotes', '{name: a, url: "http://127.0.0.1:8000/", insecure: "true"}'],
		['a number as the url', '{name: a, url: 8080}'],
		['a number as the method', '{name: a, url: "http://127.0.0.1:8000/", method: 1}'],
		['a number as a threshold', '{name: a, kind: prometheus, url: "http://127.0.0.1:9090", query: up, warn: 5}'],
		['a number as the unit', '{name: a, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: 1}'],
		['a number as a tcp host', '{name: a, kind: tcp, host: 5432}'],
		['a number as a url\'s secret', '{name: a, url: {secret: 8080}}'],
		['an empty name', '{name: "", url: "http://127.0.0.1:8000/"}'],
		['a null item in run', '{name: a, kind: command, run: [ls, null]}'],
		['a mapping as an env value', '{name: a, kind: command, run: [ls], env: {A: {b: c}}}'],
	])('still refuses %s, as uptop does', (_name, check) => {
		const text = `checks:\n  - ${check}\n`;
		expect(loadError(text).issues).toHaveLength(1);
		expect(schemaErrors(buildJsonSchema(), parse(text))).not.toEqual([]);
	});

	it('takes a number, a boolean or a list of them in each leaf exactly when uptop does', () => {
		const schema = buildJsonSchema() as {definitions: {check: {allOf: Array<{then: {properties: Record<string, JsonSchema>}}>; properties: Record<string, JsonSchema>}}; properties: Record<string, JsonSchema>};
		const leaves: Array<[string, LeafField, JsonSchema]> = [];
		const walk = (where: string, field: Field, fieldSchema: JsonSchema | undefined): void => {
			expect(fieldSchema, where).toBeDefined();
			if (field.type === 'leaf') leaves.push([where, field, fieldSchema!]);
			else if (field.type === 'list') walk(`${where}[]`, field.items, fieldSchema!.items as JsonSchema);
			else if (field.type === 'map') walk(`${where}.*`, field.values, fieldSchema!.additionalProperties as JsonSchema);
			else for (const [key, child] of Object.entries(field.fields)) walk(`${where}.${key}`, child, (fieldSchema!.properties as Record<string, JsonSchema>)[key]);
		};

		for (const [index, kind] of checkKinds.entries()) {
			for (const [key, field] of Object.entries({...commonFields, ...kindFormats[kind].fields})) {
				walk(`${kind}.${key}`, field, schema.definitions.check.allOf[index]!.then.properties[key] ?? schema.definitions.check.properties[key]);
			}
		}

		walk('defaults', defaultsFormat, schema.properties.defaults);
		walk('group', groupFormat, (schema.properties.groups as {additionalProperties: JsonSchema}).additionalProperties);
		walk('include', includeFormat, schema.properties.include);
		// What readLeaf hands the leaf: with scalarsAsWritten, a plain number or boolean (in a list too) as its text.
		const scalarAsText = (value: unknown): unknown => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);
		const asRead = (field: LeafField, value: unknown): unknown => (field.scalarsAsWritten ? (Array.isArray(value) ? value.map(scalarAsText) : scalarAsText(value)) : value);
		// `{secret: …}` is unwrapped first (readLeaf) where the leaf takes one, and its value read by the same leaf.
		const uptopAccepts = (field: LeafField, value: unknown): boolean => {
			const secret = field.secretable && typeof value === 'object' && value !== null && 'secret' in value ? value.secret : undefined;
			return field.parse(asRead(field, secret ?? value)).ok;
		};

		const disagreements = leaves.flatMap(([where, field, fieldSchema]) => [1.5, 7, true, [7, true], {secret: 7}, {secret: false}].flatMap(value => {
			const uptop = uptopAccepts(field, value);
			const editor = schemaErrors(buildJsonSchema(), value, fieldSchema).length === 0;
			return uptop === editor ? [] : [`${where} ${JSON.stringify(value)}: uptop ${uptop ? 'accepts' : 'refuses'}, the schema ${editor ? 'accepts' : 'refuses'}`];
		}));
		expect(disagreements).toEqual([]);
	});
});

