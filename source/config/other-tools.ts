import {isMap, isScalar, isSeq} from 'yaml';
import {normalizeKey} from './did-you-mean.js';

/**
 * Keys a person carries over from the config of another tool: a Kubernetes probe (`httpGet:`, `periodSeconds:`),
 * Gatus (`conditions:`), Uptime Kuma (`keyword:`, `accepted_statuscodes:`) or a Prometheus blackbox exporter module
 * (`prober:`, `valid_status_codes:`). None is close in spelling to uptop's key, so a typo check finds nothing; each
 * gets a hint with uptop's key and, where the value says enough, the line to write.
 */

/** A YAML node as a plain value, small and alias-free: enough to make a hint of, never an expansion. */
function toPlain(node: unknown, depth = 0): unknown {
	if (isScalar(node)) return node.value;
	if (depth > 3) return undefined;
	if (isSeq(node)) return node.items.map(item => toPlain(item, depth + 1));
	if (isMap(node)) {
		const output: Record<string, unknown> = {};
		for (const pair of node.items) {
			if (isScalar(pair.key)) Object.defineProperty(output, String(pair.key.value), {value: toPlain(pair.value, depth + 1), enumerable: true});
		}

		return output;
	}

	return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as YAML reads it back in a flow mapping: quoted when it would be read otherwise. */
const flow = (value: unknown): string => {
	if (Array.isArray(value)) return `[${value.map(item => flow(item)).join(', ')}]`;
	if (typeof value === 'string' && (/^[\w./@-]+$/.test(value) && !/^[\d.]+$/.test(value))) return value;
	return JSON.stringify(value);
};

const seconds = (value: unknown): string => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? `${value}s` : '…s');

const kubernetes = 'a Kubernetes probe';

/** `httpGet: {path, port, scheme, host}` of a Kubernetes probe, as the URL uptop probes from outside the pod. */
function probeUrl(httpGet: unknown): string {
	const get = isRecord(httpGet) ? httpGet : {};
	const scheme = typeof get.scheme === 'string' && get.scheme.toLowerCase() === 'https' ? 'https' : 'http';
	const host = typeof get.host === 'string' && get.host !== '' ? get.host : 'HOST';
	const port = typeof get.port === 'number' ? `:${get.port}` : typeof get.port === 'string' ? ':PORT' : '';
	const path = typeof get.path === 'string' ? (get.path.startsWith('/') ? get.path : `/${get.path}`) : '/';
	return `${scheme}://${host}${port}${path}`;
}

/**
 * `exec: {command: [cat, /tmp/healthy]}` of a Kubernetes probe as the `run:` to write; undefined when it has no
 * command list, so the hints for `exec` as a word for `run` still answer.
 */
function probeCommand(exec: unknown, siblings: ReadonlyMap<string, unknown>): string | undefined {
	const command = isRecord(exec) ? exec.command : undefined;
	if (!Array.isArray(command) || command.length === 0 || !command.every(word => typeof word === 'string' || typeof word === 'number')) return undefined;
	// The pod's shell wrapper (`sh -c "…"`) works the same way here: the words are kept as they are.
	const run = `\`run: ${flow(command.map(String))}\``;
	const isCommandCheck = toPlain(siblings.get('kind')) === 'command';
	return `\`exec:\` is ${kubernetes}; uptop runs the command on its own machine, not in the pod: write ${isCommandCheck ? run : `\`kind: command\` and ${run}`}`;
}

/** Gatus conditions (`[STATUS] == 200`, `[BODY].status == UP`, `[RESPONSE_TIME] < 300`) as uptop's keys. */
function gatusConditions(conditions: unknown): string {
	const list = Array.isArray(conditions) ? conditions : [conditions];
	const status: unknown[] = [];
	const json: string[] = [];
	const other: string[] = [];
	const unmatched: string[] = [];
	for (const condition of list) {
		const text = String(condition).trim();
		const statusMatch = /^\[STATUS\]\s*==\s*(\d{3})$/i.exec(text);
		const statusBelow = /^\[STATUS\]\s*<\s*(\d)00$/i.exec(text);
		const body = /^\[BODY\]\.([\w.]+)\s*==\s*(.+)$/i.exec(text);
		const time = /^\[RESPONSE_TIME\]\s*<=?\s*(\d+)$/i.exec(text);
		if (statusMatch) status.push(Number(statusMatch[1]));
		else if (statusBelow) status.push(`${Number(statusBelow[1]) - 1}xx`);
		else if (body) json.push(`${body[1]}: ${flow(body[2]!.trim())}`);
		else if (time) other.push(`\`slow: ${time[1]}ms\``);
		else if (/^\[CONNECTED\]\s*==\s*true$/i.test(text)) other.push('`kind: tcp` (a connection is enough)');
		else if (/^\[CERTIFICATE_EXPIRATION\]/i.test(text)) other.push('`kind: tls` with `warnDays:`');
		else unmatched.push(`\`${text}\``);
	}

	const expect = [
		...(status.length === 0 ? [] : [`status: ${status.length === 1 ? flow(status[0]) : flow(status)}`]),
		...(json.length === 0 ? [] : [`json: {${json.join(', ')}}`]),
	];
	const parts = [...(expect.length === 0 ? [] : [`\`expect: {${expect.join(', ')}}\``]), ...other];
	const written = parts.length === 0 ? '`expect:` (status, json, body) and `slow:`' : parts.join(' and ');
	return `Gatus conditions are uptop's \`expect:\`: write ${written}${unmatched.length === 0 ? '' : `; no equivalent for ${unmatched.join(', ')}`}`;
}

