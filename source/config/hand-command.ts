import path from 'node:path';
import {configValue, encodeUrlSpaces, joinValues, literal, quoteText, shellPieces, shellWord, sliceValue, variableWord, type ShellValue} from './shell-value.js';
import {certificateNameFromHost} from './host-header.js';
import type {Check, CommandCheck, DnsCheck, EnvPart, HttpCheck, TcpCheck, TlsCheck} from './types.js';

/** `5000` → `5`, `2500` → `2.5`: curl's -m takes fractions of a second. */
const seconds = (ms: number): string => String(Math.round(ms) / 1000);
/** nc's -w and dig's +timeout take whole seconds: rounded up, so the command never gives up sooner than the probe. */
const wholeSeconds = (ms: number): string => String(Math.max(1, Math.ceil(ms / 1000)));

/** A command being written: words already quoted, a setting's words with its variables and secrets. */
function wordsFor(check: Check) {
	const parts: readonly EnvPart[] = check.envParts ?? [];
	const words: string[] = [];
	return {
		words,
		/** Our own words (tools, flags): plain text, quoted if they need it. */
		add(...texts: string[]) {
			words.push(...texts.map(text => quoteText(text)));
		},
		/** A word made of settings and text: `-H` `name: ${value}`. */
		addValue(value: ShellValue) {
			words.push(shellWord(value, check.secrets));
		},
		setting: (text: string): ShellValue => configValue(text, parts),
		/**
		 * A file setting, which the check holds resolved (resolve-path.ts): `certs/${CA}.pem` written in
		 * /etc/uptop/checks.yaml is `/etc/uptop/certs/"${CA}".pem`, the directory put before the path as written
		 * (the kernel resolves a `..` in it as path.resolve did, short of a symbolic link), never `/etc/uptop/••••`.
		 */
		path(text: string): ShellValue {
			for (const part of parts) {
				if (part.relativeTo === undefined || path.resolve(part.relativeTo, part.substituted) !== text) continue;
				const written = configValue(part.substituted, parts);
				return path.isAbsolute(part.substituted) ? written : joinValues(literal(part.relativeTo.replace(/\/?$/, '/')), written);
			}

			return configValue(text, parts);
		},
	};
}

type Writer = ReturnType<typeof wordsFor>;

function headerWords(writer: Writer, headers: Readonly<Record<string, string>>, except?: string): void {
	for (const [name, value] of Object.entries(headers)) {
		if (name === except) continue;
		writer.add('-H');
		writer.addValue(joinValues(literal(`${name}: `), writer.setting(value)));
	}
}

/**
 * The headers of the probes that GET JSON (freshness, prometheus: get-json.ts), captured on a loopback server:
 * `User-Agent: uptop` and `Accept: application/json`, where curl would send its own `User-Agent: curl/…`, which a
 * gateway or WAF may answer otherwise, and accept any type. The check's own headers take their place, as they do
 * in the probe.
 */
function jsonHeaderWords(writer: Writer, headers: Readonly<Record<string, string>>): void {
	const names = new Set(Object.keys(headers).map(name => name.toLowerCase()));
	if (!names.has('user-agent')) writer.add('-A', 'uptop');
	if (!names.has('accept')) writer.add('-H', 'Accept: application/json');
	headerWords(writer, headers);
}

/**
 * The status and time as the table shows them. The body too when the check judges it (a JSON field, a text, a
 * version read from it): the status alone would not say why it failed. Otherwise it is dropped, as a health page's
 * HTML would push the status off the screen; the headers are shown when the check expects one of them.
 */
