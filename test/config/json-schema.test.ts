import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkKinds, commonFields, kindFormats} from '../../source/config/format.js';
import {buildJsonSchema, renderJsonSchema} from '../../source/config/json-schema.js';

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
		const text = JSON.stringify(buildJsonSchema());
		expect(text).toContain('"#/definitions/secret"');
	});
});
