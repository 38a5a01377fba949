import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {ConfigError} from '../../source/config/config-error.js';
import {loadConfig} from '../../source/config/load-config.js';
import {loadError, loadText, writeFiles} from './temp-files.js';

type Expected = {line: number; column: number; message: string | RegExp; hint?: string | RegExp; path?: string};

const api = '  - name: api\n    url: http://127.0.0.1:8000/health\n';

/** Each row: a checks.yaml written to a real file, and the one issue it must produce. */
const cases: Array<[string, string, Expected]> = [
	['a tab in indentation', 'checks:\n  - name: api\n\turl: http://x\n', {line: 3, column: 1, message: 'tab used for indentation', hint: /spaces/}],
	['a key indented less than its siblings', `checks:\n${api}  timeout: 2s\n`, {line: 4, column: 1, message: '`timeout` (2 spaces) is not lined up with `url` on line 3 (4 spaces)', hint: 'indent it 4 spaces, like `url`: YAML nests by indentation'}],
	['a key indented one space short', `checks:\n${api}   timeout: 2s\n`, {line: 4, column: 1, message: '`timeout` (3 spaces) is not lined up with `url` on line 3 (4 spaces)', hint: /indent it 4 spaces/}],
	['a key indented deeper than its siblings (reported on the line above by the parser)', `checks:\n${api}      timeout: 2s\n`, {line: 4, column: 1, message: '`timeout` (6 spaces) is not lined up with `url` on line 3 (4 spaces)', hint: /indent it 4 spaces/}],
	['a nested key between two levels', `checks:\n${api}    expect:\n      status: 200\n     json: {status: ok}\n`, {line: 6, column: 1, message: '`json` (5 spaces) is not lined up with `status` on line 5 (6 spaces)', hint: /indent it 6 spaces/}],
	['a list item out of line', 'checks:\n- name: api\n  url: http://x\n - name: db\n   url: http://y\n', {line: 4, column: 1, message: '`- name` (1 space) is not lined up with `- name` on line 2 (0 spaces)', hint: /beginning of the line/}],
	['a tab after a list item\'s dash: only the tab, not the line under it', 'checks:\n  - name: a\n    url: http://x\n  -\tname: b\n    url: http://y\n', {line: 4, column: 4, message: 'tab used for indentation'}],
	['a non-breaking space in the indentation', `checks:\n${api}   \u00A0timeout: 2s\n`, {line: 4, column: 4, message: 'the indentation of `timeout` holds a non-breaking space (U+00A0), which YAML does not count as a space', hint: 'indent it with plain spaces: 4 spaces, like `url`'}],
	['a non-breaking space after a key\'s colon', `checks:\n${api}    timeout:\u00A02s\n`, {line: 4, column: 13, message: '`timeout:` is followed by a non-breaking space (U+00A0), which YAML does not read as a space', hint: 'type a plain space after the colon: timeout: 2s'}],
	['a top-level key indented', `checks:\n${api} concurrency: 3\n`, {line: 4, column: 1, message: '`concurrency` (1 space) is not lined up with `checks` on line 1 (0 spaces)', hint: /beginning of the line, like `checks`/}],
	['headers written as a list of one-pair mappings', `checks:\n${api}    headers:\n      - Authorization: Bearer x\n      - Accept: text/plain\n`, {line: 5, column: 7, message: '`headers`: expected a mapping of name: value, found a list', hint: 'drop the "- " before each name: value line'}],
	['an unclosed double quote', 'checks:\n  - name: "api\n    url: http://x\n', {line: 2, column: 11, message: /unclosed quote.*"/}],
	['an unclosed single quote', `checks:\n${api}  - name: 'db\n    kind: tcp\n`, {line: 4, column: 11, message: /unclosed quote.*'/}],
	['an escape sequence in a name (YAML reads \\e in double quotes)', 'checks:\n  - name: "api\\e[2J"\n    url: http://x\n', {line: 2, column: 11, message: 'control character U+001B (ESC) at character 4: this text is shown in the terminal', hint: /single quotes/, path: 'checks[0].name'}],
	['a bell in a rollback note', `checks:\n${api}    rollback: "undo\\a"\n`, {line: 4, column: 15, message: 'control character U+0007 (BEL) at character 5: this text is shown in the terminal'}],
	['a line break in an owner', `checks:\n${api}    owner: "a\\nb"\n`, {line: 4, column: 12, message: 'control character U+000A (line break) at character 2: this text is shown in the terminal'}],
	['a value that starts with `!`, which YAML reads as a tag and leaves empty', `checks:\n${api}    owner: !oncall\n`, {line: 4, column: 12, message: '`!oncall` is read as a YAML tag, not as the value: a value that starts with ! is one', hint: 'put it in quotes: "!oncall"', path: 'checks[0].owner'}],
	['a tag before a value', `checks:\n${api}    owner: !team payments\n`, {line: 4, column: 12, message: '`!team` is read as a YAML tag, not as the value: a value that starts with ! is one', hint: 'put it in quotes: "!team payments"', path: 'checks[0].owner'}],
	['a duplicate key', 'checks:\n  - name: api\n    url: http://x\n    url: http://y\n', {line: 4, column: 5, message: 'duplicate key `url`', hint: /line 3/}],
	['a dns check with a second `name` for the record to resolve', 'checks:\n  - {name: dns api, kind: dns, name: api.example.com}\n', {line: 2, column: 32, message: 'duplicate key `name`', hint: '`name` is already set at line 2: it is the check\'s name; the DNS name to resolve goes in `query:`'}],
	['an unknown key with a near miss', `checks:\n${api}    timout: 5s\n`, {line: 4, column: 5, message: /unknown key `timout`/, hint: 'did you mean `timeout`?', path: 'checks[0].timout'}],
	['an unknown key `ownr`', `checks:\n${api}    ownr: me\n`, {line: 4, column: 5, message: /unknown key `ownr`/, hint: 'did you mean `owner`?'}],
	['a snake_case key', `checks:\n${api}    max_redirects: 2\n`, {line: 4, column: 5, message: /unknown key `max_redirects`/, hint: 'did you mean `maxRedirects`?'}],
	['a key of another kind', `checks:\n${api}    host: db:5432\n`, {line: 4, column: 5, message: /unknown key `host` in http check `api` \(`host` belongs to tcp, tls checks\)/}],
	['an unknown top-level key', `chekcs:\n${api}`, {line: 1, column: 1, message: 'unknown top-level key `chekcs`', hint: 'did you mean `checks`?'}],
	['an unknown key in defaults', `defaults:\n  intervall: 5s\nchecks:\n${api}`, {line: 2, column: 3, message: /unknown key `intervall`/, hint: 'did you mean `interval`?'}],
	['a word instead of a duration', `checks:\n${api}    interval: fast\n`, {line: 4, column: 15, message: '`fast` is not a duration', path: 'checks[0].interval'}],
	['a duration with a space', `checks:\n${api}    interval: 5 s\n`, {line: 4, column: 15, message: 'a duration has no spaces (`5 s`)', hint: 'write 5s'}],
	['a negative duration', `checks:\n${api}    slow: -1s\n`, {line: 4, column: 11, message: 'a duration cannot be negative (`-1s`)'}],
	['a bare number as a duration', `checks:\n${api}    timeout: 10\n`, {line: 4, column: 14, message: '10 has no unit', hint: /10s.*10ms/}],
	['an unknown duration unit', `checks:\n${api}    interval: 5sec\n`, {line: 4, column: 15, message: 'unknown unit `sec` in `5sec`', hint: /ms, s, m, h or d/}],
	['a zero interval', `checks:\n${api}    interval: 0s\n`, {line: 4, column: 15, message: '`interval` must be longer than 0'}],
	['an interval of 1ms, which would probe the target back to back', `checks:\n${api}    interval: 1ms\n`, {line: 4, column: 15, message: '`interval` must be at least 100ms: `1ms` would probe the target almost back to back', hint: 'write 100ms or more: the interval is the pause from the end of one probe to the start of the next (10s when left out)', path: 'checks[0].interval'}],
	['an interval just under 100ms, in defaults', `defaults:\n  interval: 99ms\nchecks:\n${api}`, {line: 2, column: 13, message: '`interval` must be at least 100ms: `99ms` would probe the target almost back to back'}],
	['an interval under 100ms for a group', `groups:\n  web: {interval: 0.05s}\nchecks:\n${api}    group: web\n`, {line: 2, column: 19, message: '`interval` must be at least 100ms: `0.05s` would probe the target almost back to back'}],
	['a URL without scheme', 'checks:\n  - name: api\n    url: 127.0.0.1:8000/health\n', {line: 3, column: 10, message: /not a valid URL|unsupported URL scheme/}],
	['a URL with a wrong scheme', 'checks:\n  - name: api\n    url: htp://x\n', {line: 3, column: 10, message: 'unsupported URL scheme `htp:` in `htp://x`', hint: /http:\/\//}],
	['an unparsable URL', 'checks:\n  - name: api\n    url: "http://exa mple.com"\n', {line: 3, column: 10, message: /is not a valid URL/}],
	['an unknown kind', 'checks:\n  - name: api\n    kind: htp\n    url: http://x\n', {line: 3, column: 11, message: 'unknown kind `htp`', hint: 'did you mean `http`?'}],
	['an unknown kind with two letters swapped', 'checks:\n  - name: db\n    kind: tpc\n    host: db:5432\n', {line: 3, column: 11, message: 'unknown kind `tpc`', hint: 'did you mean `tcp`?'}],
	['a key with two letters swapped', `checks:\n${api}    ownre: me\n`, {line: 4, column: 5, message: /unknown key `ownre`/, hint: 'did you mean `owner`?'}],
	['a top-level key with two letters swapped', `gruops:\n  web: {owner: me}\nchecks:\n${api}`, {line: 1, column: 1, message: 'unknown top-level key `gruops`', hint: 'did you mean `groups`?'}],
	['a merge key that brings the url, after the name', 'x-base: &base {url: "http://127.0.0.1:8000/h", timeout: 2s}\nchecks:\n  - name: a\n    <<: *base\n', {line: 4, column: 5, message: 'unknown key `<<` in check `a`', hint: 'merge keys (<<) are not supported; put shared settings in `defaults` or a group', path: 'checks[0]."<<"'}],
	['a merge key that brings the url, before the name', 'x-base: &base {url: "http://127.0.0.1:8000/h"}\nchecks:\n  - <<: *base\n    name: a\n', {line: 3, column: 5, message: 'unknown key `<<` in check `a`', hint: 'merge keys (<<) are not supported; put shared settings in `defaults` or a group'}],
	['a merge key that brings the kind', 'x-db: &db {kind: tcp}\nchecks:\n  - name: db\n    <<: *db\n    host: db:5432\n', {line: 4, column: 5, message: 'unknown key `<<` in check `db`', hint: 'merge keys (<<) are not supported; put shared settings in `defaults` or a group'}],
	['no kind and no url', 'checks:\n  - name: db\n    host: db:5432\n', {line: 2, column: 5, message: /missing `kind`/, hint: /kind: tcp/}],
	['a HEAD request with a JSON expectation, which can never pass', 'checks:\n  - name: api\n    url: http://x\n    method: head\n    expect: {status: 200, json: {status: ok}}\n', {line: 5, column: 27, message: '`expect.json` can never match in check `api`: the answer to a HEAD request has no body', hint: /GET/, path: 'checks[0].expect.json'}],
	['a HEAD request with a body expectation', 'checks:\n  - name: api\n    url: http://x\n    method: HEAD\n    expect:\n      body: ok\n', {line: 6, column: 13, message: '`expect.body` can never match in check `api`: the answer to a HEAD request has no body'}],
	['a tcp check without host', 'checks:\n  - name: db\n    kind: tcp\n', {line: 2, column: 5, message: 'missing `host` in tcp check `db`'}],
	['a tcp host without port', 'checks:\n  - name: db\n    kind: tcp\n    host: db\n', {line: 4, column: 11, message: '`db` has no port'}],
	['a port out of range', 'checks:\n  - name: db\n    kind: tcp\n    host: db:70000\n', {line: 4, column: 11, message: /port 70000 is out of range/}],
	['a dns server port out of range', 'checks:\n  - name: api.example\n    kind: dns\n    server: 127.0.0.1:99999\n', {line: 4, column: 13, message: 'port 99999 is out of range (1-65535)'}],
	['a dns server port 0', 'checks:\n  - name: api.example\n    kind: dns\n    server: "[::1]:0"\n', {line: 4, column: 13, message: 'port 0 is out of range (1-65535)'}],
	['a dns server port with a leading zero', 'checks:\n  - name: api.example\n    kind: dns\n    server: 10.0.0.2:053\n', {line: 4, column: 13, message: 'port `053` starts with a 0: a port is written in decimal', hint: /write 10\.0\.0\.2:53 if that is the port/}],
	['a dns server with its port after a # (as dnsmasq and unbound write it)', 'checks:\n  - name: api.example\n    kind: dns\n    server: "10.0.0.2#5353"\n', {line: 4, column: 13, message: '`10.0.0.2#5353` is not host or host:port', hint: 'write the port after a colon: 10.0.0.2:5353'}],
	['a tcp host with a character no host name has', 'checks:\n  - name: db\n    kind: tcp\n    host: "db;rm:5432"\n', {line: 4, column: 11, message: '`db;rm:5432` is not host:port', hint: /write it like db:5432/}],
	['a group one letter off the one groups: defines', 'groups:\n  payments:\n    owner: "@payments"\nchecks:\n  - name: payments api\n    url: http://127.0.0.1:1/\n    group: payment\n', {line: 7, column: 12, message: 'group `payment` of check `payments api` is not under `groups:`, so the settings of `payments` do not apply to it', hint: 'did you mean `payments`? (to keep `payment` a label of its own, give it an entry: `payment: {}` under `groups:`)'}],
	['a group in another letter case than the one groups: defines', 'groups:\n  payments:\n    owner: "@payments"\nchecks:\n  - name: payments api\n    url: http://127.0.0.1:1/\n    group: Payments\n', {line: 7, column: 12, message: 'group `Payments` of check `payments api` is not under `groups:`, so the settings of `payments` do not apply to it', hint: 'did you mean `payments`? (to keep `Payments` a label of its own, give it an entry: `Payments: {}` under `groups:`)'}],
	['a check key indented under headers', `checks:\n${api}    headers:\n      Accept: application/json\n      timeout: 2s\n`, {line: 6, column: 7, message: '`timeout:` under `headers:` would be sent as a request header named timeout', hint: 'to set the check\'s timeout, indent it as far as `headers:`; for a header of that name write `Timeout`'}],
	['expect indented under headers', `checks:\n${api}    headers:\n      Accept: application/json\n      expect:\n        status: 200\n`, {line: 6, column: 7, message: '`expect:` under `headers:` would be sent as a request header named expect', hint: 'to set the check\'s expect, indent it as far as `headers:`; for a header of that name write `Expect`'}],
	['a check key indented under a command\'s env', 'checks:\n  - name: job\n    kind: command\n    run: [./job.sh]\n    env:\n      MODE: fast\n      exitCodes: plain\n', {line: 7, column: 7, message: '`exitCodes:` under `env:` would be an environment variable of the command', hint: 'to set the check\'s exitCodes, indent it as far as `env:`'}],
	['an empty version.json, and not also that neither json nor header is given', `checks:\n${api}    version: {json: ""}\n`, {line: 4, column: 21, message: '`json` must not be empty'}],
	['a Gatus [BODY] path in expect.json', `checks:\n${api}    expect:\n      json:\n        "[BODY].status": UP\n`, {line: 6, column: 9, message: '`[BODY].status` names the body the way Gatus does: uptop\'s paths start inside the JSON body', hint: 'write `status`'}],
	['a JSONPath $. path in expect.json', `checks:\n${api}    expect: {json: {$.checks.db.status: ok}}\n`, {line: 4, column: 21, message: '`$.checks.db.status` starts at JSONPath\'s root `$`: uptop\'s paths start inside the JSON body', hint: 'write `checks.db.status`'}],
	['a list index in brackets in expect.json', `checks:\n${api}    expect: {json: {"items[0].status": ok}}\n`, {line: 4, column: 21, message: '`items[0].status` writes a list index in brackets: uptop\'s paths write it between dots', hint: 'write `items.0.status`'}],
	['a JSONPath $. path in version.json', `checks:\n${api}    version: {json: $.build.version}\n`, {line: 4, column: 21, message: '`$.build.version` starts at JSONPath\'s root `$`: uptop\'s paths start inside the JSON body', hint: 'write `build.version`'}],
	['a JSONPath root with a quoted key in brackets', `checks:\n${api}    expect: {json: {"$['status']": UP}}\n`, {line: 4, column: 21, message: '`$[\'status\']` starts at JSONPath\'s root `$`: uptop\'s paths start inside the JSON body', hint: 'write `status`'}],
	['a JSONPath wildcard', `checks:\n${api}    expect: {json: {"items[*].status": ok}}\n`, {line: 4, column: 21, message: '`items[*].status` has a wildcard: uptop\'s paths name one value', hint: 'name one item by its index, e.g. `items.0.status`'}],
	['a Gatus [BODY] path in a freshness field', 'checks:\n  - name: nightly\n    kind: freshness\n    url: http://127.0.0.1:1/jobs\n    field: "[BODY].lastSuccess"\n    maxAge: 1d\n', {line: 5, column: 12, message: '`[BODY].lastSuccess` names the body the way Gatus does: uptop\'s paths start inside the JSON body', hint: 'write `lastSuccess`'}],
	['an http expect written as a status alone', `checks:\n${api}    expect: 200\n`, {line: 4, column: 13, message: '`expect`: expected a mapping of key: value, found 200', hint: 'write `expect: {status: 200}`'}],
	['an http expect written as a list of statuses', `checks:\n${api}    expect: [200, 204]\n`, {line: 4, column: 13, message: '`expect`: expected a mapping of key: value, found a list', hint: 'write `expect: {status: [200, 204]}`'}],
	['an http expect written as the body text', `checks:\n${api}    expect: UP\n`, {line: 4, column: 13, message: '`expect`: expected a mapping of key: value, found "UP"', hint: 'write `expect: {body: UP}` for a body that contains it, or `expect: {json: {status: UP}}` for a JSON field'}],
	['a JSON body written as a YAML mapping', `checks:\n${api}    method: POST\n    body: {"query": "x"}\n`, {line: 5, column: 11, message: '`body`: expected a string, found a mapping', hint: 'uptop sends the body as written: quote the JSON, body: \'{"query": "x"}\', or write it under body: |'}],
	['a value holding a colon and a space, unquoted', 'checks:\n  - name: payments: eu\n    url: http://127.0.0.1:1/\n', {line: 2, column: 11, message: 'invalid YAML: nested mappings are not allowed in compact mappings', hint: 'a value that holds ": " must be quoted: name: "payments: eu"'}],
	['a credential holding a colon and a space, unquoted, not quoted back', `checks:\n${api}    headers:\n      Authorization: Bearer s3cr3t: x\n`, {line: 5, column: 22, message: 'invalid YAML: nested mappings are not allowed in compact mappings', hint: 'a value that holds ": " must be quoted'}],
	['an expect mapping written on one line without braces', `checks:\n${api}    expect: status: 200\n`, {line: 4, column: 13, message: 'invalid YAML: nested mappings are not allowed in compact mappings', hint: '`expect:` takes a mapping: write it in braces, expect: {status: 200}'}],
	['defaults written on one line with a credential, not quoted back', `defaults: headers: {Authorization: Bearer s3cr3t}\nchecks:\n${api}`, {line: 1, column: 11, message: 'invalid YAML: nested mappings are not allowed in compact mappings', hint: '`defaults:` takes a mapping: write it in braces, defaults: {name: value}, or one pair per line under it'}],
	['an IPv6 host and port unquoted', 'checks:\n  - name: db\n    kind: tcp\n    host: [::1]:5432\n', {line: 4, column: 16, message: 'invalid YAML: unexpected scalar at node end', hint: 'a value starting with [ begins a list; quote it: host: "[::1]:5432"'}],
	['headers as a list of "Name: value" strings', `checks:\n${api}    headers: ["Authorization: Bearer abc123secret", "Accept: application/json"]\n`, {line: 4, column: 14, message: '`headers`: expected a mapping of name: value, found a list', hint: 'write one Name: value per line under `headers:`, without "- ", quoting the value, not the pair: Authorization: "…"'}],
	['env as a list of NAME=value strings', 'checks:\n  - name: job\n    kind: command\n    run: [./job.sh]\n    env:\n      - MODE=fast\n      - PGHOST=db\n', {line: 6, column: 7, message: '`env`: expected a mapping of name: value, found a list', hint: 'write one NAME: value per line under `env:`, without "- ", quoting the value, not the pair: MODE: "…"'}],
	['a tcp send with \\r\\n in single quotes (sent as backslashes)', 'checks:\n  - name: redis\n    kind: tcp\n    host: 127.0.0.1:6379\n    send: \'PING\\r\\n\'\n    expect: PONG\n', {line: 5, column: 11, message: '`send` holds \\r as two characters, a backslash and r: YAML reads escapes only in double quotes', hint: 'write the value in double quotes, where \\r is a carriage return and \\n a line feed: send: "…\\r\\n" (a backslash to send, as in a JSON escape, is \\\\ there)'}],
	['a dns server written as ::1:53, meaning port 53 on ::1', 'checks:\n  - name: api.example\n    kind: dns\n    server: "::1:53"\n', {line: 4, column: 13, message: '`::1:53` is the IPv6 address ::1:53, not port 53 on ::1: an address without brackets has no port', hint: 'write "[::1]:53" for port 53 on ::1, or "[::1:53]" for the address ::1:53'}],
	['a dns server written as fe80::1:5353 unquoted', 'checks:\n  - name: api.example\n    kind: dns\n    server: fe80::1:5353\n', {line: 4, column: 13, message: '`fe80::1:5353` is the IPv6 address fe80::1:5353, not port 5353 on fe80::1: an address without brackets has no port', hint: 'write "[fe80::1]:5353" for port 5353 on fe80::1, or "[fe80::1:5353]" for the address fe80::1:5353'}],
	['a dns server written as a URL', 'checks:\n  - name: api.example\n    kind: dns\n    server: udp://10.0.0.2\n', {line: 4, column: 13, message: '`udp://10.0.0.2` is not host or host:port', hint: 'drop the scheme (the port is 53 unless written): server: 10.0.0.2'}],
	['a prometheus check without query', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n', {line: 2, column: 5, message: 'missing `query` in prometheus check `p`'}],
	['an unknown unit on a prometheus check', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    unit: byte\n', {line: 6, column: 11, message: '`unit`: expected one of s, ms, bytes, %, found "byte"', hint: 'did you mean `bytes`?'}],
	['a bare % unit', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    unit: %\n', {line: 6, column: 11, message: /invalid YAML/, hint: 'a value starting with % must be quoted: unit: "%"'}],
	['a command without run', 'checks:\n  - name: job\n    kind: command\n', {line: 2, column: 5, message: 'missing `run` in command check `job`'}],
	['a check without name', 'checks:\n  - url: http://x\n', {line: 2, column: 5, message: /missing `name`/}],
	['a wrong type for retries', `checks:\n${api}    retries: many\n`, {line: 4, column: 14, message: /expected a whole number from 0 to 10/}],
	['yes as a boolean', `checks:\n${api}    insecure: yes\n`, {line: 4, column: 15, message: /expected true or false/, hint: /true or false/}],
	['a wrong status', `checks:\n${api}    expect: {status: 2000}\n`, {line: 4, column: 22, message: /expected an HTTP status/}],
	// V8's own message restates the pattern; it is shown once.
	['an invalid regex', `checks:\n${api}    expect: {body: "/(unclosed/"}\n`, {line: 4, column: 20, message: 'invalid regular expression /(unclosed/: Unterminated group'}],
	['an invalid regex with flags', `checks:\n${api}    expect: {body: "/a{2,1}/i"}\n`, {line: 4, column: 20, message: 'invalid regular expression /a{2,1}/i: numbers out of order in {} quantifier'}],
	['a regex with a letter after it that is no flag', `checks:\n${api}    expect: {body: /^ok$/z}\n`, {line: 4, column: 20, message: '`/^ok$/z` is written as a regular expression, but `z` is not a flag', hint: 'the flags are d, g, i, m, s, u, v and y; for the text /^ok$/z itself, write /\\/\\^ok\\$\\/z/', path: 'checks[0].expect.body'}],
	['a regex with another engine\'s flags', `checks:\n${api}    expect: {body: "/^(ok|up)$/mx"}\n`, {line: 4, column: 20, message: '`/^(ok|up)$/mx` is written as a regular expression, but `x` is not a flag', hint: 'the flags are d, g, i, m, s, u, v and y; for the text /^(ok|up)$/mx itself, write /\\/\\^\\(ok\\|up\\)\\$\\/mx/'}],
	['a regex with an upper-case flag', `checks:\n${api}    expect: {body: /^ok$/I}\n`, {line: 4, column: 20, message: '`/^ok$/I` is written as a regular expression, but `I` is not a flag', hint: 'flags are lower case: write /^ok$/i'}],
	['a response header regex with a letter after it that is no flag', `checks:\n${api}    expect: {header: {x-status: /^ready/z}}\n`, {line: 4, column: 33, message: '`/^ready/z` is written as a regular expression, but `z` is not a flag', path: 'checks[0].expect.header."x-status"'}],
	['a command expect regex with letters after it that are no flags', 'checks:\n  - name: replica\n    kind: command\n    run: [./lag.sh]\n    expect: "/streaming|catchup/xz"\n', {line: 5, column: 13, message: '`/streaming|catchup/xz` is written as a regular expression, but `x` and `z` are not flags'}],
	['an empty name, naming the key', 'checks:\n  - name: ""\n    url: http://x\n', {line: 2, column: 11, message: '`name` must not be empty', path: 'checks[0].name'}],
	// YAML gives up on the next line; the { that is not closed is what to fix, and what follows it is noise.
	['an unclosed flow mapping', `checks:\n${api}    expect: {status: 200\n  - name: b\n    url: http://y\n`, {line: 4, column: 13, message: 'unclosed {: this mapping has no closing }', hint: 'add the } after its last entry: {status: 200}'}],
	['an unclosed flow mapping at the end of the file', `checks:\n${api}    expect: {status: 200\n`, {line: 4, column: 13, message: 'unclosed {: this mapping has no closing }', hint: 'add the } after its last entry: {status: 200}'}],
	['an unclosed flow mapping around a closed one', `checks:\n${api}    expect: {status: 200, json: {status: ok}\n  - name: b\n    url: http://y\n`, {line: 4, column: 13, message: 'unclosed {: this mapping has no closing }', hint: 'add the } after its last entry: {status: 200, json: {status: ok}}'}],
	['a whole file as one unclosed flow mapping', '{checks: [{name: api, url: "http://x"}]\n', {line: 1, column: 1, message: 'unclosed {: this mapping has no closing }', hint: 'add the } after its last entry: {checks: [{name: api, url: "http://x"}]}'}],
	['an unclosed flow list whose text holds a closing bracket in quotes', `checks:\n${api}    expect: {status: [200, 204], body: "}"\n  - name: b\n    url: http://y\n`, {line: 4, column: 13, message: 'unclosed {: this mapping has no closing }'}],
	['an unclosed flow mapping with a comment after it', `checks:\n${api}    expect: {status: 200 # ok\n`, {line: 4, column: 13, message: 'unclosed {: this mapping has no closing }', hint: 'add the } after its last entry: {status: 200}'}],
	['an unclosed flow list', 'checks:\n  - name: job\n    kind: command\n    run: [sleep, "1"\n  - name: b\n    url: http://y\n', {line: 4, column: 10, message: 'unclosed [: this list has no closing ]', hint: 'add the ] after its last entry: [sleep, "1"]'}],
	['a bare > threshold', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: > 0.5\n', {line: 6, column: 13, message: /invalid YAML/, hint: /quote it/}],
	['a bare >= threshold: the hint quotes what was written', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    warn: >= 0.2\n', {line: 6, column: 12, message: /invalid YAML/, hint: 'a value starting with > or | begins a block of text; quote it: warn: ">= 0.2"'}],
	['a bare > in a credential header: the hint does not quote it', 'checks:\n  - name: p\n    url: http://127.0.0.1:9090\n    headers:\n      X-Api-Key: >Zx9kQ2pL\n', {line: 5, column: 19, message: 'invalid YAML: a credential\'s value starts with > or |, which begins a block of text', hint: 'a value starting with > or | begins a block of text; quote it'}],
	['a threshold with a unit', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "> 5s"\n', {line: 6, column: 11, message: /expected a comparison such as "> 0.5"/, hint: 'a threshold is a number in the unit the query returns, without one: "> 5"'}],
	['a threshold in milliseconds for a query in seconds', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    unit: s\n    warn: "> 500ms"\n', {line: 7, column: 11, message: /expected a comparison such as "> 0.5"/, hint: 'a threshold is a number in the unit the query returns, without one: "> 0.5"'}],
	['a threshold in minutes for a query in seconds', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "> 5m"\n    unit: s\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'a threshold is a number in the unit the query returns, without one: "> 300"'}],
	['a threshold in seconds for a query in milliseconds', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    unit: ms\n    fail: "> 1.5s"\n', {line: 7, column: 11, message: /expected a comparison/, hint: 'a threshold is a number in the unit the query returns, without one: "> 1500"'}],
	['a threshold in GiB for a query in bytes', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    unit: bytes\n    fail: "> 1GiB"\n', {line: 7, column: 11, message: /expected a comparison/, hint: 'a threshold is a number in the unit the query returns, without one: "> 1073741824"'}],
	['a threshold in MB with no unit, read as bytes', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "> 2 MB"\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'a threshold is a number in the unit the query returns, without one: "> 2000000"'}],
	['a duration threshold for a query in bytes', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    unit: bytes\n    fail: "> 5s"\n', {line: 7, column: 11, message: /expected a comparison/, hint: 'a threshold is a number in the unit the query returns, without one: 5s is a duration, and this check\'s unit is bytes'}],
	['a threshold written =>', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "=> 5"\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'write ">= 5"'}],
	['a threshold written ≥', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "≥ 5"\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'write ">= 5"'}],
	['a threshold written in words', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "gt 5"\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'write "> 5"'}],
	['a threshold with a thousands separator', `checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "> 1,000"\n`, {line: 6, column: 11, message: /expected a comparison/, hint: 'write "> 1000": a number has no thousands separator'}],
	['a threshold with a decimal comma', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "> 1,5"\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'write "> 1.5": the decimal point is a dot'}],
	['a threshold without its comparison', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: 5\n', {line: 6, column: 11, message: /expected a comparison/, hint: 'say which side fails, in quotes: "> 5" (or "< 5")'}],
	['an unquoted threshold word', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: high\n', {line: 6, column: 11, message: /expected a comparison such as "> 0.5"/}],
	['a timeout longer than the interval', `checks:\n${api}    interval: 2s\n    timeout: 3s\n`, {line: 5, column: 14, message: 'timeout 3s is longer than the interval 2s of check `api`'}],
	['a timeout in defaults longer than a check\'s own interval', `defaults:\n  timeout: 6s\nchecks:\n${api}    interval: 5s\n`, {line: 2, column: 12, message: 'timeout 6s is longer than the interval 5s of check `api`', hint: 'a probe that hangs would hold the check longer than its interval, so results would come less often than it says; lower the timeout or raise the interval'}],
	['a URL port out of range', 'checks:\n  - name: api\n    url: http://127.0.0.1:99999/health\n', {line: 3, column: 10, message: '`http://127.0.0.1:99999/health` is not a valid URL', hint: 'port 99999 is out of range (1-65535)'}],
	['a status range written with two dots', `checks:\n${api}    expect: {status: 200..299}\n`, {line: 4, column: 22, message: '`status`: expected an HTTP status (100-599), a class like 2xx, or a list of them, found "200..299"', hint: 'write a range with a dash, in quotes: "200-299"'}],
	['statuses written as one text with commas', `checks:\n${api}    expect: {status: "200,201"}\n`, {line: 4, column: 22, message: '`status`: expected an HTTP status (100-599), a class like 2xx, or a list of them, found "200,201"', hint: 'write a list: [200, 201]'}],
	['a reversed status range', `checks:\n${api}    expect: {status: "299-200"}\n`, {line: 4, column: 22, message: '`status`: expected an HTTP status (100-599), a class like 2xx, or a list of them, found "299-200"', hint: 'write the lower status first: "200-299"'}],
	['a default timeout longer than the built-in interval, saying it is the built-in one', `defaults:\n  timeout: 30s\nchecks:\n${api}  - name: b\n    url: http://x\n`, {line: 2, column: 12, message: 'timeout 30s is longer than the interval 10s, the built-in default', hint: 'a probe that hangs would hold the check longer than its interval, so results would come less often than it says; lower the timeout or raise the interval (interval: under defaults: for every check)'}],
	['a default timeout longer than a group\'s interval, naming the group, once for its checks', `defaults:\n  timeout: 10s\ngroups:\n  fast:\n    interval: 2s\nchecks:\n${api}    group: fast\n  - name: b\n    url: http://x\n    group: fast\n`, {line: 2, column: 12, message: 'timeout 10s (defaults) is longer than the interval 2s of group `fast`', hint: 'a probe that hangs would hold the check longer than its interval, so results would come less often than it says; lower the timeout or raise the interval (timeout: under the group `fast` for its checks)'}],
	['a group\'s timeout longer than the default interval, naming both', `defaults:\n  interval: 2s\ngroups:\n  slow:\n    timeout: 5s\nchecks:\n${api}    group: slow\n`, {line: 5, column: 14, message: 'timeout 5s of group `slow` is longer than the interval 2s (defaults)'}],
	['a default timeout longer than the default interval, once for all checks', `defaults:\n  interval: 5s\n  timeout: 6s\nchecks:\n${api}  - name: b\n    url: http://x\n`, {line: 3, column: 12, message: 'timeout 6s is longer than the interval 5s'}],
	['a mapping where text is expected, naming the key', 'checks:\n  - name: db\n    kind: tcp\n    host: db:1\n    expect: {status: 200}\n', {line: 5, column: 13, message: '`expect`: expected a string, found a mapping'}],
	['a check named like a series row of a check with each:', 'checks:\n  - name: prom up\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    each: instance\n    fail: "< 1"\n  - name: prom up/db-1\n    url: http://x\n', {line: 8, column: 11, message: 'check name `prom up/db-1` is also the name of a series row of `prom up`, which fans out with `each:`', hint: /names its rows `prom up\/<label>`; rename this check, e\.g\. `prom up db-1`/}],
	['a required key misspelled, once (not also as missing)', 'checks:\n  - name: db\n    kind: tcp\n    hsot: 127.0.0.1:5432\n', {line: 4, column: 5, message: 'unknown key `hsot` in tcp check `db`', hint: 'did you mean `host`? (it is required)'}],
	['a misspelled url with no kind, at the key', 'checks:\n  - name: api\n    ulr: http://127.0.0.1:8000/\n', {line: 3, column: 5, message: 'unknown key `ulr`', hint: 'did you mean `url`? (with `url:` and no `kind:` the check is http)'}],
	['a HEAD check that reads its version from the body', `checks:\n${api}    method: HEAD\n    version: {json: version}\n`, {line: 5, column: 21, message: '`version.json` can never be read in check `api`: the answer to a HEAD request has no body', hint: /read the version from a header: version: \{header: x-version\}$/}],
	['duplicate check names', `checks:\n${api}${api}`, {line: 4, column: 11, message: 'duplicate check name `api`', hint: /first used at .*checks\.yaml:2:11/}],
	['check names that are the same letters in two Unicode forms (café, cafe + combining accent)', 'checks:\n  - {name: café api, url: http://x}\n  - {name: "cafe\\u0301 api", url: http://x}\n', {line: 3, column: 12, message: 'duplicate check name `cafe\u0301 api`', hint: /first used at .*checks\.yaml:2:12 as `café api`, the same letters written another way/}],
	['an empty file', '', {line: 1, column: 1, message: /^empty file: .*checks\.yaml has no checks$/}],
	['a file with only comments', '# nothing yet\n', {line: 1, column: 1, message: /^empty file/}],
	['an empty checks list', 'checks: []\n', {line: 1, column: 1, message: /`checks` is empty/}],
	['no checks key', 'defaults:\n  interval: 5s\n', {line: 1, column: 1, message: 'no checks: add a `checks:` list'}],
	['checks as a mapping', 'checks:\n  api:\n    url: http://x\n', {line: 2, column: 3, message: /expected a list of checks/}],
	['a top-level list', '- name: api\n  url: http://x\n', {line: 1, column: 1, message: /expected a mapping with a `checks:` list/}],
	['an unset environment variable', `checks:\n  - name: api\n    url: http://x\n    headers:\n      Authorization: Bearer \${TOKEN}\n`, {line: 5, column: 29, message: 'environment variable TOKEN is not set', hint: /\$\{TOKEN:-value\}/}],
	['a malformed variable reference', 'checks:\n  - name: api\n    url: "http://x/${BAD NAME}"\n', {line: 3, column: 20, message: /invalid variable reference/}],
	['an interval past the longest, 24d, by a millisecond', `checks:\n${api}    interval: 24d1ms\n`, {line: 4, column: 15, message: '`24d1ms` is too long', hint: 'the longest duration allowed is 24d'}],
	['an interval of 24d 20h, under setTimeout\'s limit but past the one the hint names', `checks:\n${api}    interval: 24d20h\n`, {line: 4, column: 15, message: '`24d20h` is too long'}],
	['a status list with one item that is no status', `checks:\n${api}    expect: {status: [200, "3xx", "abc"]}\n`, {line: 4, column: 35, message: /expected an HTTP status \(100-599\), a class like 2xx, or a list of them, found "abc"$/}],
	['an unknown alias', 'checks:\n  - name: api\n    url: *base\n', {line: 3, column: 10, message: 'unknown alias *base', hint: 'define the anchor first with &base, or put it in quotes if it is the value: "*base"'}],
	['a concurrency of 0', `concurrency: 0\nchecks:\n${api}`, {line: 1, column: 14, message: '0 is out of range; expected 1 to 10000', path: 'concurrency'}],
	['a word as concurrency', `concurrency: lots\nchecks:\n${api}`, {line: 1, column: 14, message: /expected a whole number from 1 to 10000, found "lots"/}],
	['two YAML documents', `checks:\n${api}---\nchecks: []\n`, {line: 4, column: 1, message: /more than one YAML document/}],
	['a header value with a line break', `checks:\n${api}    headers:\n      X-A: "a\\nb"\n`, {line: 5, column: 12, message: /is not valid here/, hint: /line break/}],
	['an empty run list', 'checks:\n  - name: job\n    kind: command\n    run: []\n', {line: 4, column: 10, message: '`run` is empty', hint: 'write the program and its arguments: run: [/usr/lib/nagios/plugins/check_disk, -w, "20%"]'}],
	['an empty program in run', 'checks:\n  - name: job\n    kind: command\n    run: ["", -w, 5]\n', {line: 4, column: 11, message: 'the program, the first item of `run`, is empty'}],
	['a run item that is not text', 'checks:\n  - name: job\n    kind: command\n    run: [ls, null, [a]]\n', {line: 4, column: 15, message: 'item 2 of `run` is nothing, not a string', hint: 'quote it if it is an argument: "null" (null, ~ and an empty item are YAML\'s empty value)'}],
	['run as a string without shell', 'checks:\n  - name: job\n    kind: command\n    run: ./backup.sh --check\n', {line: 4, column: 10, message: '`run` is one string but `shell` is not true', hint: /\["\.\/backup\.sh", "--check"\]/}],
	['failDays above warnDays', 'checks:\n  - name: cert\n    kind: tls\n    host: api:443\n    failDays: 30\n', {line: 5, column: 15, message: 'failDays 30 is greater than warnDays 14'}],
	['a prometheus warn that fail already covers, below', 'checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    fail: "< 1"\n    warn: "< 0.5"\n', {line: 7, column: 11, message: 'warn "< 0.5" can never be reached in check `p`: every value it matches also matches fail "< 1", which is checked first', hint: 'did you mean warn: "< 1", fail: "< 0.5"?', path: 'checks[0].warn'}],
	['a prometheus warn that fail already covers, above', 'checks:\n  - {name: p, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: "> 10", warn: "> 20"}\n', {line: 2, column: 94, message: 'warn "> 20" can never be reached in check `p`: every value it matches also matches fail "> 10", which is checked first', hint: 'did you mean warn: "> 10", fail: "> 20"?'}],
	['a prometheus warn equal to its fail', 'checks:\n  - {name: p, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: ">= 3", warn: ">= 3"}\n', {line: 2, column: 94, message: 'warn ">= 3" can never be reached in check `p`: every value it matches also matches fail ">= 3", which is checked first', hint: 'fail is checked first, so warn has to match some value fail does not: change warn, or drop it'}],
	['a prometheus warn on one value that fail covers', 'checks:\n  - {name: p, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: "!= 1", warn: "== 0"}\n', {line: 2, column: 94, message: 'warn "== 0" can never be reached in check `p`: every value it matches also matches fail "!= 1", which is checked first', hint: /^fail is checked first/}],
	['freshness without url or file', 'checks:\n  - name: f\n    kind: freshness\n    maxAge: 1h\n', {line: 2, column: 5, message: 'missing `url` (with `field`) or `file`'}],
	['a version header name with a space', `checks:\n${api}    version: {header: "X Ver"}\n`, {line: 4, column: 23, message: '`X Ver` is not an HTTP header name', hint: 'write `X-Ver`: a header name has no spaces, colons or quotes', path: 'checks[0].version.header'}],
	['a version header copied with its colon', `checks:\n${api}    version:\n      header: "X-Version: "\n`, {line: 5, column: 15, message: '`X-Version: ` is not an HTTP header name', hint: 'write `X-Version`: a header name has no spaces, colons or quotes'}],
	['a version header name with no near spelling', `checks:\n${api}    version: {header: "(version)"}\n`, {line: 4, column: 23, message: '`(version)` is not an HTTP header name', hint: 'a header name is letters, digits and - (or !#$%&\'*+.^_`|~), e.g. x-version'}],
	['version with two sources', `checks:\n${api}    version: {json: v, header: x-version}\n`, {line: 4, column: 14, message: 'give only one of `json` or `header`'}],
	['a dns check named in words, with no query', 'checks:\n  - name: my api\n    kind: dns\n', {line: 2, column: 11, message: 'a dns check without `query` resolves its name, and `my api` is not a DNS name: a space cannot be in one', hint: 'add the name to resolve: query: api.example.com'}],
	['a dns query with a character no DNS name holds', 'checks:\n  - name: api dns\n    kind: dns\n    query: "bad name!.example"\n', {line: 4, column: 12, message: '`bad name!.example` is not a DNS name: a space cannot be in one'}],
	['a dns query with an empty label', 'checks:\n  - name: api dns\n    kind: dns\n    query: api..example.com\n', {line: 4, column: 12, message: '`api..example.com` is not a DNS name: it has an empty label (two dots together)'}],
	['a dns query with a label over 63 characters', `checks:\n  - name: api dns\n    kind: dns\n    query: ${'a'.repeat(64)}.example\n`, {line: 4, column: 12, message: /is not a DNS name: its label `a+…` is 64 characters as sent, more than 63$/}],
	['an owner handle starting with @, unquoted (as the docs write one)', `checks:\n${api}    owner: @payments\n`, {line: 4, column: 12, message: 'invalid YAML: plain value cannot start with reserved character @', hint: 'a value starting with @ must be quoted: owner: "@payments"'}],
	['a command in backticks, unquoted', 'checks:\n  - name: job\n    kind: command\n    run: `ls`\n', {line: 4, column: 10, message: 'invalid YAML: plain value cannot start with reserved character `', hint: 'a value starting with ` must be quoted: run: "`ls`"; backticks are no quotes in YAML (drop them if they are Markdown\'s)'}],
	['a credential starting with @, unquoted, not quoted back', `checks:\n${api}    headers:\n      X-Api-Key: @k3yZx9\n`, {line: 5, column: 18, message: 'invalid YAML: plain value cannot start with reserved character @', hint: 'a value starting with @ must be quoted'}],
	['an apostrophe inside single quotes', "checks:\n  - name: 'it's'\n    url: http://127.0.0.1:1/\n", {line: 2, column: 15, message: 'invalid YAML: unexpected scalar at node end', hint: 'a \' inside single quotes is written twice: name: \'it\'\'s\', or use double quotes: name: "it\'s"'}],
	['a double quote inside double quotes', 'checks:\n  - name: "say "hi""\n    url: http://127.0.0.1:1/\n', {line: 2, column: 17, message: 'invalid YAML: unexpected scalar at node end', hint: 'a " inside double quotes is written \\": name: "say \\"hi\\"", or use single quotes: name: \'say "hi"\''}],
	['an apostrophe inside a single-quoted credential, not quoted back', `checks:\n${api}    headers:\n      Authorization: 'Bearer k3y'Zx9'\n`, {line: 5, column: 34, message: 'invalid YAML: unexpected scalar at node end', hint: 'a \' inside single quotes is written twice, or use double quotes'}],
	['a file with classic Mac line ends (CR alone)', `checks:\r${api.replaceAll('\n', '\r')}`, {line: 1, column: 8, message: /^the lines of .*checks\.yaml end in a carriage return alone \(CR, as on classic Mac OS\): YAML reads the file as one line$/, hint: /^convert the line ends to LF, e.g\. tr '\\r' '\\n' < \S*checks\.yaml > fixed\.yaml$/}],
	['a dns query of the root zone, and of long names in another script that are short as sent, are names', `checks:\n  - {name: root, kind: dns, query: ".", type: NS}\n  - {name: cn, kind: dns, query: "${'中'.repeat(22)}.cn"}\n  - {name: de, kind: dns, query: "${'ü'.repeat(40)}.de"}\n  - {name: api dns, kind: dns, query: "a..b"}\n`, {line: 5, column: 39, message: '`a..b` is not a DNS name: it has an empty label (two dots together)'}],
	['a dns type that does not exist', 'checks:\n  - name: api.example\n    kind: dns\n    type: AXFR\n', {line: 4, column: 11, message: /expected one of A, AAAA/}],
];

describe('config errors', () => {
	it.each(cases)('reports %s at its line and column', (_name, text, expected) => {
		const error = loadError(text);
		const issue = error.issues[0]!;
		expect(error.issues, formatConfigError(error)).toHaveLength(1);
		expect(issue.file).toMatch(/checks\.yaml$/);
		expect([issue.line, issue.column], issue.message).toEqual([expected.line, expected.column]);
		if (typeof expected.message === 'string') {
			expect(issue.message).toBe(expected.message);
		} else {
			expect(issue.message).toMatch(expected.message);
		}

		if (expected.hint !== undefined) {
			expect(issue.hint ?? '').toMatch(typeof expected.hint === 'string' ? new RegExp(`^${expected.hint.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : expected.hint);
		}

		if (expected.path !== undefined) {
			expect(issue.path).toBe(expected.path);
		}

		expect(formatConfigError(error)).toContain(`${issue.file}:${expected.line}:${expected.column}: ${issue.message}`);
	});

	it('takes an interval of 100ms, the shortest, and a timeout under it (tests and demos probe that often)', () => {
		const {config} = loadText(`checks:\n${api}    interval: 100ms\n    timeout: 50ms\n`);
		expect(config.checks[0]).toMatchObject({intervalMs: 100, timeoutMs: 50});
	});

	it('keeps a prometheus warn that some value reaches before fail', () => {
		const pairs = [['> 10', '> 5'], ['< 0.5', '< 1'], ['> 10', '== 0'], ['== 0', '!= 0'], ['< 1', '> 20'], ['>= 10', '> 9.5'], ['!= 1', '!= 2'], ['> 1e308', '> -1e308']];
		const text = `checks:\n${pairs.map(([fail, warn], index) => `  - {name: p${index}, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: "${fail}", warn: "${warn}"}\n`).join('')}`;
		expect(loadText(text).config.checks).toHaveLength(pairs.length);
	});

	it('says what an empty name should be, not "a string" beside the empty string it found', () => {
		const issue = loadError('checks:\n  - name: ""\n    url: http://x\n').issues[0]!;
		expect(issue.expected).toBe('a non-empty name, shown in the table');
		expect(loadError('checks:\n  - name: db\n    kind: tcp\n    host: db:1\n    group: " "\n').issues[0]).toMatchObject({message: '`group` must not be empty', expected: 'a non-empty string'});
	});

	it('reports every error of a file at once, in file order', () => {
		const error = loadError(`checks:\n  - name: a\n    url: http://x\n    timout: 1s\n  - name: b\n    url: http://x\n    interval: fast\n  - name: c\n    kind: tcp\n`);
		expect(error.issues.map(issue => [issue.line, issue.message])).toEqual([
			[4, 'unknown key `timout` in http check `a`'],
			[7, '`fast` is not a duration'],
			[8, 'missing `host` in tcp check `c`'],
		]);
	});

	it('diagnoses thousands of duplicate keys in one pass: the live screen waits for it', () => {
		// Each duplicate used to be found by visiting the whole document: 3,000 of them took half a minute.
		const text = `checks:\n${Array.from({length: 3000}, (_, index) => `  - name: c${index}\n    url: http://127.0.0.1:1/c${index}\n    url: http://127.0.0.1:1/d${index}\n`).join('')}`;
		const started = performance.now();
		const error = loadError(text);
		expect(performance.now() - started).toBeLessThan(3000);
		expect(error.issues).toHaveLength(3000);
		expect(error.issues.at(-1)).toMatchObject({line: 9001, column: 5, message: 'duplicate key `url`', hint: '`url` is already set at line 9000; keep one'});
	});

	it('names a missing config file, without a position', () => {
		let error: unknown;
		try {
			loadConfig('/nonexistent/uptop/checks.yaml');
		} catch (thrown) {
			error = thrown;
		}

		expect(error).toBeInstanceOf(ConfigError);
		const issue = (error as ConfigError).issues[0]!;
		expect(issue).toMatchObject({file: '/nonexistent/uptop/checks.yaml', line: 0, column: 0, message: 'config file /nonexistent/uptop/checks.yaml not found'});
		expect(formatConfigError(error as ConfigError)).toMatch(/^\/nonexistent\/uptop\/checks\.yaml: config file/);
	});

	it('gives a missing file a hint that fits every mode: where it looked and how to create the file', () => {
		const directory = writeFiles({});
		const file = path.join(directory, 'my checks.yaml');
		let error: unknown;
		try {
			loadConfig(file);
		} catch (thrown) {
			error = thrown;
		}

		expect(error).toBeInstanceOf(ConfigError);
		// Not `uptop validate`: the same hint is shown under --once and in the screen.
		expect((error as ConfigError).issues[0]!.hint).toBe(`looked at ${file}; start a checks file there with \`uptop init '${file}'\`, or give the path of an existing one`);
	});

	it('reports an unreadable directory given as the config file', () => {
		const directory = writeFiles({});
		expect(() => loadConfig(directory)).toThrow(/is a directory, not a file/);
	});
});

describe('a file that is not UTF-8', () => {
	const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');
	const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
	const errorOf = (files: Readonly<Record<string, Uint8Array>>): ConfigError => {
		const directory = writeFiles(files);
		try {
			loadConfig(path.join(directory, 'checks.yaml'), {env: {}});
		} catch (error) {
			if (error instanceof ConfigError) return error;
			throw error;
		}

		throw new Error('expected a ConfigError, but the config loaded');
	};

	it('is an error at the first byte that is not UTF-8, naming it, with a frame and a hint to save it as UTF-8', () => {
		const error = errorOf({'checks.yaml': latin1('checks:\n  - name: caf\u00E9 api\n    url: http://x\n  - name: cr\u00E8me\n    url: http://y\n')});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 2, column: 14, message: 'checks.yaml is not UTF-8: byte 0xE9 cannot be read as UTF-8', hint: 'save the file as UTF-8 (in Latin-1, 0xE9 is `é`): an editor\'s "save with encoding", or iconv -f latin1 -t utf-8'});
		expect(error.issues[0]!.file).toMatch(/checks\.yaml$/);
		const frame = formatConfigError(error).split('\n');
		expect(frame[0]).toMatch(/checks\.yaml:2:14: checks\.yaml is not UTF-8: byte 0xE9 cannot be read as UTF-8$/);
		expect(frame).toContain('> 2 |   - name: caf\uFFFD api');
		expect(frame).toContain('    |              ^');
	});

	it('names Windows-1252 for a smart quote saved in it, and its command converts the file into one that loads', () => {
		// 0x93 and 0x94 are `“` and `”` in Windows-1252, and C1 controls in Latin-1: `iconv -f latin1` made U+0093.
		const directory = writeFiles({'checks.yaml': Buffer.from('checks:\n  - name: the \u0093api\u0094 check\n    url: http://127.0.0.1:1/\n', 'latin1')});
		const file = path.join(directory, 'checks.yaml');
		const issue = errorOf({'checks.yaml': readFileSync(file)}).issues[0]!;
		expect(issue).toMatchObject({line: 2, column: 15, message: 'checks.yaml is not UTF-8: byte 0x93 cannot be read as UTF-8', hint: 'save the file as UTF-8 (in Windows-1252, 0x93 is `“`): an editor\'s "save with encoding", or iconv -f cp1252 -t utf-8'});
		const [from, to] = /iconv -f (\S+) -t (\S+)$/.exec(issue.hint!)!.slice(1) as [string, string];
		writeFileSync(file, execFileSync('iconv', ['-f', from, '-t', to, file]));
		expect(loadConfig(file, {env: {}}).checks.map(check => check.name)).toEqual(['the “api” check']);
	});

	it('names Windows-1252 when a later byte is one only it gives a letter to, and Latin-1 when a byte is one it leaves out', () => {
		expect(errorOf({'checks.yaml': latin1('# caf\u00E9 \u0096 eu\nchecks:\n  - {name: a, url: http://x}\n')}).issues[0]!.hint).toBe('save the file as UTF-8 (in Windows-1252, 0xE9 is `é`): an editor\'s "save with encoding", or iconv -f cp1252 -t utf-8');
		expect(errorOf({'checks.yaml': latin1('# caf\u00E9 \u0081\nchecks:\n  - {name: a, url: http://x}\n')}).issues[0]!.hint).toBe('save the file as UTF-8 (in Latin-1, 0xE9 is `é`): an editor\'s "save with encoding", or iconv -f latin1 -t utf-8');
	});

	it('counts the column in characters after earlier UTF-8 text on the line, and not the byte-order mark', () => {
		const bytes = Buffer.concat([utf8('\uFEFF# Zürich '), Buffer.from([0x96]), utf8(' staging\nchecks:\n  - {name: a, url: http://x}\n')]);
		expect(errorOf({'checks.yaml': bytes}).issues[0]).toMatchObject({line: 1, column: 10, message: 'checks.yaml is not UTF-8: byte 0x96 cannot be read as UTF-8', hint: 'save the file as UTF-8 (in Windows-1252, 0x96 is `–`): an editor\'s "save with encoding", or iconv -f cp1252 -t utf-8'});
	});

	it.each([
		['a character cut off at the end of the file', Buffer.concat([utf8('checks:\n  - {name: a, url: http://x}\n# \u20AC'), Buffer.from([0xE2, 0x82])]), 3, 4, '0xE2'],
		['an overlong form', Buffer.concat([utf8('checks:\n  - {name: "'), Buffer.from([0xC0, 0xAF]), utf8('", url: http://x}\n')]), 2, 13, '0xC0'],
		['an encoded surrogate', Buffer.concat([utf8('checks:\n  - {name: "'), Buffer.from([0xED, 0xA0, 0x80]), utf8('", url: http://x}\n')]), 2, 13, '0xED'],
		['a stray continuation byte', Buffer.concat([utf8('checks:\n  - {name: "é'), Buffer.from([0xA9]), utf8('", url: http://x}\n')]), 2, 14, '0xA9'],
	])('reports %s', (_name, bytes, line, column, byte) => {
		expect(errorOf({'checks.yaml': bytes}).issues[0]).toMatchObject({line, column, message: `checks.yaml is not UTF-8: byte ${byte} cannot be read as UTF-8`});
	});

	it('names UTF-16 when the file starts with its byte-order mark', () => {
		const bytes = Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from('checks: []\n', 'utf16le')]);
		expect(errorOf({'checks.yaml': bytes}).issues[0]).toMatchObject({line: 1, column: 1, message: 'checks.yaml is not UTF-8: byte 0xFF cannot be read as UTF-8', hint: 'it starts with a UTF-16 byte-order mark; save it as UTF-8'});
	});

	it('names UTF-16 without a byte-order mark by its NUL bytes, which UTF-8 allows but no text file has', () => {
		const bytes = Buffer.from('checks: []\n', 'utf16le');
		expect(errorOf({'checks.yaml': bytes}).issues[0]).toMatchObject({line: 1, column: 2, message: 'checks.yaml is not UTF-8 text: it holds a NUL byte (0x00)', hint: 'UTF-16 without a byte-order mark looks like this; save the file as UTF-8'});
	});

	it('reports an included file at its own line and column', () => {
		const error = errorOf({
			'checks.yaml': utf8('include: [more.yaml]\nchecks:\n  - {name: a, url: http://x}\n'),
			'more.yaml': latin1('checks:\n  - name: b\n    owner: Andr\u00E9\n    url: http://y\n'),
		});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 3, column: 16, message: 'more.yaml is not UTF-8: byte 0xE9 cannot be read as UTF-8'});
		expect(error.issues[0]!.file).toMatch(/more\.yaml$/);
		expect(error.files.some(file => file.endsWith('more.yaml'))).toBe(true);
	});

	it('still reads a UTF-8 file with a byte-order mark, and UTF-8 letters', () => {
		const directory = writeFiles({'checks.yaml': utf8('\uFEFFchecks:\n  - {name: café €, url: http://x}\n')});
		expect(loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks.map(check => check.name)).toEqual(['café €']);
	});
});

describe('errors about values taken from the environment', () => {
	const errorOf = (text: string, env: NodeJS.ProcessEnv): ConfigError => {
		const directory = writeFiles({'checks.yaml': Buffer.from(text)});
		try {
			loadConfig(path.join(directory, 'checks.yaml'), {env});
		} catch (error) {
			if (error instanceof ConfigError) return error;
			throw error;
		}

		throw new Error('expected a ConfigError, but the config loaded');
	};

	it('never quote the start of a long value from the environment that a message cut to fit', () => {
		const query = `tenant-7f3a9c2e1b4d-${'q'.repeat(50)}.example.com`;
		const error = errorOf('checks:\n  - {name: d, kind: dns, query: "${Q}"}\n', {Q: query});
		expect(error.issues).toHaveLength(1);
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/tenant|7f3a9|qqqq/);
		expect(error.issues[0]!.message).toMatch(/is not a DNS name: its label `••••` is 70 characters as sent, more than 63$/);
	});

	it('never quote a part of a value from the environment in the message either: `port 99999` out of `db:99999`', () => {
		const error = errorOf('checks:\n  - {name: c, kind: tcp, host: "${DB_ADDRESS}"}\n', {DB_ADDRESS: 'db.internal:99999'});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toBe('port •••• is out of range (1-65535)');
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/99999|db\.internal/);
	});

	it('never quote a value written as {secret: …} in a hint made from it, and keep the hint\'s advice', () => {
		const error = errorOf([
			'checks:',
			'  - {name: a, url: {secret: "127.0.0.1:8080/hook/Kp3xQ8SECRET"}}',
			'  - {name: b, url: {secret: "http://127.0.0.1:1/Kp3xQ4tail "}}',
			'  - {name: c, url: {secret: "http://127.0.0.1:0080/Kp3xQ2port"}}',
			'  - {name: d, url: {secret: "tcp://dbhostKp3x:5432"}}',
			'',
		].join('\n'), {});
		expect(error.issues).toHaveLength(4);
		const text = `${formatConfigError(error)}\n${error.message}\n${JSON.stringify(error.issues)}`;
		expect(text).not.toMatch(/Kp3x|hook|dbhost/);
		expect(error.issues[0]!.hint).toBe('add the scheme: http://••••');
		expect(error.issues[3]!.hint).toMatch(/^for a TCP port write `kind: tcp` and `host: ••••:••••`; `url:` takes http:\/\/ or https:\/\/$/);
	});

	it('never quote a credential that starts with `!`, which YAML read as a tag and left empty (validate said OK)', () => {
		const error = errorOf('checks:\n  - name: c\n    kind: command\n    run: [sh, -c, "exit 0"]\n    env:\n      DB_PASSWORD: !s3cr3tPw\n  - {name: d, url: "http://127.0.0.1:1/", headers: {X-Api-Key: !Zx9kQ2pL}}\n', {});
		expect(error.issues.map(issue => [issue.line, issue.message, issue.hint])).toEqual([
			[6, 'a value that starts with ! is read as a YAML tag, not as the value', 'put the value in quotes'],
			[7, 'a value that starts with ! is read as a YAML tag, not as the value', 'put the value in quotes'],
		]);
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/s3cr3t|Zx9k/);
	});

	it('never quote a credential that starts with `*`, `[` or `{`, which YAML reads as an alias or a collection', () => {
		const error = errorOf([
			'checks:',
			'  - {name: a, kind: command, run: [psql], env: {PGPASSWORD: *hR4wq9Lm}}',
			'  - {name: b, url: "http://127.0.0.1:1/", headers: {X-Api-Key: [Zx9kQ2pLlist]}}',
			'  - {name: c, url: "http://127.0.0.1:1/", headers: {X-Api-Key: {Zx9kQ2pLmap}}}',
			'',
		].join('\n'), {});
		expect(error.issues.map(issue => [issue.line, issue.message, issue.hint])).toEqual([
			[2, 'a value that starts with * is read as a YAML alias, and no anchor of its name is defined', 'put the value in quotes'],
			[3, '`X-Api-Key`: expected a string, found a list', undefined],
			[4, '`X-Api-Key`: expected a string, found a mapping', undefined],
		]);
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/hR4w|Zx9k/);
	});

	it('never quote a credential after a pasted space when its key is written in single quotes', () => {
		const error = errorOf('checks:\n  - name: a\n    url: http://127.0.0.1:1/\n    headers:\n      \'X-Api-Key\':\u00A0Zx9kQ2pLsecret\n', {});
		expect(error.issues[0]!.message).toBe('`\'X-Api-Key\':` is followed by a non-breaking space (U+00A0), which YAML does not read as a space');
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/Zx9k/);
	});

	it('gives the example, not a part of the value, in the hint for a threshold from the environment', () => {
		const error = errorOf('checks:\n  - {name: p, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: "${LIMIT}"}\n', {LIMIT: '> 12345678s'});
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/12345678/);
	});

	it('never quote the value of a credential header whose name the path writes in quotes (X-Api-Key)', () => {
		const error = errorOf('checks:\n  - {name: e, url: "http://127.0.0.1:1/", headers: {X-Api-Key: "Zx9k\\nQ2pLbreak"}}\n', {});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.hint).toBe('a header value cannot contain a line break');
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/Zx9k|Q2pL/);
	});

	it('never quote the value: it is a secret like every value from the environment (a CI log keeps it)', () => {
		const env = {PW: 'p@ss:w/rd', IV: 'sekrit5sec', HOSTP: 'sekrithost', TH: 'sekritth', KEY: 'sekrit-key', FTP: 'ftp://sekrit.internal'};
		const error = errorOf([
			'checks:',
			'  - {name: basic, url: "http://admin:${PW}@127.0.0.1:8000/health"}',
			'  - {name: a, url: "http://127.0.0.1:8000/", interval: "${IV}"}',
			'  - {name: c, kind: tcp, host: "${HOSTP}"}',
			'  - {name: d, kind: prometheus, url: "http://127.0.0.1:9090", query: up, warn: "${TH}"}',
			'  - {name: e, url: "http://127.0.0.1:8000/", expect: {status: "${KEY}"}}',
			'  - {name: f, url: "${FTP}"}',
			'',
		].join('\n'), env);
		expect(error.issues.length).toBeGreaterThanOrEqual(5);
		const text = `${formatConfigError(error)}\n${error.message}\n${JSON.stringify(error.issues)}`;
		for (const value of Object.values(env)) expect(text).not.toContain(value);
		expect(text).not.toContain('sekrit');
		// Still located and explained, with the value shown as the mark every other output uses.
		expect(text).toContain('`http://admin:••••@127.0.0.1:8000/health` is not a valid URL');
		expect(text).toContain('`••••` is not a duration');
		// The hint made from the URL keeps its advice, not the host it read out of it.
		expect(text).toContain('`kind: tcp` with `host: ••••:21`');
		expect(text).toMatch(/checks\.yaml:3:\d+: /);
	});
});
