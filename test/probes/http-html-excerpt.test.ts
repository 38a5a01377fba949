import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {HttpExpect} from '../../source/config/types.js';
import {excerptLine} from '../../source/modes/result-excerpt.js';
import {probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

/** nginx 1.22.1's own 502 page, byte for byte, as it answers when the upstream is down. */
const nginx502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';

/** A framework's debug 500 page: markup, a stylesheet and a script longer than an excerpt, then the message. */
const frameworkPage = `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Internal Server Error</title>
    <style type="text/css">
${'        .traceback-container > .frame-line { border: 1px solid #ccc; padding: 2px; }\n'.repeat(80)}
    </style>
    <script type="text/javascript">
        function collapse(element) { if (1 < 2 && 3 > 2) { element.innerHTML = "</div><p>not text</p>"; } }
    </script>
</head>
<body>
    <!-- <p>a comment is no text</p> -->
    <h1>500 Server Error</h1>
    <h2>ValueError: database &quot;orders&quot; is   unreachable &amp; retries &#39;exhausted&#39; &lt;3&gt; &#8212; see logs</h2>
    <div class="traceback-container"><p class="title" data-note="a > b">Traceback <span onclick="collapse(this)">&#x2012;</span></p></div>
</body>
</html>
`;

let server: TestServer;
beforeAll(async () => {
	server = await startHttpServer((request, response) => {
		if (request.url === '/nginx') {
			response.writeHead(502, {'content-type': 'text/html', server: 'nginx/1.22.1'}).end(nginx502);
		} else if (request.url === '/framework') {
			response.writeHead(500, {'content-type': 'text/html; charset=utf-8'}).end(frameworkPage);
		} else {
			// No Content-Type: a page is known by how it starts.
			response.writeHead(503).end('<!doctype html><title>Down for maintenance</title><p>Back at 10:00</p>');
		}
	});
});

afterAll(async () => {
	await server.close();
});

async function run(path: string, expect: Partial<HttpExpect> = {}): Promise<ProbeResult> {
	const check = httpCheck(`${server.origin}${path}`, {expect: {status: [{min: 200, max: 299}], maxBytes: 1024 * 1024, ...expect}});
	return probe(check, deadline(check.timeoutMs));
}

describe('http probe: an HTML page\'s excerpt is its text, not its markup', () => {
	it('nginx\'s 502 page says 502 Bad Gateway and nginx/1.22.1, the line that tells a proxy\'s error from the app\'s', async () => {
		const result = await run('/nginx');
		expect(result.reason).toEqual({code: 'expect:status', message: 'status 502, expected 2xx'});
		expect(result.excerpt).toBe('502 Bad Gateway\nnginx/1.22.1');
		// The one line of --once, --json and a plain state change.
		expect(excerptLine('failing', result)).toBe('502 Bad Gateway ⏎ nginx/1.22.1');
	});

	it('a framework\'s 500 page gives its title and message, references decoded, after a stylesheet longer than an excerpt', async () => {
		const result = await run('/framework');
		expect(result.excerpt).toBe('Internal Server Error\n500 Server Error\nValueError: database "orders" is unreachable & retries \'exhausted\' <3> — see logs\nTraceback ‒');
		expect(excerptLine('failing', result)).toMatch(/^Internal Server Error ⏎ 500 Server Error ⏎ ValueError: database "orders" is unreachable /);
	});

	it('a page without a Content-Type is known by its start', async () => {
		expect((await run('/untyped')).excerpt).toBe('Down for maintenance\nBack at 10:00');
	});

	it('expect.body still matches the page as it was sent, markup and references', async () => {
		const result = await run('/framework', {status: [{min: 500, max: 500}], body: {substring: '<h2>ValueError: database &quot;orders&quot;'}});
		expect(result.reason).toBeUndefined();
		expect(result.outcome).toBe('up');
	});

	it('reads a page of megabytes of markup in bounded time, and stops at the excerpt\'s length', async () => {
		const big = await startHttpServer((_request, response) => {
			response.writeHead(500, {'content-type': 'text/html'});
			// 14 KB of nested elements: within the start of a healthy page that is read for its text (16 KB).
			response.end(`<html><body>${'<div class="x"><span>a</span></div>'.repeat(400)}<p>${'&amp;<b>'.repeat(50_000)}</p><script>${'<p x="'.repeat(50_000)}</body></html>`);
		});
		try {
			const started = performance.now();
			// Its status is the one expected: the whole body is read, as expect.body would read it.
			const result = await probe(httpCheck(`${big.origin}/`, {expect: {status: [{min: 500, max: 500}], maxBytes: 8 * 1024 * 1024}}), deadline(5000));
			expect(performance.now() - started).toBeLessThan(2000);
			// The same line over and over is kept once: a list of one word says nothing more for its length.
			expect(result.excerpt).toMatch(/^a\n&&&&/);
			expect([...result.excerpt!].length).toBeLessThanOrEqual(300);
		} finally {
			await big.close();
		}
	});

	it('a healthy page\'s text is read only from its start: a marker 200 KB in never reaches an up result\'s excerpt', async () => {
		// 1 MB: the title, a stylesheet of 200 KB (no text, so the text gathered stays short), a marker, then filler.
		const page = `<!doctype html><html><head><title>Shop home</title><style>${'.a{color:red}\n'.repeat(14_300)}</style></head><body><p>MARKER-PAST-THE-BOUND</p>${'<div></div>'.repeat(73_000)}</body></html>`;
		expect(page.indexOf('MARKER')).toBeGreaterThan(200_000);
		expect(page.length).toBeGreaterThan(1_000_000);
		const healthy = await startHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/html'}).end(page);
		});
		try {
			const result = await probe(httpCheck(`${healthy.origin}/`, {expect: {status: [{min: 200, max: 299}], maxBytes: 2 * 1024 * 1024}}), deadline(5000));
			expect(result.outcome).toBe('up');
			expect(result.excerpt).toBe('Shop home');
		} finally {
			await healthy.close();
		}
	});

	it('control characters in a page\'s text are still shown inert', async () => {
		const hostile = await startHttpServer((_request, response) => {
			response.writeHead(503, {'content-type': 'text/html'}).end('<h1>down \u001B]52;c;ZWNobyBwd25lZA==\u0007</h1>');
		});
		try {
			const result = await probe(httpCheck(`${hostile.origin}/`), deadline(2000));
			expect(result.excerpt).toBe('down ^[]52;c;ZWNobyBwd25lZA==^G');
		} finally {
			await hostile.close();
		}
	});
});