/** A blackbox exporter's `http:` module settings as uptop's keys on the check itself. */
function blackboxHttp(module: unknown): string {
	const settings = isRecord(module) ? module : {};
	const expect: string[] = [];
	const lines: string[] = [];
	if (settings.valid_status_codes !== undefined) expect.push(`status: ${flow(settings.valid_status_codes)}`);
	const regexes = settings.fail_if_body_not_matches_regexp;
	if (Array.isArray(regexes) && typeof regexes[0] === 'string') expect.push(`body: ${JSON.stringify(`/${regexes[0]}/`)}`);
	if (expect.length > 0) lines.push(`\`expect: {${expect.join(', ')}}\``);
	if (typeof settings.method === 'string') lines.push(`\`method: ${settings.method}\``);
	if (isRecord(settings.tls_config) && settings.tls_config.insecure_skip_verify === true) lines.push('`insecure: true`');
	if (settings.no_follow_redirects === true || settings.follow_redirects === false) lines.push('`maxRedirects: 0`');
	if (settings.headers !== undefined) lines.push('`headers:`');
	return `a blackbox exporter module's settings go on the check itself: ${lines.length === 0 ? '`expect:`, `method:`, `headers:`' : lines.join(', ')}`;
}

/** A hint that says nothing when the value is not the other tool's shape (`exec: check_disk` is no Kubernetes probe). */
type Explain = (value: unknown, siblings: ReadonlyMap<string, unknown>) => string | undefined;


