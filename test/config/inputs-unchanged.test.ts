import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {inputsUnchanged} from '../../source/config/inputs-unchanged.js';
import {loadConfig} from '../../source/config/load-config.js';
import {writeFiles} from './temp-files.js';

const check = (name: string): string => `  - name: ${name}\n    url: http://127.0.0.1:8000/${name}\n`;

function fleet() {
	const directory = writeFiles({
		'checks.yaml': `include: [checks.d/*.yaml, extra.yaml]\nchecks:\n${check('top')}`,
		'checks.d/a.yaml': `checks:\n${check('a')}`,
		'checks.d/notes.txt': 'not yaml',
		'extra.yaml': `checks:\n${check('extra')}`,
	});
	const config = loadConfig(path.join(directory, 'checks.yaml'));
	return {directory, inputs: config.inputs!};
}

describe('inputsUnchanged', () => {
	it('is true while every file says the same and every glob matches the same files', () => {
		const {directory, inputs} = fleet();
		expect(inputs.texts.size).toBe(3);
		expect(inputsUnchanged(inputs)).toBe(true);
		// A file the globs do not match is not an input.
		writeFileSync(path.join(directory, 'checks.d/more-notes.txt'), 'still not yaml');
		expect(inputsUnchanged(inputs)).toBe(true);
		// Rewritten with the same text (an editor's save without changes).
		writeFileSync(path.join(directory, 'extra.yaml'), `checks:\n${check('extra')}`);
		expect(inputsUnchanged(inputs)).toBe(true);
	});

	it('is false once the top file, an included file or a globbed file changes', () => {
		for (const file of ['checks.yaml', 'extra.yaml', 'checks.d/a.yaml']) {
			const {directory, inputs} = fleet();
			writeFileSync(path.join(directory, file), `checks:\n${check('changed')}`);
			expect(inputsUnchanged(inputs), file).toBe(false);
		}
	});

	it('is false when a file goes away or a glob gains or loses a file', () => {
		const gone = fleet();
		rmSync(path.join(gone.directory, 'extra.yaml'));
		expect(inputsUnchanged(gone.inputs)).toBe(false);

		const gained = fleet();
		writeFileSync(path.join(gained.directory, 'checks.d/b.yaml'), `checks:\n${check('b')}`);
		expect(inputsUnchanged(gained.inputs)).toBe(false);

		const lost = fleet();
		writeFileSync(path.join(lost.directory, 'checks.d/b.yaml'), `checks:\n${check('b')}`);
		const withB = loadConfig(path.join(lost.directory, 'checks.yaml')).inputs!;
		rmSync(path.join(lost.directory, 'checks.d/b.yaml'));
		expect(inputsUnchanged(withB)).toBe(false);
	});

	it('compares text the way the loader reads it: a byte-order mark added in front changes nothing', () => {
		const {directory, inputs} = fleet();
		writeFileSync(path.join(directory, 'extra.yaml'), `\uFEFFchecks:\n${check('extra')}`);
		expect(inputsUnchanged(inputs)).toBe(true);
	});
});
