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

/**
 * Services people watch, by the word they write for them (`kind: redis`, `redis: cache:6379`, `redis://cache`):
 * the port, what the service says on a plain TCP connection (so `kind: tcp` checks that it answers, not only that
 * the port is open), and a client or URL that asks it properly.
 */
type Service = {
	readonly port: number;
	/** `send`/`expect` for a tcp check: a command and its healthy reply, or the banner it sends unasked. */
	readonly reply?: {readonly send?: string; readonly expect: string};
	/** `run:` for a command check, with `expect:` when the client's exit code does not say it all. */
	readonly client?: (host: string, port: number) => {readonly run: readonly string[]; readonly expect?: string};
	/** `url:` of an HTTP health endpoint, given the host and port written (a service's HTTP port may be another). */
	readonly http?: (host: string, port: number) => string;
};

// redis-cli exits 0 on an error reply (NOAUTH) and mysqladmin 1 when down (warn to a plugin): `expect:` decides.
const redis: Service = {port: 6379, reply: {send: 'PING\\r\\n', expect: '+PONG'}, client: (host, port) => ({run: ['redis-cli', '-h', host, '-p', String(port), 'ping'], expect: 'PONG'})};
const postgres: Service = {port: 5432, client: (host, port) => ({run: ['pg_isready', '-h', host, '-p', String(port)]})};
const mysql: Service = {port: 3306, client: (host, port) => ({run: ['mysqladmin', 'ping', '-h', host, '-P', String(port)], expect: 'alive'})};
const rabbitmq: Service = {port: 5672, http: host => `http://${host}:15672/api/health/checks/alarms`};
// Elasticsearch and its fork OpenSearch answer the same health API on their client port.
const searchCluster: Service = {port: 9200, http: (host, port) => `http://${host}:${port}/_cluster/health`};
const services: Readonly<Record<string, Service>> = {
	postgres,
	postgresql: postgres,
	mysql,
	mariadb: mysql,
	redis,
	rediss: redis,
	mongodb: {port: 27_017},
	amqp: rabbitmq,
	amqps: {...rabbitmq, port: 5671},
	rabbitmq,
	memcached: {port: 11_211, reply: {send: 'version\\r\\n', expect: 'VERSION'}},
	kafka: {port: 9092},
	nats: {port: 4222, reply: {expect: 'INFO'}},
	elasticsearch: searchCluster,
	opensearch: searchCluster,
	// ZooKeeper 3.5+ runs only the four-letter words on its allow-list, and `srvr` is the one allowed by default.
	zookeeper: {port: 2181, reply: {send: 'srvr', expect: 'Zookeeper version'}},
	// The native protocol's port (as clickhouse:// URLs name it); /ping on the HTTP interface answers "Ok." unauthenticated.
	clickhouse: {port: 9000, http: host => `http://${host}:8123/ping`},
	ssh: {port: 22, reply: {expect: 'SSH-'}},
	ftp: {port: 21, reply: {expect: '220'}},
	smtp: {port: 25, reply: {expect: '220'}},
	imap: {port: 143, reply: {expect: '* OK'}},
	ldap: {port: 389},
};

const servicePorts: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.port]));

/** The port a URL of this scheme means when it names none: `http://db/` is port 80, `redis://cache` 6379. */
export const schemePort = (scheme: string): number | undefined => ({http: 80, https: 443, ...servicePorts} as Record<string, number | undefined>)[scheme.toLowerCase()];

