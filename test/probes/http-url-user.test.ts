import {afterAll, describe, expect, it} from 'vitest';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import {httpCheck, startHttpServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

afterAll(async () => {
	await closeHttpAgents();
});

describe('an http url with a user name and a password', () => {
	it('hides the password in what the target says, not the user name, which the target line shows', async () => {
		// Elasticsearch's cluster health, asked as the `elastic` user: its body names the cluster after it.
		const server = await startHttpServer((request, response) => {
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({cluster_name: 'elasticsearch', status: 'red', echo: request.headers.authorization}));
		});
		try {
			const url = server.origin.replace('http://', 'http://elastic:es-pw-7781@') + '/_cluster/health';
			const check = {...httpCheck(url), expect: {status: [{min: 200, max: 200}], json: {status: 'green'}, maxBytes: 1_048_576}, secrets: ['es-pw-7781']};
			const result = await probe(check, deadline(2000));
			const text = JSON.stringify(result);
			expect(result.outcome).toBe('failing');
			expect(text).toContain('elasticsearch');
			expect(text).not.toContain('es-pw-7781');
			expect(text).not.toContain(Buffer.from('elastic:es-pw-7781').toString('base64'));
		} finally {
			server.close();
		}
	});
});
