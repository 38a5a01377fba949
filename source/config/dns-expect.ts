import {isIPv6} from 'node:net';

/** Four dotted parts of digits: an IPv4 address as written, leading zeros and all (`127.0.0.001`). */
const dottedQuad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `10.0.0.010` as an octal-minded tool reads it (`10.0.0.8`), when every part with a leading zero is octal digits. */
function octalReading(parts: readonly string[]): string | undefined {
	const read = parts.map(part => (/^0\d+$/.test(part) ? (/^[0-7]+$/.test(part) ? Number.parseInt(part, 8) : Number.NaN) : Number(part)));
	return read.every(number => Number.isInteger(number) && number <= 255) ? read.join('.') : undefined;
}

/**
 * Why an answer a dns check expects can never be among the answers: an address of the other family (an A record is
 * an IPv4 address, AAAA an IPv6 one), or an IPv4 address with a leading zero in a part, which no resolver writes
 * (and some tools read as octal). `others` are the other items of the list, to suggest a second check when some fit.
 */
export function dnsExpectProblem(type: string, answer: string, others: readonly string[]): {message: string; hint: string} | undefined {
	if (type !== 'A' && type !== 'AAAA') return undefined;
	const written = answer.trim();
	const quad = dottedQuad.exec(written);
	const parts = quad?.slice(1) ?? [];
	const isFour = quad !== null && parts.every(part => Number(part) <= 255);
	const plain = isFour ? parts.map(Number).join('.') : written;
	const family = isFour ? 'IPv4' : isIPv6(written) ? 'IPv6' : undefined;
	if (family !== undefined && family !== (type === 'A' ? 'IPv4' : 'IPv6')) {
		const other = type === 'A' ? 'AAAA' : 'A';
		const fitting = others.some(item => (type === 'A' ? dottedQuad.test(item.trim()) : isIPv6(item.trim())));
		return {
			message: `\`${written}\` is an ${family} address, and the answers to type ${type} are ${family === 'IPv4' ? 'IPv6' : 'IPv4'} addresses: it can never match`,
			hint: `type A answers IPv4 addresses, AAAA IPv6 ones: ${fitting ? `expect ${plain} in a second dns check with type: ${other}` : `for ${plain} write type: ${other}`}`,
		};
	}

	if (isFour && plain !== written) {
		const octal = octalReading(parts);
		return {
			message: `\`${written}\` has a part with a leading zero: an answer is never written so, and some tools read such a part as octal`,
			hint: `write ${plain}${octal !== undefined && octal !== plain ? ` (or ${octal}, if the 0 meant octal)` : ''}`,
		};
	}

	return undefined;
}
