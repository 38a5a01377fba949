/**
 * Writes schema/checks.schema.json from the format description in source/config/format.ts.
 * Run: node_modules/.bin/node --import tsx scripts/generate-schema.ts
 * test/config/json-schema.test.ts fails when the committed file is stale.
 */
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {renderJsonSchema} from '../source/config/json-schema.js';

const target = fileURLToPath(new URL('../schema/checks.schema.json', import.meta.url));
writeFileSync(target, renderJsonSchema());
console.log(`wrote ${target}`);
