import type {Perfdata} from '../../probes/types.js';
import {clean} from '../text.js';

/** The thresholds the plugin judged by, when it gave them: ` (warn 1, crit 2)`. */
function limitsText(item: Perfdata): string {
	const parts = [item.warn ? `warn ${clean(item.warn)}` : '', item.crit ? `crit ${clean(item.crit)}` : ''].filter(Boolean);
	return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** A plugin's perfdata as one text: `time=0.52s (warn 1, crit 2) size=512B`. */
export function perfdataText(perfdata: readonly Perfdata[]): string {
	return perfdata.map(item => `${clean(item.label)}=${item.value}${clean(item.unit)}${limitsText(item)}`).join(' ');
}
