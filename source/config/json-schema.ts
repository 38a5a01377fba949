import {checkKinds, commonFields, concurrencyFormat, defaultsFormat, groupFormat, includeFormat, kindFormats} from './format.js';
import type {Field, JsonSchema, LeafField} from './schema-model.js';

const secretReference = {$ref: '#/definitions/secret'};
const secretTextReference = {$ref: '#/definitions/secretText'};

/**
 * Where a leaf reads a plain number or boolean as the characters written (`name: 1.10`, `run: [chmod, 0755]`,
 * `env: {DEBUG: TRUE}`), an editor sees the number or boolean YAML makes of it: every `type: string` in the leaf's
 * schema (a list's items too) takes those as well. Length and pattern keep applying to strings, as in uptop.
 */
function withScalarsAsText(schema: JsonSchema): JsonSchema {
	const widened: Record<string, unknown> = {...schema};
	if (schema.type === 'string') widened.type = ['string', 'number', 'boolean'];
	if (Array.isArray(schema.anyOf)) widened.anyOf = schema.anyOf.map(part => withScalarsAsText(part as JsonSchema));
	if (schema.items !== undefined) widened.items = withScalarsAsText(schema.items as JsonSchema);
	return widened;
}

function leafSchema(field: LeafField): JsonSchema {
	const schema = field.scalarsAsWritten ? withScalarsAsText(field.jsonSchema) : field.jsonSchema;
	if (!field.secretable) return {description: field.description, ...schema};
	return {description: field.description, anyOf: [schema, field.scalarsAsWritten ? secretTextReference : secretReference]};
}

function fieldSchema(field: Field): JsonSchema {
	switch (field.type) {
		case 'leaf': {
			return leafSchema(field);
		}

		case 'list': {
			return {description: field.description, type: 'array', items: fieldSchema(field.items), ...(field.minItems ? {minItems: field.minItems} : {})};
		}

		case 'map': {
			return {
				description: field.description,
				type: 'object',
				additionalProperties: fieldSchema(field.values),
				...(field.keyPattern ? {propertyNames: {pattern: field.keyPattern.source}} : {}),
			};
		}

		case 'object': {
			return {
				description: field.description,
				type: 'object',
				properties: Object.fromEntries(Object.entries(field.fields).map(([key, child]) => [key, fieldSchema(child)])),
				additionalProperties: false,
				...(field.required?.length ? {required: [...field.required]} : {}),
				...(field.exactlyOne ? {oneOf: field.exactlyOne.map(key => ({required: [key]}))} : {}),
			};
		}
	}
}

/** A check: the union of every kind's keys, then per kind (if/then) its own keys, types and required keys. */
function checkSchema(): JsonSchema {
	const properties: Record<string, JsonSchema> = {};
	for (const [key, field] of Object.entries(commonFields)) {
		properties[key] = fieldSchema(field);
	}

	for (const kind of checkKinds) {
		for (const [key, field] of Object.entries(kindFormats[kind].fields)) {
			const schema = fieldSchema(field);
			const previous = properties[key];
			properties[key] = previous === undefined || JSON.stringify(previous) === JSON.stringify(schema) ? schema : {description: `Depends on the kind; see the kind's own description of \`${key}\`.`};
		}
	}

	const allOf = checkKinds.map(kind => {
		const format = kindFormats[kind];
		const isKind = {properties: {kind: {const: kind}}, required: ['kind']};
		return {
			if: kind === 'http' ? {anyOf: [isKind, {not: {required: ['kind']}}]} : isKind,
			then: {
				properties: Object.fromEntries(Object.entries(format.fields).map(([key, field]) => [key, fieldSchema(field)])),
				propertyNames: {enum: [...Object.keys(commonFields), ...Object.keys(format.fields)]},
				...(format.required.length > 0 ? {required: [...format.required]} : {}),
			},
		};
	});

	return {
		description: 'One check. `kind` defaults to http when `url` is given.',
		type: 'object',
		properties,
		required: ['name'],
		additionalProperties: false,
		allOf,
	};
}

/** The JSON Schema for checks.yaml (draft-07, which editors' YAML language servers support best). */
export function buildJsonSchema(): JsonSchema {
	return {
		$schema: 'http://json-schema.org/draft-07/schema#',
		title: 'uptop checks.yaml',
		description: 'Health checks watched by uptop. Generated from source/config/format.ts by scripts/generate-schema.ts; do not edit.',
		type: 'object',
		properties: {
			defaults: fieldSchema(defaultsFormat),
			groups: {description: 'Group name → settings for the checks with that `group:`.', type: 'object', additionalProperties: fieldSchema(groupFormat)},
			checks: {description: 'The checks.', type: 'array', items: {$ref: '#/definitions/check'}},
			include: fieldSchema(includeFormat),
			concurrency: fieldSchema(concurrencyFormat),
		},
		patternProperties: {'^x-': {description: 'Ignored by uptop: a place for anchors (&name) to reuse with *name.'}},
		additionalProperties: false,
		definitions: {
			check: checkSchema(),
			secret: {
				description: 'A value that is never shown: on screen, in --json, logs and reports it appears as ••••.',
				type: 'object',
				properties: {secret: {type: 'string'}},
				required: ['secret'],
				additionalProperties: false,
			},
			secretText: {
				description: 'Text that is never shown: on screen, in --json, logs and reports it appears as ••••. A number or boolean is read as written (1234, 0755).',
				type: 'object',
				properties: {secret: {type: ['string', 'number', 'boolean']}},
				required: ['secret'],
				additionalProperties: false,
			},
		},
	};
}

/** The schema file's exact text (tabs, trailing newline), shared by the generator and its staleness test. */
export const renderJsonSchema = (): string => `${JSON.stringify(buildJsonSchema(), null, '\t')}\n`;
