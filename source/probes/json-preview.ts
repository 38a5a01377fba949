/**
 * The JSON text of a parsed value, at most `maxLength` characters (a longer one ends in `…`), for a reason
 * that says what came back. Written only as far as it is shown: JSON.stringify walks the whole value first,
 * and a body nested 100,000 deep, which JSON.parse takes, overflows the stack there. Each level writes a
 * character before it goes deeper, so the budget bounds the depth too.
 */
export function jsonPreview(value: unknown, maxLength: number): string {
	const parts: string[] = [];
	let length = 0;
	/** False once the text is past the budget: everything after it is dropped unwalked. */
	const write = (text: string): boolean => {
		parts.push(text);
		length += text.length;
		return length <= maxLength;
	};

	const walk = (item: unknown): boolean => {
		if (Array.isArray(item)) {
			if (!write('[')) return false;
			for (let index = 0; index < item.length; index++) {
				if ((index > 0 && !write(',')) || !walk(item[index])) return false;
			}

			return write(']');
		}

		if (typeof item === 'object' && item !== null) {
			if (!write('{')) return false;
			let isFirst = true;
			for (const [key, inner] of Object.entries(item)) {
				if (!write(`${isFirst ? '' : ','}${JSON.stringify(key)}:`) || !walk(inner)) return false;
				isFirst = false;
			}

			return write('}');
		}

		// JSON.parse reads a number past a double's range (1e999) as ±Infinity, which JSON.stringify writes `null`.
		if (typeof item === 'number' && !Number.isFinite(item)) return write(String(item));
		// A long string is cut after it is written out whole: the body's size cap bounds it.
		return write(JSON.stringify(item) ?? String(item));
	};

	const isWhole = walk(value);
	const text = parts.join('');
	return isWhole ? text : `${text.slice(0, Math.max(0, maxLength - 1))}…`;
}
