import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

// The guide's architecture, read off the import lines: which layer may lean on which.
const sourceRoot = fileURLToPath(new URL('../source/', import.meta.url));

type Import = {file: string; specifier: string; typeOnly: boolean; statement: string};

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true, recursive: true})
		.filter(entry => entry.isFile() && /\.tsx?$/.test(entry.name))
		.map(entry => path.join(entry.parentPath, entry.name));
}

function importsOf(layer: string): Import[] {
	const found: Import[] = [];
	for (const file of sourceFiles(path.join(sourceRoot, layer))) {
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
			found.push({file: path.relative(sourceRoot, file), specifier: match[2]!, typeOnly: Boolean(match[1]), statement: match[0]});
		}
	}

	return found;
}

// The top-level source directory a relative import lands in, or the package name.
function target(entry: Import): string {
	if (!entry.specifier.startsWith('.')) {
		return entry.specifier;
	}

	const resolved = path.relative(sourceRoot, path.resolve(sourceRoot, path.dirname(entry.file), entry.specifier));
	return resolved.split(path.sep)[0]!;
}

function breaches(layer: string, allowed: (to: string, entry: Import) => boolean): string[] {
	return importsOf(layer)
		.filter(entry => !allowed(target(entry), entry))
		.map(entry => `${entry.file} imports ${entry.specifier}`);
}

describe('layering', () => {
	it('finds the imports it judges', () => {
		// Guards the reader itself: a pattern that matched nothing would pass every rule below.
		expect(importsOf('config').length).toBeGreaterThan(50);
		expect(importsOf('config').some(entry => target(entry) === 'text')).toBe(true);
		expect(importsOf('ui').some(entry => entry.typeOnly && target(entry) === 'probes')).toBe(true);
	});

	it('config reads files and leans only on the shared text helpers', () => {
		// node:net only for its address tests (isIP, isIPv6): no socket.
		const isAddressTest = (entry: Import) => /^import\s*\{\s*isIP(?:v4|v6)?(?:\s*,\s*isIP(?:v4|v6)?)*\s*\}/.test(entry.statement);
		expect(breaches('config', (to, entry) => ['config', 'text', 'yaml', 'node:buffer', 'node:fs', 'node:path', 'node:util'].includes(to)
			|| (to === 'node:net' && isAddressTest(entry)))).toEqual([]);
	});

	it('text (sanitizing and redaction) needs nothing but config types', () => {
		expect(breaches('text', (to, entry) => to === 'text' || (to === 'config' && entry.typeOnly))).toEqual([]);
	});

	it('probes know checks and text, not the engine, the screen or the modes', () => {
		expect(breaches('probes', to => !['monitor', 'ui', 'modes', 'release', 'runtime', 'cli.tsx', 'ink', 'react'].includes(to))).toEqual([]);
	});

	it('the engine has no React and no screen', () => {
		expect(breaches('monitor', to => !['ui', 'modes', 'cli.tsx', 'ink', 'react'].includes(to))).toEqual([]);
	});

	it('the screen takes only types from the probes and opens no socket or file', () => {
		expect(breaches('ui', (to, entry) => {
			if (to === 'probes') {
				return entry.typeOnly;
			}

			return !['modes', 'cli.tsx', 'undici', 'node:net', 'node:http', 'node:https', 'node:fs', 'node:fs/promises', 'node:child_process'].includes(to);
		})).toEqual([]);
	});
});
