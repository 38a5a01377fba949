/**
 * A small draft-07 validator for the keywords schema/checks.schema.json uses, so tests can ask what an editor's
 * YAML language server would say of a file. A keyword it does not know is an error, not a silent pass: a new
 * keyword in the schema must be taught here before a test can lean on it.
 */

type Schema = Readonly<Record<string, unknown>>;

const annotations = new Set(['$schema', 'title', 'description', 'definitions']);
const known = new Set([
	...annotations, '$ref', 'type', 'enum', 'const', 'pattern', 'minLength', 'minimum', 'maximum', 'items', 'minItems',
	'properties', 'patternProperties', 'additionalProperties', 'required', 'propertyNames', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'not',
]);

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

const hasType = (value: unknown, type: string): boolean => typeOf(value) === type || (type === 'number' && typeOf(value) === 'integer');

const isObject = (value: unknown): value is Record<string, unknown> => typeOf(value) === 'object';

function resolve(root: Schema, reference: string): Schema {
	if (!reference.startsWith('#/')) throw new Error(`only local $ref is supported: ${reference}`);
	let at: unknown = root;
	for (const part of reference.slice(2).split('/')) at = (at as Record<string, unknown>)[part];
	if (!isObject(at)) throw new Error(`$ref ${reference} points at nothing`);
	return at;
}

/** Where `value` breaks `schema`, as "path: what" lines; none when it is valid. */
export function schemaErrors(root: Schema, value: unknown, schema: Schema = root, path = '$'): string[] {
	const errors: string[] = [];
	const unknown = Object.keys(schema).filter(key => !known.has(key));
	if (unknown.length > 0) throw new Error(`${path}: keywords this validator does not know: ${unknown.join(', ')}`);
	const sub = (child: unknown, childSchema: unknown, childPath: string): string[] => (childSchema === true || childSchema === undefined ? [] : childSchema === false ? [`${childPath}: not allowed`] : schemaErrors(root, child, childSchema as Schema, childPath));

	if (typeof schema.$ref === 'string') errors.push(...sub(value, resolve(root, schema.$ref), path));
	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type as string[] : [schema.type as string];
		if (!types.some(type => hasType(value, type))) errors.push(`${path}: expected ${types.join(' or ')}, found ${typeOf(value)}`);
	}

	if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
	if ('const' in schema && schema.const !== value) errors.push(`${path}: not ${JSON.stringify(schema.const)}`);
	if (typeof value === 'string') {
		if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
		if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
	}

	if (typeof value === 'number') {
		if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
		if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
	}

	if (Array.isArray(value)) {
		if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
		if (schema.items !== undefined) value.forEach((item, index) => errors.push(...sub(item, schema.items, `${path}[${index}]`)));
	}

	if (isObject(value)) {
		const properties = (schema.properties ?? {}) as Record<string, unknown>;
		const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, unknown>);
		for (const [key, child] of Object.entries(value)) {
			const childPath = `${path}.${key}`;
			if (schema.propertyNames !== undefined) errors.push(...sub(key, schema.propertyNames, `${childPath} (the key)`));
			const matching = patterns.filter(([pattern]) => new RegExp(pattern, 'u').test(key));
			for (const [, patternSchema] of matching) errors.push(...sub(child, patternSchema, childPath));
			if (key in properties) {
				errors.push(...sub(child, properties[key], childPath));
			} else if (matching.length === 0 && schema.additionalProperties !== undefined) {
				errors.push(...sub(child, schema.additionalProperties, childPath));
			}
		}

		for (const key of (schema.required ?? []) as string[]) {
			if (!(key in value)) errors.push(`${path}: missing ${key}`);
		}
	}

	if (Array.isArray(schema.allOf)) for (const part of schema.allOf) errors.push(...sub(value, part, path));
	if (Array.isArray(schema.anyOf) && !schema.anyOf.some(part => sub(value, part, path).length === 0)) errors.push(`${path}: matches none of anyOf`);
	if (Array.isArray(schema.oneOf) && schema.oneOf.filter(part => sub(value, part, path).length === 0).length !== 1) errors.push(`${path}: does not match exactly one of oneOf`);
	if (schema.not !== undefined && sub(value, schema.not, path).length === 0) errors.push(`${path}: matches what \`not\` refuses`);
	if (schema.if !== undefined && sub(value, schema.if, path).length === 0) errors.push(...sub(value, schema.then, path));
	return errors;
}
