import {secretText} from '../text/redact.js';
import {sanitize} from '../text/sanitize.js';
import type {Secret} from '../config/types.js';
import {floorPercent} from '../text/floor-percent.js';

/** "2026-11-25 14:30:05 UTC". */
export function formatTime(at: number): string {
	return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatMs(latencyMs: number | undefined): string {
	if (latencyMs === undefined || !Number.isFinite(latencyMs)) {
		return '–';
	}

	if (latencyMs < 10) {
		return `${latencyMs.toFixed(1)} ms`;
	}

	return latencyMs < 1000 ? `${Math.round(latencyMs)} ms` : `${(latencyMs / 1000).toFixed(2)} s`;
}

export function formatPercent(fraction: number | undefined, digits = 1): string {
	return fraction === undefined || !Number.isFinite(fraction) ? '–' : `${(fraction * 100).toFixed(digits)} %`;
}

/** An uptime: cut, not rounded, as the screen and `--json` cut it (floorPercent). */
export function formatUptimePercent(fraction: number | undefined, digits = 2): string {
	return fraction === undefined || !Number.isFinite(fraction) ? '–' : `${floorPercent(fraction, digits).toFixed(digits)} %`;
}

export function formatSignedPercent(fraction: number | undefined): string {
	if (fraction === undefined || !Number.isFinite(fraction)) {
		return '';
	}

	const rounded = Math.round(fraction * 100);
	return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)} %`;
}

/** Text from a config or a target, made safe for one Markdown line or table cell. */
export function inline(text: string): string {
	return sanitize(text, {maxLength: 300}).replaceAll('|', String.raw`\|`);
}

/**
 * What Markdown would act on in running text: emphasis, code, links and images, inline HTML and entities,
 * strikethrough, math, table cells, and the backslash itself. Escaped, they render as themselves.
 */
const markdownActive = /[\\`*_[\]<>&~$|]/g;

function escapeMarkdown(text: string): string {
	return text.replaceAll(markdownActive, character => `\\${character}`);
}

/**
 * GitHub and GitLab turn `@name` into a notification, and a bare `https://…`, `www.…` or e-mail address into
 * a link, in the rendered text, where escaping does not reach. A zero-width space after the `@` and inside
 * the scheme keeps them plain text: a target's output must not ping people from a PR comment, nor hand its
 * readers a link.
 */
function inert(text: string): string {
	return text.replaceAll(/@(?=[\w-])/g, '@\u200B').replaceAll(/\b(https?):\/\//gi, '$1\u200B://').replaceAll(/\bwww\./gi, match => `${match.slice(0, 3)}\u200B.`);
}

/**
 * Text that neither the config's author nor uptop wrote (marker labels, messages and series labels from a
 * target, reasons that quote them), made to render literally on one Markdown line or table cell.
 */
export function literal(text: string): string {
	return literalUpTo(text, 300);
}

/** `literal` for a longer text of uptop's own that quotes a target's (a version judged no version). */
export function literalUpTo(text: string, maxLength: number): string {
	return inert(escapeMarkdown(sanitize(text, {maxLength})));
}

/** A secret as `literal` renders it, without the sanitizing (a secret has no control characters). */
const literalForm = (text: string): string => inert(escapeMarkdown(text));

/**
 * Each secret as it may appear once escaped by `inline` or `literal`, raw and URL-encoded, so redacting the
 * finished report still finds one that a message echoed (`tok_1` reads `tok\_1` there, `a@b` `a@\u200Bb`).
 */
export function escapedSecretForms(secrets: readonly Secret[]): Secret[] {
	return secrets.flatMap((secret): Secret[] => {
		const text = secretText(secret);
		const forms = [text, encodeURIComponent(text)].flatMap(form => [form, form.replaceAll('|', String.raw`\|`), escapeMarkdown(form), literalForm(form)]);
		// Each form is hidden the way the secret is: a whole-token value stays whole-token once escaped.
		return typeof secret === 'string' ? forms : forms.map(form => ({wholeToken: form}));
	});
}