/** Keys of other tools, by the key as written, and what uptop calls them given the value. */
const otherKeys: Readonly<Record<string, Explain>> = {
	// Kubernetes probes (livenessProbe, readinessProbe, startupProbe).
	httpGet: value => `\`httpGet:\` is ${kubernetes}; uptop probes from outside the pod: write \`url: ${probeUrl(value)}\` with the address it is reached at`,
	tcpSocket: value => `\`tcpSocket:\` is ${kubernetes}; write \`kind: tcp\` and \`host: HOST:${isRecord(value) && typeof value.port === 'number' ? value.port : 'PORT'}\``,
	exec: (value, siblings) => probeCommand(value, siblings),
	grpc: () => `\`grpc:\` is ${kubernetes}; uptop has no gRPC check: \`kind: command\` with \`run: [grpc_health_probe, -addr, "HOST:PORT"]\``,
	periodSeconds: value => `${kubernetes}'s \`periodSeconds\` is \`interval: ${seconds(value)}\``,
	timeoutSeconds: value => `${kubernetes}'s \`timeoutSeconds\` is \`timeout: ${seconds(value)}\``,
	failureThreshold: value => typeof value === 'number' && Number.isInteger(value) && value >= 1
		? `${kubernetes}'s \`failureThreshold: ${value}\` is \`retries: ${value - 1}\` (failing after ${value} failed attempt${value === 1 ? '' : 's'})`
		: `${kubernetes}'s \`failureThreshold\` is \`retries:\`, one less`,
	initialDelaySeconds: () => `${kubernetes}'s \`initialDelaySeconds\` has no equivalent: uptop probes at once, and a check not up yet shows failing until it is`,
	successThreshold: () => `${kubernetes}'s \`successThreshold\` has no equivalent: one passing probe is up`,
	// Gatus.
	conditions: value => gatusConditions(value),
	alerts: () => 'uptop sends no alerts; it shows the state (`--json` or plain lines feed a script that does)',
	// Uptime Kuma.
	keyword: value => `Uptime Kuma's \`keyword\` is \`expect: {body: ${flow(value)}}\``,
	accepted_statuscodes: value => `Uptime Kuma's \`accepted_statuscodes\` is \`expect: {status: ${flow(value)}}\``,
	ignoreTls: value => `Uptime Kuma's \`ignoreTls\` is \`insecure: ${value === false ? 'false' : 'true'}\``,
	retryInterval: () => 'uptop retries a failed probe at once, within the same round: `retries:` says how many times',
	upsideDown: () => 'uptop has no upside-down mode: a check is up when what it expects came back',
	expiryNotification: () => 'for how long a certificate has left write a `kind: tls` check with `warnDays:`',
	// Prometheus blackbox exporter modules.
	prober: value => `\`prober:\` is a blackbox exporter module's; uptop's is \`kind: ${value === 'icmp' ? 'tcp' : value === 'dns' ? 'dns' : value === 'tcp' ? 'tcp' : 'http'}\``,
	valid_status_codes: value => `a blackbox exporter's \`valid_status_codes\` is \`expect: {status: ${flow(value)}}\``,
	fail_if_body_not_matches_regexp: value => `a blackbox exporter's \`fail_if_body_not_matches_regexp\` is \`expect: {body: ${JSON.stringify(`/${Array.isArray(value) ? String(value[0]) : String(value)}/`)}}\``,
	tls_config: () => 'a blackbox exporter\'s `tls_config` is `insecure: true` (for insecure_skip_verify) or `ca:` (a PEM file)',
	http: value => blackboxHttp(value),
};

const skipVerify = (value: unknown): string => value === false
	? 'the certificate is verified unless `insecure: true`: remove the key'
	: '`insecure: true` is uptop\'s way to skip verifying the certificate';
/** `verify: false` or `"false"` (requests, Ansible), or a CA bundle's path in its place (requests' `verify=path`). */
const verify = (value: unknown): string => {
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (typeof value === 'string' && text !== 'true' && text !== 'false' && text !== '') return `a CA bundle goes in \`ca:\`, a PEM file relative to this file: \`ca: ${flow(value)}\``;
	return skipVerify(!(value === true || text === 'true'));
};
const followRedirects = (value: unknown): string => value === false
	? '`maxRedirects: 0` is uptop\'s way not to follow redirects'
	: 'uptop follows up to 5 redirects unless told otherwise: `maxRedirects:` sets how many';
const userAgent = (value: unknown): string => `write it as a header: \`headers: {User-Agent: ${typeof value === 'string' || typeof value === 'number' ? flow(String(value)) : '…'}}\``;
// The value is a secret: the hint names an environment variable for it and never repeats what was written.
const bearer = (): string => 'write it as a header, the token from the environment: `headers: {Authorization: "Bearer ${TOKEN}"}`';
const apiKey = (): string => 'write it as a header, the key from the environment: `headers: {X-Api-Key: "${API_KEY}"}`';
const basicAuth = (): string => 'put the user in the URL, the password from the environment: `url: http://USER:${PASSWORD}@host/path` (or an Authorization header of type Basic)';
const bodyContains = (value: unknown): string => `write \`expect: {body: ${typeof value === 'string' ? flow(value) : '…'}}\` (a substring, or /regex/)`;
const responseTime = (value: unknown): string => {
	const slow = typeof value === 'number' && Number.isFinite(value) && value > 0 ? `${value}ms` : typeof value === 'string' && /^\d+(?:\.\d+)?\s*(?:ms|s|m)$/.test(value.trim()) ? value.trim() : '…';
	return `write \`slow: ${slow}\`: a slower answer shows slow, not failing`;
};
const statusCode = (value: unknown): string => `write \`expect: {status: ${value === undefined || value === null || typeof value === 'object' && !Array.isArray(value) ? '…' : flow(value)}}\``;