function httpWords(writer: Writer, check: HttpCheck): void {
	const method = check.method.toUpperCase();
	const isBodyJudged = check.expect.json !== undefined || check.expect.body !== undefined || (check.version !== undefined && 'json' in check.version);
	writer.add('curl', '-sS');
	// The probe says it is uptop (http.ts) unless the check names its own: a gateway or WAF that treats curl's
	// user agent otherwise would answer the command differently.
	if (!Object.keys(check.headers).some(name => name.toLowerCase() === 'user-agent')) writer.add('-A', 'uptop');
	if (!isBodyJudged) writer.add('-o', '/dev/null');
	// The headers too when the check expects one, or reads the deployed version from one (the marker's source).
	const isHeaderRead = check.expect.header !== undefined || (check.version !== undefined && 'header' in check.version);
	if (!isBodyJudged && isHeaderRead) writer.add('-D', '-');
	writer.add('-w', isBodyJudged ? String.raw`\n%{http_code} %{time_total}s\n` : String.raw`%{http_code} %{time_total}s\n`, '-m', seconds(check.timeoutMs));
	// curl's man page: -X HEAD waits for a body that never comes; -I asks for the head. --data-raw makes a POST.
	if (method === 'HEAD') writer.add('-I');
	else if (!(method === 'GET' && check.body === undefined) && !(method === 'POST' && check.body !== undefined)) writer.add('-X', method);
	// The probe follows up to maxRedirects (default 5); curl with -L up to 50 unless told.
	if (check.maxRedirects > 0) writer.add('-L');
	if (check.maxRedirects > 0 && check.maxRedirects !== 5) writer.add('--max-redirs', String(check.maxRedirects));
	if (check.insecure) writer.add('-k');
	if (check.ca !== undefined) {
		writer.add('--cacert');
		writer.addValue(writer.path(check.ca));
	}

	const url = encodeUrlSpaces(writer.setting(check.url));
	const virtualHost = virtualHostUrl(writer, check, url);
	if (virtualHost !== undefined) {
		writer.add('--connect-to');
		writer.addValue(virtualHost.connectTo);
	}

	headerWords(writer, check.headers, virtualHost === undefined ? undefined : 'host');
	if (check.body !== undefined) {
		// The probe sends a body with no Content-Type unless the check gives one; --data-raw adds
		// application/x-www-form-urlencoded, and a JSON API then reads no JSON (FastAPI answers 422). `Content-Type:`
		// with no value makes curl send none.
		if (!Object.keys(check.headers).some(name => name.toLowerCase() === 'content-type')) writer.add('-H', 'Content-Type:');
		// --data-raw: a body starting with @ is sent as written, not read from a file as --data would.
		writer.add('--data-raw');
		writer.addValue(writer.setting(check.body));
	}

	writer.addValue(virtualHost?.url ?? url);
}

/**
 * An https check's Host header is also the name its certificate is checked against (the probe's client takes it as
 * the TLS server name), where curl would check the URL's host and send the header only: the URL asks for the Host
 * header's name, and `--connect-to` sends it to the URL's address and port, so curl sends the same Host and checks
 * the same certificate. undefined when no Host header names a server (none, an address, an http URL).
 */
