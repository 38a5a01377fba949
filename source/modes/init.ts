import fs from 'node:fs';
import path from 'node:path';
import {spaceShortage} from '../release/history-problem.js';
import {writeNewFile} from './write-new-file.js';

/**
 * `uptop init [FILE]`: a starter checks.yaml to edit, so a newcomer begins from a file that loads, shows one of
 * every kind, and has editor completion from the first keystroke. It never overwrites a file.
 */
export function starterConfig(schema: string): string {
	return `# yaml-language-server: $schema=${schema}
#
# What uptop watches: one entry under \`checks:\` per thing that can break. Uncomment an example and edit it,
# then \`uptop validate\` checks the file and \`uptop\` watches it (saving the file reloads it while uptop runs).
# Every key is in docs/config.md; the line above gives editors with the YAML language server completion.

defaults:
  interval: 10s   # from the end of one probe to the start of the next
  # timeout: 5s   # a probe still waiting after this fails; left out: 5s, or a check's interval when shorter
  slow: 1s        # a passing answer this slow shows as slow

groups:
  web:
    owner: "@web-team"                           # who is paged: shown in the detail pane
    runbook: https://wiki.example.com/runbooks/web

checks:
  # An HTTP health endpoint (a FastAPI /health and the like): up when it answers 2xx.
  - name: api health
    group: web
    url: http://127.0.0.1:8000/health
    rollback: redeploy the previous release      # what to do when this breaks after a deploy
    # expect:
    #   status: 200
    #   json: {status: ok}                       # the JSON body must contain these values
    # version:
    #   json: version                            # where the deployed version is, for deploy markers

  # A TCP port accepts connections: a database, a queue, a cache.
  # - name: database port
  #   kind: tcp
  #   host: 127.0.0.1:5432

  # A certificate: warn 14 days before it expires, fail 3 days before (warnDays, failDays).
  # - name: api certificate
  #   kind: tls
  #   host: api.example.com:443

  # A DNS name resolves (to these answers, when given).
  # - name: api dns
  #   kind: dns
  #   query: api.example.com
  #   expect: [203.0.113.10]

  # A program or Nagios plugin: exit 0 up, 1 warn, 2 failing, 3 unknown. Arguments as a list.
  # (A script that exits 1 when it failed, such as a cron job's wrapper: add exitCodes: plain.)
  # - name: root disk
  #   kind: command
  #   run: [/usr/lib/nagios/plugins/check_disk, -w, "20%", -c, "10%", -p, /]

  # A background job ran recently: the modification time of a file it touches (or a timestamp in JSON: url, field).
  # - name: nightly export
  #   kind: freshness
  #   file: /var/lib/export/last-success
  #   maxAge: 26h

  # A Prometheus query's value against thresholds.
  # - name: queue depth
  #   kind: prometheus
  #   url: http://127.0.0.1:9090
  #   query: sum(rabbitmq_queue_messages_ready)
  #   warn: "> 1000"
  #   fail: "> 10000"
`;
}

export type InitIo = {readonly stdout: (text: string) => void; readonly stderr: (text: string) => void};

/** The nearest directory at or above `directory` that holds a package.json or .git: the project a file is committed with. */
export function projectRoot(directory: string): string | undefined {
	for (let current = path.resolve(directory); ; current = path.dirname(current)) {
		if (fs.existsSync(path.join(current, 'package.json')) || fs.existsSync(path.join(current, '.git'))) return current;
		if (path.dirname(current) === current) return undefined;
	}
}

/**
 * The schema as `file` should name it: relative to the file's directory, which is how the YAML language server
 * resolves a relative `$schema`, when the schema is inside the file's project (a checkout, or
 * ./node_modules/uptop/schema/... in a project): that keeps working wherever the project is checked out. A
 * schema outside it (a global install, npx's cache) has no path that travels with the file: then the
 * absolute one, which at least works on this machine. Forward slashes on every platform: the file is shared.
 */
export function schemaReference(file: string, schemaFile: string, root = projectRoot(path.dirname(file))): string {
	const relative = path.relative(path.dirname(file), schemaFile);
	const isInProject = root !== undefined && path.resolve(schemaFile).startsWith(`${root}${path.sep}`);
	// Another drive (Windows) has no relative path.
	if (!isInProject || path.isAbsolute(relative)) return schemaFile;
	const shared = relative.split(path.sep).join('/');
	return shared.startsWith('../') ? shared : `./${shared}`;
}

/** The nearest part of `directory` that is there and is a file, not a directory: `/dev/full` of `/dev/full/a/b`. */
function notADirectory(directory: string): string {
	for (let at = directory; ; at = path.dirname(at)) {
		if (fs.existsSync(at) || path.dirname(at) === at) return at;
	}
}

/** Node's `ENOTDIR: not a directory, open '/dev/full/x.yaml'` in words, with its code at the end. */
function writeProblem(error: NodeJS.ErrnoException, file: string): string {
	if (error.code === 'ENOTDIR') return `${notADirectory(path.dirname(file))} is not a directory (ENOTDIR)`;
	if (error.code === 'EACCES' || error.code === 'EPERM') return `permission denied (${error.code})`;
	if (error.code === 'EROFS') return `the file system is read-only (${error.code})`;
	// `df -h` shows space on a disk out of inodes: which ran out is said, as for the history.
	if (error.code === 'ENOSPC') return `no space left on the device (${spaceShortage(path.dirname(file))})`;
	const words = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
	return error.code === undefined ? words : `${words} (${error.code})`;
}

/**
 * Writes the starter to `target`, or to checks.yaml in it when it is a directory (never over a file), pointing at
 * `schemaFile` by a path relative to it; exit code 0 written, 1 not.
 */
export function runInit(target: string, schemaFile: string, io: InitIo): number {
	const file = isDirectory(target) ? path.join(target, 'checks.yaml') : target;
	// Relative when it is under the current directory; `../../../dev/full/x.yaml` for /dev/full/x.yaml says less.
	const relative = path.relative(process.cwd(), file);
	const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
	try {
		writeNewFile(file, starterConfig(schemaReference(file, schemaFile)), 0o644);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'EEXIST'
			? `${shown} already exists; uptop init never overwrites a file\n  hint: uptop validate ${shown} checks it, or give init another name`
			: code === 'ENOENT'
				? `no directory ${path.dirname(file)} to write ${path.basename(file)} in`
				: `cannot write ${shown}: ${writeProblem(error as NodeJS.ErrnoException, file)}`;
		io.stderr(`uptop: ${why}\n`);
		return 1;
	}

	const named = shown === 'checks.yaml' ? '' : ` ${shown}`;
	io.stdout(`wrote ${shown}: one http check to edit and a commented example of every kind\n`
		+ `next: edit it, then uptop validate${named} to check it and uptop${named} to watch it\n`);
	return 0;
}

function isDirectory(target: string): boolean {
	try {
		return fs.statSync(target).isDirectory();
	} catch {
		return false;
	}
}
