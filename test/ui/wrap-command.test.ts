import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {displayWidth} from '../../source/ui/text.js';
import {shellWords, wrapCommand} from '../../source/ui/wrap-command.js';

/** The words bash reads from `text`: what a person gets who copies the lines off the screen and pastes them. */
function argumentsBashReads(text: string): string[] {
	const output = execFileSync('bash', ['-c', `set -- ${text}\nprintf '%s\\0' "$@"`], {encoding: 'utf8'});
	return output.split('\0').slice(0, -1);
}

const curl = String.raw`curl -sS -A uptop -w '\n%{http_code} %{time_total}s\n' -m 3 -L -H 'X-Tenant: acme corp' -H "Authorization: Bearer \"\${TOKEN}\"" http://127.0.0.1:47800/jobs/invoice-sync`;

describe('shellWords', () => {
	it('keeps quoted spaces, escaped quotes and backslashes inside their word', () => {
		expect(shellWords(String.raw`curl -w '%{a} %{b}' -H "x: \"y z\"" a\ b  c`)).toEqual(['curl', '-w', '\'%{a} %{b}\'', String.raw`-H`, String.raw`"x: \"y z\""`, String.raw`a\ b`, 'c']);
	});
});

describe('wrapCommand', () => {
	it('leaves a command that fits on one line', () => {
		expect(wrapCommand('nc -vz -w 5 db 5432', 40, 10)).toEqual(['nc -vz -w 5 db 5432']);
	});

	it.each([30, 38, 48, 60, 90])('at %d cells, gives lines that paste back as the same command', width => {
		const lines = wrapCommand(curl, width, 10);
		expect(lines.length).toBeGreaterThan(1);
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
		for (const line of lines.slice(0, -1)) expect(line).toMatch(/\\$/);
		expect(argumentsBashReads(lines.join('\n'))).toEqual(argumentsBashReads(curl));
	});

	it('never breaks inside a quoted word that fits on a line', () => {
		const lines = wrapCommand(curl, 40, 10);
		expect(lines.some(line => line.includes(String.raw`'\n%{http_code} %{time_total}s\n'`))).toBe(true);
	});

	it('lets the last word take the room a backslash would have needed', () => {
		expect(wrapCommand('curl -sS http://a/b', 18, 5)).toEqual(['curl -sS \\', 'http://a/b']);
		expect(wrapCommand('aaaa bbbb cccc', 9, 5)).toEqual(['aaaa \\', 'bbbb cccc']);
		expect(wrapCommand(`curl -sS -m 3 -L http://127.0.0.1:47800/${'x'.repeat(17)}`, 40, 5)).toEqual(['curl -sS -m 3 -L \\', `http://127.0.0.1:47800/${'x'.repeat(17)}`]);
	});

	it.each([
		['outside quotes', `http://127.0.0.1:8080/${'x'.repeat(50)}`],
		['inside single quotes', `'${'a b '.repeat(15)}'`],
		['inside double quotes, with escapes', `"${String.raw`a \" \\ \$ `.repeat(8)}"`],
	])('cuts a word wider than a line %s so that it pastes back whole', (_where, word) => {
		const command = `curl -H ${word} http://a/`;
		const lines = wrapCommand(command, 24, 10);
		expect(lines[0]).toBe('curl -H \\');
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(24);
		expect(argumentsBashReads(lines.join('\n'))).toEqual(argumentsBashReads(command));
		expect(argumentsBashReads(command)).toHaveLength(4);
	});

	it('keeps an option and its value on one line where the two fit on one', () => {
		// The detail pane read `… -m \` then `3 -L \`: the timeout's flag and its value a line apart.
		expect(wrapCommand(curl, 60, 10)[1]).toMatch(/^-m 3 -L /);
		expect(wrapCommand(curl, 38, 10).slice(0, 3)).toEqual(['curl -sS -A uptop \\', String.raw`-w '\n%{http_code} %{time_total}s\n'` + ' \\', '-m 3 -L -H \'X-Tenant: acme corp\' -H \\']);
		for (let width = 30; width <= 120; width++) {
			const lines = wrapCommand(curl, width, 20);
			expect(argumentsBashReads(lines.join('\n')), `at ${width}`).toEqual(argumentsBashReads(curl));
			for (const [index, line] of lines.slice(0, -1).entries()) {
				const option = / (-[mwAH]) \\$/.exec(line)?.[1];
				const [value] = shellWords(lines[index + 1]!);
				// A value wider than a line is cut, and starts the next line with its first piece.
				if (option === undefined || value === undefined || !shellWords(curl).includes(value)) continue;
				// Split only where the pair is wider than a line's room for it.
				expect(displayWidth(`${option} ${value}`), `${option} ${value} at ${width}`).toBeGreaterThan(index + 1 === lines.length - 1 ? width : width - 2);
			}
		}
	});

	it('cuts a URL wider than a line after a slash, where the line stays at least half full', () => {
		// The demo's failing job read `http://127.0.0.1:47800/jobs/invoice\` then `-sync`: a line that starts like an option.
		const command = 'curl -sS -m 3 -L http://127.0.0.1:47800/jobs/invoice-sync-nightly';
		expect(wrapCommand(command, 40, 5)).toEqual(['curl -sS -m 3 -L \\', 'http://127.0.0.1:47800/jobs/\\', 'invoice-sync-nightly']);
		// Inside single quotes too, closed before the cut and opened again after it.
		const quoted = 'curl -H \'Referer: http://portal.example/tenants/acme/dashboards/main\' http://a/';
		const lines = wrapCommand(quoted, 40, 5);
		expect(lines).toEqual(['curl -H \\', '\'Referer: http://portal.example/\'\\', '\'tenants/acme/dashboards/main\' http://a/']);
		expect(argumentsBashReads(lines.join('\n'))).toEqual(argumentsBashReads(quoted));
		// Never before a `-`, where the next line would read as an option, nor between the slashes of `//`.
		for (let width = 20; width <= 60; width++) {
			for (const line of wrapCommand(command, width, 10).slice(1)) expect(line, `at ${width}`).not.toMatch(/^-s|^\//);
		}
	});

	it('ends the last line it may draw in the ellipsis', () => {
		const lines = wrapCommand(curl, 30, 3);
		expect(lines).toHaveLength(3);
		expect(lines[2]).toMatch(/…$/);
		expect(displayWidth(lines[2]!)).toBeLessThanOrEqual(30);
	});
});