/** Gatus's `client:` block (insecure, timeout, ignore-redirect) as keys on the check. */
function gatusClient(value: unknown): string {
	const client = isRecord(value) ? value : {};
	const lines: string[] = [];
	if (client.insecure === true) lines.push('`insecure: true`');
	if (typeof client.timeout === 'string' || typeof client.timeout === 'number') lines.push(`\`timeout: ${flow(String(client.timeout))}\``);
	if (client['ignore-redirect'] === true) lines.push('`maxRedirects: 0`');
	return `Gatus's \`client:\` settings go on the check itself: ${lines.length === 0 ? '`insecure:`, `timeout:`, `maxRedirects:`' : lines.join(', ')}`;
}

/** Keys of HTTP clients, curl loops and other monitors, by their spelling without case or separators. */
const clientKeys: Readonly<Record<string, Explain>> = {
	insecureskipverify: skipVerify,
	tlsskipverify: skipVerify,
	skiptlsverify: skipVerify,
	skipverify: skipVerify,
	skipsslverify: skipVerify,
	verifyssl: verify,
	sslverify: verify,
	verifytls: verify,
	tlsverify: verify,
	verify: verify,
	followredirects: followRedirects,
	followredirect: followRedirects,
	useragent: userAgent,
	bearertoken: bearer,
	bearer: bearer,
	token: bearer,
	authtoken: bearer,
	apikey: apiKey,
	basicauth: basicAuth,
	auth: basicAuth,
	bodycontains: bodyContains,
	contains: bodyContains,
	expectedbody: bodyContains,
	responsetime: responseTime,
	maxresponsetime: responseTime,
	maxlatency: responseTime,
	statuscode: statusCode,
	expectedstatus: statusCode,
	expectedstatuscode: statusCode,
	client: gatusClient,
};

/** Uptime Kuma's `type:` values and the kind uptop has for them. */
const kumaTypes: Readonly<Record<string, string>> = {http: 'http', keyword: 'http', 'json-query': 'http', port: 'tcp', dns: 'dns', ping: 'tcp', push: 'freshness'};

/** A hint for `key` written in a check when it is another tool's key, given its YAML node; else undefined. */
export function otherToolKeyHint(key: string, node: unknown, siblings: ReadonlyMap<string, unknown> = new Map()): string | undefined {
	const value = toPlain(node);
	if (key === 'type' && typeof value === 'string' && value.toLowerCase() in kumaTypes) {
		const kind = kumaTypes[value.toLowerCase()]!;
		if (kind === 'tcp') {
			const host = toPlain(siblings.get('hostname'));
			const port = toPlain(siblings.get('port'));
			const address = `${typeof host === 'string' ? host : 'HOST'}:${typeof port === 'number' ? port : 'PORT'}`;
			return `Uptime Kuma's \`type: ${value}\` is \`kind: tcp\` with \`host: ${address}\`; \`type:\` is the record type of a dns check`;
		}

		return `Uptime Kuma's \`type: ${value}\` is \`kind: ${kind}\`; \`type:\` is the record type of a dns check`;
	}

	if (Object.hasOwn(otherKeys, key)) return otherKeys[key]!(value, siblings);
	const normalized = normalizeKey(key);
	return Object.hasOwn(clientKeys, normalized) ? clientKeys[normalized]!(value, siblings) : undefined;
}

/** Top-level keys of other tools' configs, and where uptop keeps what they hold. */
const otherTopLevelKeys: Readonly<Record<string, string>> = {
	endpoints: 'Gatus\'s `endpoints:` are uptop\'s `checks:`: rename the key (each check keeps its `name:` and `url:`)',
	monitors: 'list the monitors under `checks:`, each with `name:` and `url:` (or `kind:`)',
	modules: 'blackbox exporter modules describe how to probe, not what: uptop lists `checks:`, each with its target and these settings',
	targets: 'list each target as a check under `checks:`, with `name:` and `url:` (or `kind: tcp` and `host:`)',
	livenessProbe: 'a Kubernetes probe: uptop lists `checks:`, each with `name:` and `url:` (httpGet\'s path and port)',
	readinessProbe: 'a Kubernetes probe: uptop lists `checks:`, each with `name:` and `url:` (httpGet\'s path and port)',
};

export const otherToolTopLevelHint = (key: string): string | undefined => (Object.hasOwn(otherTopLevelKeys, key) ? otherTopLevelKeys[key] : undefined);
