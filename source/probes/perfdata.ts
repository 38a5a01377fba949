import type {Perfdata} from './types.js';

export type PluginOutput = {
	/** First line, before any `|`. */
	readonly summary: string;
	/** Lines after the first, without their perfdata. */
	readonly longText: readonly string[];
	readonly perfdata: readonly Perfdata[];
	/** Some perfdata text could not be parsed (and was ignored). */
	readonly isMalformed: boolean;
};

const valuePattern = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)([a-zA-Z%]*)$/;
const numberPattern = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Splits `a=1 'b c'=2;3` into items, honouring single-quoted labels ('' is a literal quote). */
function splitItems(text: string): string[] | undefined {
	const items: string[] = [];
	let index = 0;
	while (index < text.length) {
		while (text[index] === ' ') {
			index++;
		}

		if (index >= text.length) {
			break;
		}

		let item = '';
		if (text[index] === '\'') {
			index++;
			let isClosed = false;
			while (index < text.length) {
				if (text[index] === '\'' && text[index + 1] === '\'') {
					item += '\'';
					index += 2;
				} else if (text[index] === '\'') {
					index++;
					isClosed = true;
					break;
				} else {
					item += text[index++];
				}
			}

			if (!isClosed) {
				return undefined;
			}

			// Mark the end of a quoted label so a `=` inside it is not the separator.
			item = `${item.replaceAll('\u0000', '')}\u0000`;
		}

		while (index < text.length && text[index] !== ' ') {
			item += text[index++];
		}

		items.push(item);
	}

	return items;
}

function parseItem(item: string): Perfdata | 'skip' | undefined {
	const quoteEnd = item.indexOf('\u0000');
	const equals = quoteEnd === -1 ? item.indexOf('=') : quoteEnd + 1;
	if (equals <= 0 || item[equals] !== '=') {
		return undefined;
	}

	const label = item.slice(0, quoteEnd === -1 ? equals : quoteEnd);
	const [raw = '', warn, crit, min, max] = item.slice(equals + 1).split(';');
	if (raw === 'U') {
		// "U" means the plugin could not determine the value: not malformed, just nothing to show.
		return 'skip';
	}

	const match = valuePattern.exec(raw);
	// `1e999` reads as Infinity, which JSON writes as null: not a measurement, so malformed like `abc`.
	if (!match || label.length === 0 || !Number.isFinite(Number(match[1]))) {
		return undefined;
	}

	const bound = (text: string | undefined): number | undefined | false => {
		if (text === undefined || text === '') {
			return undefined;
		}

		const number = numberPattern.test(text) ? Number(text) : Number.NaN;
		return Number.isFinite(number) ? number : false;
	};

	const minValue = bound(min);
	const maxValue = bound(max);
	if (minValue === false || maxValue === false) {
		return undefined;
	}

	return {
		label,
		value: Number(match[1]),
		...(match[2] ? {unit: match[2]} : {}),
		...(warn ? {warn} : {}),
		...(crit ? {crit} : {}),
		...(minValue === undefined ? {} : {min: minValue}),
		...(maxValue === undefined ? {} : {max: maxValue}),
	};
}

/** Parses Nagios perfdata (`label=value[UOM];warn;crit;min;max ...`); bad items are dropped and reported. */
export function parsePerfdata(text: string): {perfdata: Perfdata[]; isMalformed: boolean} {
	const items = splitItems(text.trim());
	if (items === undefined) {
		return {perfdata: [], isMalformed: true};
	}

	const perfdata: Perfdata[] = [];
	let isMalformed = false;
	for (const item of items) {
		const parsed = parseItem(item);
		if (parsed === undefined) {
			isMalformed = true;
		} else if (parsed !== 'skip') {
			perfdata.push(parsed);
		}
	}

	return {perfdata, isMalformed};
}

/**
 * Nagios plugin output: `SUMMARY | perf` on the first line, then long text lines; from the first later
 * line containing `|`, everything after that `|` (including following lines) is more perfdata.
 */
export function parsePluginOutput(output: string): PluginOutput {
	const lines = output.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
	const [first = '', ...rest] = lines;
	const bar = first.indexOf('|');
	const summary = (bar === -1 ? first : first.slice(0, bar)).trim();
	const perfTexts = bar === -1 ? [] : [first.slice(bar + 1)];
	const longText: string[] = [];
	let isInPerfdata = false;
	for (const line of rest) {
		if (isInPerfdata) {
			perfTexts.push(line);
			continue;
		}

		const lineBar = line.indexOf('|');
		if (lineBar === -1) {
			longText.push(line);
		} else {
			longText.push(line.slice(0, lineBar));
			perfTexts.push(line.slice(lineBar + 1));
			isInPerfdata = true;
		}
	}

	const perfdata: Perfdata[] = [];
	let isMalformed = false;
	for (const text of perfTexts) {
		const parsed = parsePerfdata(text);
		perfdata.push(...parsed.perfdata);
		isMalformed ||= parsed.isMalformed;
	}

	return {summary, longText, perfdata, isMalformed};
}
