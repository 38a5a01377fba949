import type {CheckKind} from './types.js';

/**
 * What to write instead when a checks.yaml names a kind uptop does not have, or is written the way another
 * monitor spells it (Gatus's `url: tcp://db:5432`, a `tcp:` key, `kind: postgres`). People arrive with those
 * habits; a hint that names uptop's own spelling turns a dead end into a one-line fix.
 */

/** The key that says where a check of each kind points, as a hint writes it. */
const targetKey: Readonly<Record<CheckKind, string>> = {
	http: 'url',
	tcp: 'host',
	tls: 'host',
	dns: 'query',
	command: 'run',
	freshness: 'url',
	prometheus: 'query',
};

// Default ports of services people watch, so `postgres://db/app` still gets a complete `host: db:5432`.
const servicePorts: Readonly<Record<string, number>> = {
	postgres: 5432,
	postgresql: 5432,
	mysql: 3306,
	mariadb: 3306,
	redis: 6379,
	rediss: 6379,
	mongodb: 27_017,
	amqp: 5672,
	amqps: 5671,
	memcached: 11_211,
	kafka: 9092,
	nats: 4222,
	elasticsearch: 9200,
	ssh: 22,
	ftp: 21,
	smtp: 25,
	imap: 143,
	ldap: 389,
};

/** A value as YAML reads it back: quoted when it would otherwise be a list, a mapping or a comment (`[::1]:5432`). */
function scalar(value: string): string {
	return /^[[\]{}&*!|>'"%@`#,?:-]|: | #|^\s|\s$/.test(value) || value === '' ? JSON.stringify(value) : value;
}

const noPing = 'uptop has no ICMP ping (it needs raw sockets): `kind: tcp` with `host:` a port the host serves shows it is up, or `kind: command` runs check_ping';

function serviceHint(service: string, hostPort: string): string {
	return `\`kind: tcp\` with \`host: ${scalar(hostPort)}\` checks that ${service} accepts connections; \`kind: command\` runs a client or Nagios plugin that queries it`;
}

/** Words for a kind uptop has under another name, or for a service it checks through another kind. */
const kindWords: Readonly<Record<string, CheckKind | ((example: string) => string)>> = {
	https: 'http',
	web: 'http',
	api: 'http',
	url: 'http',
	port: 'tcp',
	socket: 'tcp',
	ssl: 'tls',
	cert: 'tls',
	certificate: 'tls',
	script: 'command',
	exec: 'command',
	shell: 'command',
	cmd: 'command',
	nagios: 'command',
	plugin: 'command',
	heartbeat: 'freshness',
	cron: 'freshness',
	job: 'freshness',
	metric: 'prometheus',
	promql: 'prometheus',
	ping: () => noPing,
	icmp: () => noPing,
};

function wordHint(word: string, example = 'HOST:PORT'): string | undefined {
	const key = word.toLowerCase();
	const meaning = kindWords[key];
	if (typeof meaning === 'string') return `use \`kind: ${meaning}\` (with \`${targetKey[meaning]}:\`)`;
	if (meaning !== undefined) return meaning(example);
	const port = servicePorts[key];
	if (port !== undefined) return serviceHint(key, example === 'HOST:PORT' ? `HOST:${port}` : example);
	return undefined;
}

/** Hint for `kind: <value>` where value is not a kind: its uptop name, or the kind that checks that service. */
export function unknownKindHint(value: string): string | undefined {
	return wordHint(value);
}

/**
 * Hint for a check with no `kind:` and no `url:` whose keys include a kind's name (`tcp: db:5432`, `command:
 * ./check.sh`): `kind: tcp` and `host: db:5432` is what uptop reads.
 */
export function kindAsKeyHint(key: string, value: unknown, kinds: readonly CheckKind[]): string | undefined {
	const example = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
	if ((kinds as readonly string[]).includes(key)) {
		const kind = key as CheckKind;
		const target = targetKey[kind];
		if (kind === 'command') return `write \`kind: command\` and ${runHint(example)}`;
		return `write \`kind: ${kind}\` and \`${target}: ${example === undefined ? '...' : scalar(example)}\`; \`${key}:\` is not a key`;
	}

	const hint = wordHint(key, example);
	return hint === undefined ? undefined : `\`${key}:\` is not a key; ${hint}`;
}

// A command line as uptop's `run:` list; one with shell syntax (pipes, quotes, variables) stays a string for /bin/sh.
function runHint(commandLine: string | undefined): string {
	if (commandLine === undefined) return '`run: [PROGRAM, ARGUMENT, ...]`';
	if (/[|&;<>()$`'"\\*?~#]/.test(commandLine)) return `\`run: ${scalar(commandLine)}\` with \`shell: true\``;
	const words = commandLine.trim().split(/\s+/).map(word => (/^[\w./:=@%+-]+$/.test(word) && !/^[\d.]+$/.test(word) && !word.endsWith(':') ? word : JSON.stringify(word)));
	return `\`run: [${words.join(', ')}]\``;
}

/** Hint for `url:` with a scheme other than http(s): the kind that checks such an address. */
export function urlSchemeHint(url: URL, written: string): string {
	// `localhost:9090` parses as the scheme `localhost:`: it is a host and port without the scheme.
	if (/^[\w.-]+:\d+(?:\/|$)/.test(written)) return `add the scheme: http://${written}`;
	const scheme = url.protocol.slice(0, -1).toLowerCase();
	const port = url.port || String(servicePorts[scheme] ?? '');
	const hostPort = port === '' ? url.host : `${url.hostname}:${port}`;
	switch (scheme) {
		case 'tcp': {
			return `for a TCP port write \`kind: tcp\` and \`host: ${scalar(hostPort)}\`; \`url:\` takes http:// or https://`;
		}

		case 'tls':
		case 'ssl':
		case 'starttls': {
			return `for a certificate write \`kind: tls\` and \`host: ${scalar(`${url.hostname}:${url.port || 443}`)}\`; \`url:\` takes http:// or https://`;
		}

		case 'dns': {
			return `for a DNS name write \`kind: dns\` and \`query: ${scalar(url.hostname)}\`; \`url:\` takes http:// or https://`;
		}

		case 'ws':
		case 'wss': {
			const http = `${scheme === 'wss' ? 'https' : 'http'}://${url.host}${url.pathname}${url.search}`;
			return `uptop checks the HTTP side of a WebSocket: \`url: ${http}\``;
		}

		case 'icmp':
		case 'ping': {
			return noPing;
		}

		case 'file': {
			return `for how old a file is write \`kind: freshness\`, \`file: ${scalar(decodeURIComponent(url.pathname))}\` and \`maxAge:\``;
		}

		default: {
			const service = scheme in servicePorts && hostPort !== '' ? serviceHint(scheme, hostPort) : undefined;
			return service ?? 'use http:// or https://';
		}
	}
}
