import {handCommand} from '../config/hand-command.js';
import type {Check, Secret} from '../config/types.js';
import {redact, redactDeep, redactionMark} from '../text/redact.js';
import {hostPortText} from '../config/host-port-text.js';
import {unicodeName} from '../text/code-point.js';

const cache = new WeakMap<Check, Check>();
const marks = new WeakMap<readonly Secret[], readonly string[]>();

/** One `••••` per secret, one array for a list the checks share. */
function marksFor(secrets: readonly Secret[]): readonly string[] {
	let shown = marks.get(secrets);
	if (shown === undefined) {
		shown = Object.freeze(secrets.map(() => redactionMark));
		marks.set(secrets, shown);
	}

	return shown;
}

// Control characters but the line break: what could drive a terminal. Format characters (a ZWJ in an emoji, a
// soft hyphen) are the config's own text and stay, so a name in --json is the name as written.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

function visibleControl(character: string): string {
	const code = character.codePointAt(0)!;
	if (code === 0x09) return ' ';
	if (code < 0x20) return `^${String.fromCodePoint(code + 0x40)}`;
	return code === 0x7F ? '^?' : `<${unicodeName(code)}>`;
}

/** Every string in plain objects and arrays made safe for a terminal; anything else is kept as it is. */
function sanitizeDeep<T>(value: T): T {
	if (typeof value === 'string') {
		return value.replace(controlCharacter, visibleControl) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => sanitizeDeep(item)) as T;
	}

	if (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sanitizeDeep(item)])) as T;
	}

	return value;
}

/**
 * The check as snapshots carry it to the screen, `--json` and reports: every config secret (values from
 * `${ENV}`, tokens, URL passwords) replaced by `••••` in every field, so no view of a check can leak one, and
 * every control character but the line break made visible as sanitize.ts shows them (the fields people read
 * are refused with one at load; an expected body pattern or a command's argument may still hold one). Probes keep the real check; only views get this
 * copy. Cached per check object (one per config load).
 */
export function displayCheck(check: Check): Check {
	let display = cache.get(check);
	if (display === undefined) {
		// Not the secrets themselves: the list is every check's (shared-secrets.ts), redacting it for each check cost
		// checks² redact calls; it is shown as marks.
		const {envParts: _parts, secrets: _secrets, ...shown} = check;
		// The command is written from the real check, where the loader's record says which parts came from which
		// variable, and then redacted and made safe as every other field: a last guard against a secret it missed. Only
		// when asked (the detail pane, `y`, a copy sent to another thread): written for every check at once, it took
		// ~25 µs a check before the first frame, 50 ms for 2,000 checks, for a line few of them are ever opened for.
		let byHand: string | undefined;
		display = Object.freeze({
			...sanitizeDeep(redactDeep(shown, check.secrets)),
			...hiddenAddressHost(check),
			secrets: marksFor(check.secrets),
			get byHand() {
				byHand ??= sanitizeDeep(redactDeep(handCommand(check), check.secrets));
				return byHand;
			},
		}) as Check;
		cache.set(check, display);
	}

	return display;
}

/**
 * `host: ${DB_ADDR}` with `DB_ADDR=10.20.30.40:6379`: the secret is the whole address, which the check keeps as a host
 * and a port, each redacted alone above, where the secret is found in neither. The target line joins them again.
 */
function hiddenAddressHost(check: Check): {host?: string} {
	if (check.kind !== 'tcp' && check.kind !== 'tls') return {};
	const target = hostPortText(check.host, check.port);
	const hidden = redact(target, check.secrets);
	const host = check.host.includes(':') ? `[${check.host}]` : check.host;
	return hidden === target || hidden.startsWith(`${host}:`) ? {} : {host: redactionMark};
}