function virtualHostUrl(writer: Writer, check: HttpCheck, url: ShellValue): {connectTo: ShellValue; url: ShellValue} | undefined {
	const host = check.headers.host;
	const parts = /^(https:\/\/(?:[^@/?#]*@)?)(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?/i.exec(url.text);
	if (host === undefined || certificateNameFromHost(check.headers) === undefined || parts === null) return undefined;
	const header = writer.setting(host);
	const nameEnd = host.includes(':') ? host.indexOf(':') : host.length;
	const name = sliceValue(header, 0, nameEnd);
	const hostPort = nameEnd + 1 < host.length ? sliceValue(header, nameEnd + 1) : undefined;
	const hostEnd = parts[1]!.length + parts[2]!.length;
	const urlPort = parts[3] ? sliceValue(url, hostEnd + 1, parts[0].length) : literal('443');
	const colon = literal(':');
	return {
		connectTo: joinValues(name, colon, hostPort ?? literal('443'), colon, sliceValue(url, parts[1]!.length, hostEnd), colon, urlPort),
		url: joinValues(sliceValue(url, 0, parts[1]!.length), name, ...(hostPort === undefined ? [] : [colon, hostPort]), sliceValue(url, parts[0].length)),
	};
}

/**
 * `host: ${HOST}:5432` was written as one value: its host and port are parts of it. A tls check's `host: ${HOST}`
 * may have no port at all (443 by default): then the port is ours.
 */
function hostAndPort(writer: Writer, check: TcpCheck | TlsCheck): {host: ShellValue; port: ShellValue} {
	const port = String(check.port);
	for (const written of [`${check.host}:${port}`, `[${check.host}]:${port}`, check.host, `[${check.host}]`]) {
		const value = writer.setting(written);
		if (value.spans.length > 0) {
			const hostStart = written.startsWith('[') ? 1 : 0;
			const hostEnd = hostStart + check.host.length;
			const hasPort = written.endsWith(`:${port}`) && written.length > hostEnd + (hostStart === 1 ? 1 : 0);
			return {host: sliceValue(value, hostStart, hostEnd), port: hasPort ? sliceValue(value, written.length - port.length) : literal(port)};
		}
	}

	return {host: literal(check.host), port: literal(String(check.port))};
}

/** printf's format: `\` and `%` are its own, and control characters are written as escapes, not typed raw. */
function printfFormat(text: string): string {
	const named: Readonly<Record<string, string>> = {'\n': String.raw`\n`, '\r': String.raw`\r`, '\t': String.raw`\t`};
	const escaped = text.replaceAll('\\', '\\\\').replaceAll('%', '%%')
		// eslint-disable-next-line no-control-regex
		.replaceAll(/[\u0000-\u001F\u007F]/g, character => named[character] ?? `\\${character.codePointAt(0)!.toString(8).padStart(3, '0')}`);
	// A format starting with - would be read as an option.
	return escaped.replace(/^-/, String.raw`\055`);
}

/**
 * nc (netcat-openbsd): -z only connects; with something to send or a banner to read, it sends what the check
 * sends and prints what comes back until the server is quiet for -w seconds.
 */
function tcpWords(writer: Writer, check: TcpCheck): void {
	const {host, port} = hostAndPort(writer, check);
	if (check.send !== undefined) {
		// The text written in the file goes in printf's format, its CR LF as \r\n: quoted raw, they would make the
		// command span lines, and pasted, each line would run on its own. A value from the environment goes as an
		// argument for a %s: as format, its own % and \ would be read.
		const pieces = shellPieces(writer.setting(check.send), check.secrets);
		const format = pieces.map(piece => ('variable' in piece ? '%s' : printfFormat(piece.text))).join('');
		writer.add('printf', format);
		for (const piece of pieces) if ('variable' in piece) writer.words.push(variableWord(piece.variable));
		writer.words.push('|');
	}

	writer.add('nc', check.send === undefined && check.expectText === undefined ? '-vz' : '-v', '-w', wholeSeconds(check.timeoutMs));
	writer.addValue(host);
	writer.addValue(port);
	if (check.send === undefined && check.expectText !== undefined) writer.words.push('</dev/null');
}

/**
 * openssl s_client prints the chain and `Verify return code`; </dev/null ends it once the handshake is done. It has
 * no timeout of its own (its -timeout is for DTLS), and a target that drops the connect would hold it for minutes:
 * `timeout` (coreutils, and busybox's since 1.30, so any Linux bastion) ends it after the probe's time. Whole seconds
 * rounded up, as nc and dig: busybox's takes no fraction, and the command never gives up sooner than the probe.
 */
function tlsWords(writer: Writer, check: TlsCheck): void {
	const {host, port} = hostAndPort(writer, check);
	writer.add('timeout', wholeSeconds(check.timeoutMs), 'openssl', 's_client', '-connect');
	// openssl reads `::1:443` as "malformed or ambiguous": an IPv6 address goes in brackets.
	writer.addValue(check.host.includes(':') ? joinValues(literal('['), host, literal(']:'), port) : joinValues(host, literal(':'), port));
	const name = check.servername === undefined ? host : writer.setting(check.servername);
	// The probe sends no server name for an IP address (Node does not allow one).
	if (!/^[\d.]+$|:/.test(name.text)) {
		writer.add('-servername');
		writer.addValue(name);
	}

	if (check.ca !== undefined) {
		writer.add('-CAfile');
		writer.addValue(writer.path(check.ca));
	}

	writer.words.push('</dev/null');
}

/** dig (bind9-dnsutils) asks `@server` on port 53, or `-p`'s; one try, as the probe makes. */
function dnsWords(writer: Writer, check: DnsCheck): void {
	writer.add('dig', '+short', `+timeout=${wholeSeconds(check.timeoutMs)}`, '+tries=1');
	writer.addValue(writer.setting(check.query ?? check.name));
	writer.add(check.type.toUpperCase());
	if (check.server === undefined) return;
	const server = writer.setting(check.server);
	const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(check.server);
	const colon = check.server.lastIndexOf(':');
	const hasPort = bracketed ? bracketed[2] !== undefined : colon !== -1 && check.server.indexOf(':') === colon;
	const hostEnd = bracketed ? 1 + bracketed[1]!.length : hasPort ? colon : check.server.length;
	writer.addValue(joinValues(literal('@'), sliceValue(server, bracketed ? 1 : 0, hostEnd)));
	if (hasPort) {
		writer.add('-p');
		writer.addValue(sliceValue(server, check.server.lastIndexOf(':') + 1));
	}
}

/**
 * The program as the probe starts it: in its directory, with its extra environment, ended at its timeout (`timeout`
 * as for tls: a stuck script would otherwise hold the pane, where the probe gave up; exit 124 says it was ended).
 */
function commandWords(writer: Writer, check: CommandCheck): void {
	if (check.cwd !== undefined) {
		writer.add('cd');
		writer.addValue(writer.path(check.cwd));
		writer.words.push('&&');
	}

	writer.add('timeout', wholeSeconds(check.timeoutMs));

	const variables = Object.entries(check.env);
	if (variables.length > 0) {
		writer.add('env');
		for (const [name, value] of variables) writer.addValue(joinValues(literal(`${name}=`), writer.setting(value)));
	}

	if (check.shell) {
		writer.add('sh', '-c');
		writer.addValue(check.run.length === 1 ? writer.setting(check.run[0]!) : literal(check.run.join(' ')));
	} else {
		for (const argument of check.run) writer.addValue(writer.setting(argument));
	}

	// The probe judges the exit code (0 up, 1 warn, …), and `test -f FILE` prints nothing at all: without it the
	// command run by hand would show nothing to compare with what the probe saw.
	writer.words.push(`${writer.words.pop()!};`, 'echo', '"exit $?"');
}

/**
 * A shell command that does what the check's probe does, with its own settings, for the person on call to try
 * by hand (the detail pane's `by hand`, `y` copies it). A value from `${NAME}` is written `"${NAME}"`, so the
 * command works where that variable is set and never shows its value; a secret written in checks.yaml is `••••`.
 * Give it the real check: the display copy has lost which parts came from the environment.
 */
export function handCommand(check: Check): string {
	const writer = wordsFor(check);
	switch (check.kind) {
		case 'http': {
			httpWords(writer, check);
			break;
		}

		case 'tcp': {
			tcpWords(writer, check);
			break;
		}

		case 'tls': {
			tlsWords(writer, check);
			break;
		}

		case 'dns': {
			dnsWords(writer, check);
			break;
		}

		case 'command': {
			commandWords(writer, check);
			break;
		}

		case 'freshness': {
			if (check.file === undefined) {
				writer.add('curl', '-sS', '-m', seconds(check.timeoutMs));
				jsonHeaderWords(writer, check.headers);
				writer.addValue(encodeUrlSpaces(writer.setting(check.url ?? '')));
			} else {
				// GNU stat: %y is the last modification, the time the probe reads.
				writer.add('stat', '-c', '%y');
				writer.addValue(writer.path(check.file));
			}

			break;
		}

		case 'prometheus': {
			// -G sends the query in the URL as the probe does; without it --data-urlencode would POST it.
			writer.add('curl', '-sS', '-m', seconds(check.timeoutMs), '-G', '--data-urlencode');
			writer.addValue(joinValues(literal('query='), writer.setting(check.query)));
			jsonHeaderWords(writer, check.headers);
			const base = writer.setting(check.url);
			writer.addValue(encodeUrlSpaces(joinValues(sliceValue(base, 0, check.url.replace(/\/+$/, '').length), literal('/api/v1/query'))));
			break;
		}
	}

	return writer.words.join(' ');
}
