/**
 * A path into a JSON body (`checks.db.status`, `items.0.status`) written in another tool's syntax: Gatus's
 * `[BODY].status`, JSONPath's `$.status`, an index in brackets. Each is looked up as a key of its own and
 * never matches, so the check could only fail with "missing".
 */
export function jsonPathProblem(path: string): {readonly message: string; readonly hint: string} | undefined {
	const inside = 'uptop\'s paths start inside the JSON body';
	const gatus = /^\[body\]\.?(.*)$/i.exec(path);
	if (gatus) return {message: `\`${path}\` names the body the way Gatus does: ${inside}`, hint: hintFor(gatus[1]!)};
	// `$` then `.`, `[` or nothing: a key that begins with `$` (`$schema`, `$type`, `_id.$oid`) is a key.
	const root = /^\$(?=[.[]|$)\.?(.*)$/.exec(path);
	if (root) return {message: `\`${path}\` starts at JSONPath's root \`$\`: ${inside}`, hint: hintFor(root[1]!)};
	if (/\[\*\]|(?:^|\.)\*(?:\.|$)/.test(path)) {
		return {message: `\`${path}\` has a wildcard: uptop's paths name one value`, hint: 'name one item by its index, e.g. `items.0.status`'};
	}

	if (/\[\d+\]/.test(path)) {
		return {message: `\`${path}\` writes a list index in brackets: uptop's paths write it between dots`, hint: hintFor(path)};
	}

	return undefined;
}

/** The path as uptop reads it: `items[0].status` → `items.0.status`, `['status']` → `status`. */
function hintFor(path: string): string {
	const dotted = path.replaceAll(/\[(\d+)\]/g, '.$1').replaceAll(/\[(['"])(.*?)\1\]/g, '.$2').replace(/^\./, '');
	return dotted === '' ? 'write the dotted path of a field in the body, e.g. `status`' : `write \`${dotted}\``;
}
