import type {Check} from './types.js';
import {hostPortText} from './host-port-text.js';

/** An argument as a shell would need it typed: bare when it is plain, else in single quotes. */
function shellWord(argument: string): string {
	return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll('\'', '\'\\\'\'')}'`;
}

/**
 * A URL with its spaces as the probe's URL parser sends them, %20, as the `by hand` command has them: a space
 * breaks it into words on screen and in a copy. What else the parser encodes (é, quotes, braces) reads better as
 * written.
 */
function spacesEncoded(url: string): string {
	return url.replaceAll(' ', '%20');
}

/**
 * What a check probes, in one line the person on call can act on: the request an http check makes, the
 * address a tcp or tls check connects to, the name a dns check resolves, the command a command check runs.
 * Give it the display copy of the check (displayCheck): the real one holds the config's secrets.
 */
export function checkTarget(check: Check): string {
	switch (check.kind) {
		case 'http': {
			return `${check.method} ${spacesEncoded(check.url)}`;
		}

		case 'tcp': {
			return hostPortText(check.host, check.port);
		}

		case 'tls': {
			return `${hostPortText(check.host, check.port)}${check.servername === undefined || check.servername === check.host ? '' : `, name ${check.servername}`}`;
		}

		case 'dns': {
			return `${check.type} ${check.query ?? check.name}${check.server === undefined ? '' : ` at ${check.server}`}`;
		}

		case 'command': {
			return check.shell ? `sh -c ${shellWord(check.run.join(' '))}` : check.run.map(argument => shellWord(argument)).join(' ');
		}

		case 'freshness': {
			if (check.file !== undefined) return `file ${check.file}`;
			return `GET ${spacesEncoded(check.url ?? '')}${check.field === undefined ? '' : `, field ${check.field}`}`;
		}

		case 'prometheus': {
			return `${check.query} at ${spacesEncoded(check.url)}${check.each === undefined ? '' : `, a row for each ${check.each}`}`;
		}
	}
}
