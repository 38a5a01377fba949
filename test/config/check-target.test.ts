import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {checkTarget} from '../../source/config/check-target.js';
import {loadConfig} from '../../source/config/load-config.js';
import {displayCheck} from '../../source/monitor/display-check.js';
import {writeFiles} from './temp-files.js';

const config = `
checks:
  - name: api health
    url: https://deploy:\${API_PASSWORD}@api.example.com:8443/health?probe=1
    method: HEAD
    headers: {Authorization: "Bearer \${API_TOKEN}"}
  - name: database port
    kind: tcp
    host: db.internal:5432
  - name: redis ping
    kind: tcp
    host: 127.0.0.1:6379
    send: "PING\\r\\n"
    expect: PONG
  - name: api certificate
    kind: tls
    host: 10.0.0.5:443
    servername: api.example.com
  - name: ipv6 port
    kind: tcp
    host: "[::1]:5432"
  - name: ipv6 certificate
    kind: tls
    host: "[fd00::5]"
  - name: api dns
    kind: dns
    query: api.example.com
    type: AAAA
    server: 10.0.0.2:53
  - name: root disk
    kind: command
    run: [/usr/lib/nagios/plugins/check_disk, -w, "20%", -p, "/srv/my data", --label, "it's"]
  - name: queue script
    kind: command
    shell: true
    run: "test $(redis-cli llen jobs) -lt 100"
  - name: nightly export
    kind: freshness
    file: /var/lib/export/last-success
    maxAge: 26h
  - name: report job
    kind: freshness
    url: http://127.0.0.1:9000/status
    field: last_success
    maxAge: 1h
  - name: queue depth
    kind: prometheus
    url: http://127.0.0.1:9090
    query: sum by (queue) (rabbitmq_queue_messages_ready)
    each: queue
    warn: "> 1000"
`;

describe('checkTarget', () => {
	const directory = () => writeFiles({'checks.yaml': config});
	const targets = () => {
		const loaded = loadConfig(path.join(directory(), 'checks.yaml'), {env: {API_PASSWORD: 'hunter2', API_TOKEN: 'tok-9f8e7d'}});
		return new Map(loaded.checks.map(check => [check.name, checkTarget(displayCheck(check))]));
	};

	it('says what each kind probes, from a real checks.yaml', () => {
		const target = targets();
		expect(target.get('database port')).toBe('db.internal:5432');
		expect(target.get('redis ping')).toBe('127.0.0.1:6379');
		expect(target.get('api certificate')).toBe('10.0.0.5:443, name api.example.com');
		// In brackets, as written: `::1:5432` would read as one address.
		expect(target.get('ipv6 port')).toBe('[::1]:5432');
		expect(target.get('ipv6 certificate')).toBe('[fd00::5]:443');
		expect(target.get('api dns')).toBe('AAAA api.example.com at 10.0.0.2:53');
		expect(target.get('root disk')).toBe('/usr/lib/nagios/plugins/check_disk -w 20% -p \'/srv/my data\' --label \'it\'\\\'\'s\'');
		expect(target.get('queue script')).toBe('sh -c \'test $(redis-cli llen jobs) -lt 100\'');
		expect(target.get('nightly export')).toBe('file /var/lib/export/last-success');
		expect(target.get('report job')).toBe('GET http://127.0.0.1:9000/status, field last_success');
		expect(target.get('queue depth')).toBe('sum by (queue) (rabbitmq_queue_messages_ready) at http://127.0.0.1:9090, a row for each queue');
	});

	it('gives an http check\'s method and URL, with the password from the environment hidden', () => {
		const http = targets().get('api health')!;
		expect(http).toMatch(/^HEAD https:\/\/deploy:.+@api\.example\.com:8443\/health\?probe=1$/);
		expect(http).not.toContain('hunter2');
		expect(http).toContain('••••');
	});

	it('hides a tcp or tls address whose host and port came from one variable, short host or long', () => {
		const dir = writeFiles({'checks.yaml': [
			'checks:',
			'  - {name: cache, kind: tcp, host: "${CACHE_ADDR}"}',
			'  - {name: primary, kind: tcp, host: "${DB_ADDR}"}',
			'  - {name: edge, kind: tls, host: "${EDGE_ADDR}"}',
			'  - {name: replica, kind: tcp, host: "replica.internal:${DB_PORT}"}',
			'',
		].join('\n')});
		const loaded = loadConfig(path.join(dir, 'checks.yaml'), {env: {CACHE_ADDR: '10.20.30.40:6379', DB_ADDR: 'db-primary.prod.internal:5432', EDGE_ADDR: '10.9.8.7:8443', DB_PORT: '5433'}});
		const shown = new Map(loaded.checks.map(check => [check.name, checkTarget(displayCheck(check))]));
		expect(shown.get('cache')).toBe('••••:6379');
		expect(shown.get('primary')).toBe('••••:5432');
		expect(shown.get('edge')).toBe('••••:8443');
		// A port from a variable is no secret (every target line shows it): the host stays.
		expect(shown.get('replica')).toBe('replica.internal:5433');
	});
});