/** A value as YAML reads it back: quoted when it would otherwise be a list, a mapping or a comment (`[::1]:5432`). */
export function scalar(value: string): string {
	return /^[[\]{}&*!|>'"%@`#,?:-]|: | #|^\s|\s$/.test(value) || value === '' ? JSON.stringify(value) : value;
}

// A job is checked by what it leaves behind, most simply a file it touches on success; or by running its own check.
const jobHint = 'use `kind: freshness` with `file:` (a file the job touches when it succeeds) and `maxAge:` (or `url:` and `field:` for a status endpoint); or `kind: command` with `run:` and `exitCodes: plain` for a script that exits 1 when the job failed';

const noPing = 'uptop has no ICMP ping (it needs raw sockets): `kind: tcp` with `host:` a port the host serves shows it is up, or `kind: command` runs check_ping';

/**
 * `db:5432` → host and port; a bare host takes the service's port. IPv6 in brackets keeps them for `host:`. A
 * connection URL (`redis://:pw@cache:6380/0`, as client libraries take it) gives its host and port, and leaves
 * its user, password and path out: `host:` takes none of them.
 */
function splitHostPort(written: string, port: number): {readonly host: string; readonly port: number} {
	const url = /^[a-z][\w+.-]*:\/\//i.test(written) ? URL.parse(written) : null;
	if (url !== null && url.hostname !== '') return {host: url.hostname, port: url.port === '' ? port : Number(url.port)};
	const match = /^(.+):(\d+)$/.exec(written);
	return match ? {host: match[1]!, port: Number(match[2])} : {host: written, port};
}

// An argv element as a YAML flow list reads it back: a port stays text ("5432"), not a number.
const runWord = (word: string): string => (/^[\w./:=@%+-]+$/.test(word) && !/^[\d.]+$/.test(word) && !word.endsWith(':') ? word : JSON.stringify(word));

/** Both ways to check a service: its port (and answer) with `kind: tcp`, and a client or URL that asks it. */
function serviceHint(name: string, hostPort: string): string {
	const service = services[name]!;
	const {host, port} = splitHostPort(hostPort, service.port);
	const address = `${host}:${port}`;
	const reply = service.reply;
	const tcp = reply === undefined
		? `\`kind: tcp\` with \`host: ${scalar(address)}\` checks that ${name} accepts connections`
		: `\`kind: tcp\` with \`host: ${scalar(address)}\`${reply.send === undefined ? '' : `, \`send: "${reply.send}"\``} and \`expect: ${scalar(reply.expect)}\` checks that ${name} answers`;
	const bareHost = host.replace(/^\[(.*)\]$/, '$1');
	const client = service.client?.(bareHost, port);
	const other = client
		? `\`kind: command\` with \`run: [${client.run.map(word => runWord(word)).join(', ')}]\`${client.expect === undefined ? '' : ` and \`expect: ${scalar(client.expect)}\``} asks it`
		: service.http
			? `\`kind: http\` with \`url: ${service.http(host, port)}\` asks it`
			: '`kind: command` runs a client or Nagios plugin that queries it';
	return `${tcp}; ${other}`;
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
	heartbeat: () => jobHint,
	cron: () => jobHint,
	cronjob: () => jobHint,
	job: () => jobHint,
	backup: () => jobHint,
	metric: 'prometheus',
	promql: 'prometheus',
	ping: () => noPing,
	icmp: () => noPing,
};

function wordHint(word: string, example = 'HOST'): string | undefined {
	const key = word.toLowerCase();
	const meaning = kindWords[key];
	if (typeof meaning === 'string') return `use \`kind: ${meaning}\` (with \`${targetKey[meaning]}:\`)`;
	if (meaning !== undefined) return meaning(example);
	if (key in services) return serviceHint(key, example);
	return undefined;
}

/**
 * Hint for `kind: <value>` where value is not a kind: its uptop name, or the kinds that check that service,
 * with the check's own `host:` when it has one (not one from `${NAME}`, which is a secret).
 */
export function unknownKindHint(value: string, writtenHost?: string): string | undefined {
	const host = writtenHost !== undefined && writtenHost !== '' && !writtenHost.includes('${') ? writtenHost : undefined;
	return wordHint(value, host);
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
	const words = commandLine.trim().split(/\s+/).map(word => runWord(word));
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
