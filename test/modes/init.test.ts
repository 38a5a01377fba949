import {cpSync, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {runInit, schemaReference, starterConfig} from '../../source/modes/init.js';
import {writeFiles} from '../config/temp-files.js';
import {fillDisk, mountSmallDisk, titleForDisk, unmountSmallDisk} from '../helpers/full-disk.js';

const schemaFile = path.resolve('schema/checks.schema.json');

/** The starter with every commented-out example turned on (comment lines that are YAML, not prose). */
function withExamplesOn(text: string): string {
	return text.split('\n').map(line => line.replace(/^(\s*)# (\s*(?:- )?[a-zA-Z]+:(?: |$))/, '$1$2')).join('\n');
}

function load(text: string) {
	const directory = writeFiles({'checks.yaml': text});
	return loadConfig(path.join(directory, 'checks.yaml'), {env: {}});
}

describe('uptop init', () => {
	it('writes a starter that loads as it is: one http check, in a group that gives it an owner', () => {
		const {checks} = load(starterConfig(schemaFile));
		expect(checks).toHaveLength(1);
		expect(checks[0]).toMatchObject({name: 'api health', kind: 'http', url: 'http://127.0.0.1:8000/health', owner: '@web-team', intervalMs: 10_000, timeoutMs: 5000});
	});

	it('has an example of every kind, and each loads once uncommented', () => {
		const text = withExamplesOn(starterConfig(schemaFile));
		expect(text).not.toBe(starterConfig(schemaFile));
		const {checks} = load(text);
		expect(checks.map(check => check.kind).sort()).toEqual(['command', 'dns', 'freshness', 'http', 'prometheus', 'tcp', 'tls']);
		expect(checks.find(check => check.kind === 'http')).toMatchObject({expect: {status: [{min: 200, max: 200}]}, version: {json: 'version'}});
	});

	it('takes a shorter interval on its http check as the first edit: the built-in timeout follows it down', () => {
		// A `timeout: 5s` written in the starter's defaults turned off that cap, and this edit failed at a line never touched.
		const edited = starterConfig(schemaFile).replace('    url: http://127.0.0.1:8000/health\n', '    url: http://127.0.0.1:8000/health\n    interval: 2s\n');
		expect(edited).not.toBe(starterConfig(schemaFile));
		const {checks} = load(edited);
		expect(checks[0]).toMatchObject({name: 'api health', intervalMs: 2000, timeoutMs: 2000});
	});

	it('shows the built-in timeout as a commented default, which says what it does when left out', () => {
		const line = starterConfig(schemaFile).split('\n').find(text => /^\s*#\s*timeout:/.test(text));
		expect(line).toMatch(/^ {2}# timeout: 5s .*interval/);
		// Uncommented, it is the built-in value: a starter with every example on probes as one left alone.
		expect(withExamplesOn(starterConfig(schemaFile))).toContain('\n  timeout: 5s ');
		expect(load(withExamplesOn(starterConfig(schemaFile))).checks.every(check => check.timeoutMs === 5000)).toBe(true);
	});

	it('points editors at the schema it is given, on its first line', () => {
		expect(starterConfig(schemaFile).split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaFile}`);
	});

	it('writes checks.yaml inside a directory it is given', () => {
		const directory = writeFiles({});
		const out: string[] = [];
		expect(runInit(directory, schemaFile, {stdout: text => out.push(text), stderr: text => out.push(text)})).toBe(0);
		expect(readFileSync(path.join(directory, 'checks.yaml'), 'utf8')).toBe(starterConfig(schemaReference(path.join(directory, 'checks.yaml'), schemaFile)));
		expect(out.join('')).toContain('checks.yaml: one http check to edit');
	});

	it('names the schema relative to the file it writes, so the line survives a commit and a move', () => {
		const schema = '{"$schema": "http://json-schema.org/draft-07/schema#"}\n';
		const project = writeFiles({'package.json': '{}\n', 'node_modules/uptop/schema/checks.schema.json': schema, 'deploy/.keep': ''});
		const installed = path.join(project, 'node_modules/uptop/schema/checks.schema.json');
		const io = {stdout: () => undefined, stderr: (text: string) => expect.fail(text)};
		expect(runInit(project, installed, io)).toBe(0);
		expect(runInit(path.join(project, 'deploy/staging.yaml'), installed, io)).toBe(0);
		const schemaLine = (file: string): string => readFileSync(file, 'utf8').split('\n')[0]!;
		expect(schemaLine(path.join(project, 'checks.yaml'))).toBe('# yaml-language-server: $schema=./node_modules/uptop/schema/checks.schema.json');
		expect(schemaLine(path.join(project, 'deploy/staging.yaml'))).toBe('# yaml-language-server: $schema=../node_modules/uptop/schema/checks.schema.json');

		// The project checked out (or copied) somewhere else, the first one gone: the schema is still found.
		const elsewhere = path.join(writeFiles({}), 'project');
		cpSync(project, elsewhere, {recursive: true});
		rmSync(project, {recursive: true, force: true});
		for (const file of ['checks.yaml', 'deploy/staging.yaml']) {
			const written = path.join(elsewhere, file);
			const reference = schemaLine(written).replace('# yaml-language-server: $schema=', '');
			expect(readFileSync(path.resolve(path.dirname(written), reference), 'utf8'), file).toBe(schema);
		}
	});

	it('names a schema outside the file\'s project (a global install, npx\'s cache) by its absolute path', () => {
		const cache = writeFiles({'uptop/schema/checks.schema.json': '{}\n'});
		const project = writeFiles({'package.json': '{}\n'});
		const installed = path.join(cache, 'uptop/schema/checks.schema.json');
		expect(schemaReference(path.join(project, 'checks.yaml'), installed)).toBe(installed);
		// No project at all (a file in a directory with no package.json or .git above it): the same.
		const bare = writeFiles({'schema.json': '{}\n'});
		expect(schemaReference(path.join(bare, 'checks.yaml'), path.join(bare, 'schema.json'))).toBe(path.join(bare, 'schema.json'));
		// Inside the project: relative, as before.
		expect(schemaReference(path.join(project, 'checks.yaml'), path.join(project, 'node_modules/uptop/schema/checks.schema.json'))).toBe('./node_modules/uptop/schema/checks.schema.json');
	});

	it('names a schema beside the file as ./schema/..., as the repository\'s own checks.yaml does', () => {
		expect(schemaReference(path.resolve('checks.yaml'), schemaFile)).toBe('./schema/checks.schema.json');
		expect(existsSync(path.resolve(schemaReference(path.resolve('checks.yaml'), schemaFile)))).toBe(true);
	});

	it('never overwrites a file, and says so', () => {
		const directory = writeFiles({'checks.yaml': 'mine\n'});
		const file = path.join(directory, 'checks.yaml');
		const out: string[] = [];
		const code = runInit(file, schemaFile, {stdout: text => out.push(text), stderr: text => out.push(text)});
		expect(code).toBe(1);
		expect(out.join('')).toMatch(/already exists; uptop init never overwrites a file\n {2}hint: uptop validate .*checks\.yaml checks it/);
		expect(readFileSync(file, 'utf8')).toBe('mine\n');
	});

	it('says in words why it cannot write, naming the path as given when it is outside the current directory', () => {
		// `uptop init /dev/full/x.yaml` said "cannot write ../../../dev/full/x.yaml: ENOTDIR: not a directory, open '/dev/full/x.yaml'".
		const directory = writeFiles({'plain-file': 'x\n'});
		const file = path.join(directory, 'plain-file', 'checks.yaml');
		const out: string[] = [];
		expect(runInit(file, schemaFile, {stdout: text => out.push(text), stderr: text => out.push(text)})).toBe(1);
		expect(out.join('')).toBe(`uptop: cannot write ${file}: ${path.join(directory, 'plain-file')} is not a directory (ENOTDIR)\n`);
		const deeper = path.join(directory, 'plain-file', 'team', 'checks.yaml');
		out.length = 0;
		expect(runInit(deeper, schemaFile, {stdout: text => out.push(text), stderr: text => out.push(text)})).toBe(1);
		expect(out.join('')).toBe(`uptop: cannot write ${deeper}: ${path.join(directory, 'plain-file')} is not a directory (ENOTDIR)\n`);
	});
});

describe('uptop init on a disk with no space left', () => {
	const root = path.join(tmpdir(), `uptop-init-no-space-${process.pid}`);
	const inodesDisk = path.join(root, 'inodes');
	const blocksDisk = path.join(root, 'blocks');
	const leftoverDisk = path.join(root, 'leftover');
	// nr_inodes=3: the root directory and two files; the third file has no inode, though blocks are free.
	const inodesMounted = mountSmallDisk(inodesDisk, 1024, 3);
	const blocksMounted = mountSmallDisk(blocksDisk, 64);
	const leftoverMounted = mountSmallDisk(leftoverDisk, 64);
	afterAll(() => {
		if (inodesMounted) unmountSmallDisk(inodesDisk);
		if (blocksMounted) unmountSmallDisk(blocksDisk);
		if (leftoverMounted) unmountSmallDisk(leftoverDisk);
		rmSync(root, {recursive: true, force: true});
	});

	it.runIf(inodesMounted)(titleForDisk('says it is out of inodes, as df -h shows free space there', inodesMounted), () => {
		for (let index = 0; index < 10; index++) {
			try {
				writeFileSync(path.join(inodesDisk, `inode-${index}`), '');
			} catch {
				break;
			}
		}

		const file = path.join(inodesDisk, 'checks.yaml');
		const out: string[] = [];
		expect(runInit(file, schemaFile, {stdout: text => out.push(text), stderr: text => out.push(text)})).toBe(1);
		expect(out.join('')).toBe(`uptop: cannot write ${file}: no space left on the device (out of inodes, though blocks are free: see df -i)\n`);
	});

	it.runIf(blocksMounted)(titleForDisk('says the disk is full when its blocks ran out', blocksMounted), () => {
		fillDisk(blocksDisk);
		const file = path.join(blocksDisk, 'checks.yaml');
		const out: string[] = [];
		expect(runInit(file, schemaFile, {stdout: text => out.push(text), stderr: text => out.push(text)})).toBe(1);
		expect(out.join('')).toBe(`uptop: cannot write ${file}: no space left on the device (disk full: see df -h)\n`);
	});

	it.runIf(leftoverMounted)(titleForDisk('leaves no empty file behind, so a second try once there is space is not told the file exists', leftoverMounted), () => {
		const filler = fillDisk(leftoverDisk);
		const file = path.join(leftoverDisk, 'checks.yaml');
		const out: string[] = [];
		const io = {stdout: (text: string) => out.push(text), stderr: (text: string) => out.push(text)};
		expect(runInit(file, schemaFile, io)).toBe(1);
		expect(existsSync(file)).toBe(false);
		expect(runInit(file, schemaFile, io)).toBe(1);
		expect(out).toEqual(Array.from({length: 2}, () => `uptop: cannot write ${file}: no space left on the device (disk full: see df -h)\n`));
		rmSync(filler);
		out.length = 0;
		expect(runInit(file, schemaFile, io)).toBe(0);
		expect(readFileSync(file, 'utf8')).toBe(starterConfig(schemaReference(file, schemaFile)));
	});
});
