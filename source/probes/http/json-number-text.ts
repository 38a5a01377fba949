/**
 * JSON.parse reads every number into a double, which holds integers exactly only up to 2^53: 9007199254740993
 * comes back as 9007199254740992. (Its reviver's `context.source` would say the digits, but Node has it behind a
 * flag only.) An `expect.json` on an id or a counter that large compares the digits written in the body, found
 * here by walking the text to the path: only for such comparisons, so no body pays for it otherwise.
 */

/** Past this exponent an integer is not worth building (`1e999999999`): compared as a double, as before. */
const maxExponent = 400;

const decimal = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/**
 * The integer a decimal text writes (`9007199254740993`, `-12`, `1e16`, `2.50e1`), exactly; undefined for text that
 * is no decimal, a number with a fraction (`1.5`) or one too large to build.
 */
export function exactInteger(text: string): bigint | undefined {
	const match = decimal.exec(text);
	if (match === null) return undefined;
	const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
	if (whole === '' && fraction === '') return undefined;
	let digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
	let exponent = Number(exponentText) - fraction.length;
	// Trailing zeros of a fraction (`2.50e1`) are no fraction: move them into the exponent.
	while (exponent < 0 && digits.length > 1 && digits.endsWith('0')) {
		digits = digits.slice(0, -1);
		exponent++;
	}

	if (exponent < 0) return /^0+$/.test(digits) ? 0n : undefined;
	if (exponent > maxExponent) return undefined;
	const magnitude = BigInt(digits) * 10n ** BigInt(exponent);
	return sign === '-' ? -magnitude : magnitude;
}

/** Whether a double could not have held the integer exactly: beyond ±2^53, where neighbours read alike. */
export function isBeyondDouble(integer: bigint): boolean {
	return integer > BigInt(Number.MAX_SAFE_INTEGER) || integer < BigInt(Number.MIN_SAFE_INTEGER);
}

/**
 * The text of the value at `segments` (keys, or indexes of arrays, as valueAtPath reads them) in `json`, which
 * JSON.parse has read: undefined when there is none. A key written twice is the last one, as JSON.parse keeps.
 * Iterative, so a body nested deeper than the stack holds is walked all the same.
 */
export function jsonTextAtPath(json: string, segments: readonly string[]): string | undefined {
	let index = json.startsWith('\uFEFF') ? 1 : 0;
	const skipSpace = () => {
		while (index < json.length && ' \t\n\r'.includes(json[index]!)) index++;
	};

	/** From an opening quote to just past its closing one. */
	const skipString = () => {
		index++;
		while (index < json.length && json[index] !== '"') index += json[index] === '\\' ? 2 : 1;
		index++;
	};

	/** Over one whole value, however nested. */
	const skipValue = () => {
		let depth = 0;
		do {
			skipSpace();
			const character = json[index];
			if (character === '"') skipString();
			else if (character === '{' || character === '[') {
				depth++;
				index++;
			} else if (character === '}' || character === ']') {
				depth--;
				index++;
			} else if (character === ',' || character === ':') index++;
			else while (index < json.length && !' \t\n\r,:]}'.includes(json[index]!)) index++;
		} while (depth > 0 && index < json.length);
	};

	for (const segment of segments) {
		skipSpace();
		const opening = json[index];
		let found: number | undefined;
		if (opening === '{') {
			index++;
			skipSpace();
			while (json[index] === '"') {
				const keyStart = index;
				skipString();
				const key = JSON.parse(json.slice(keyStart, index)) as string;
				skipSpace();
				index++; // The colon.
				skipSpace();
				if (key === segment) found = index;
				skipValue();
				skipSpace();
				if (json[index] === ',') index++;
				skipSpace();
			}
		} else if (opening === '[' && /^\d+$/.test(segment)) {
			index++;
			for (let item = 0; ; item++) {
				skipSpace();
				if (json[index] === ']' || index >= json.length) break;
				if (item === Number(segment)) {
					found = index;
					break;
				}

				skipValue();
				skipSpace();
				if (json[index] === ',') index++;
			}
		}

		if (found === undefined) return undefined;
		index = found;
	}

	skipSpace();
	const start = index;
	skipValue();
	return json.slice(start, index);
}
