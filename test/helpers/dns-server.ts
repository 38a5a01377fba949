import dgram from 'node:dgram';

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for dns probe tests. Names decide the answer:
 * `ok.test` A 10.0.0.1 + 10.0.0.2 and AAAA 2001:db8::1, `xn--bcher-kva.test` (bücher.test) A 10.0.0.3, `missing.test` NXDOMAIN, `broken.test` SERVFAIL, `empty.test` no
 * records, `silent.test` never answered, `refused.test` REFUSED, `mx.test` MX, `txt.test` TXT,
 * `many.test` 60 TXT records of 100 characters,
 * `evil.test` a TXT record full of escape sequences, `dangling.test` only a CNAME to a name with no records, `garbage.test` bytes that are no DNS message,
 * `truncated.test` an empty answer with TC set (the whole one is over TCP, where nothing listens).
 */
export type DnsServer = {readonly port: number; readonly queries: string[]; close(): Promise<void>};

const typeA = 1;
const typeCname = 5;
const typeMx = 15;
const typeTxt = 16;
const typeAaaa = 28;

function readName(message: Buffer, start: number): {name: string; end: number} {
	const labels: string[] = [];
	let offset = start;
	while (offset < message.length && message[offset] !== 0) {
		const length = message[offset]!;
		labels.push(message.subarray(offset + 1, offset + 1 + length).toString('latin1'));
		offset += length + 1;
	}

	return {name: labels.join('.').toLowerCase(), end: offset + 1};
}

function encodeName(name: string): Buffer {
	const parts = name.split('.').map(label => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')]));
	return Buffer.concat([...parts, Buffer.from([0])]);
}

function record(type: number, data: Buffer): Buffer {
	const header = Buffer.alloc(12);
	header.writeUInt16BE(0xc00c, 0); // pointer to the question name
	header.writeUInt16BE(type, 2);
	header.writeUInt16BE(1, 4);
	header.writeUInt32BE(60, 6);
	header.writeUInt16BE(data.length, 10);
	return Buffer.concat([header, data]);
}

function txt(text: string): Buffer {
	const bytes = Buffer.from(text, 'utf8');
	return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function answersFor(name: string, type: number): {rcode: number; answers: Buffer[]} | undefined {
	switch (name) {
		case 'ok.test': {
			if (type === typeAaaa) return {rcode: 0, answers: [record(typeAaaa, Buffer.from([0x20, 0x01, 0x0d, 0xb8, ...Array.from({length: 11}, () => 0), 1]))]};
			return {rcode: 0, answers: type === typeA ? [record(typeA, Buffer.from([10, 0, 0, 1])), record(typeA, Buffer.from([10, 0, 0, 2]))] : []};
		}

		// `bücher.test` as every resolver sends it (IDNA): UTF-8 bytes on the wire are a name no zone holds.
		case 'xn--bcher-kva.test': {
			return {rcode: 0, answers: type === typeA ? [record(typeA, Buffer.from([10, 0, 0, 3]))] : []};
		}

		case 'mx.test': {
			const data = Buffer.concat([Buffer.from([0, 10]), encodeName('mail.example.test')]);
			return {rcode: 0, answers: type === typeMx ? [record(typeMx, data)] : []};
		}

		case 'txt.test': {
			return {rcode: 0, answers: type === typeTxt ? [record(typeTxt, txt('v=spf1 -all'))] : []};
		}

		case 'dangling.test': {
			// A CNAME to a name with no records, and nothing else: what a record left behind by a removed service answers.
			return {rcode: 0, answers: [record(typeCname, encodeName('gone.test'))]};
		}

		case 'many.test': {
			// 60 TXT records of 100 characters each, 6 KB: a big SPF or verification set.
			const records = Array.from({length: 60}, (_, index) => record(typeTxt, txt(`record ${String(index + 1).padStart(2, '0')} ${'x'.repeat(90)}`)));
			return {rcode: 0, answers: type === typeTxt ? records : []};
		}

		case 'evil.test': {
			return {rcode: 0, answers: type === typeTxt ? [record(typeTxt, txt('\u001B]52;c;cHduZWQ=\u0007\u001B[2J'))] : []};
		}

		case 'missing.test': {
			return {rcode: 3, answers: []};
		}

		case 'broken.test': {
			return {rcode: 2, answers: []};
		}

		case 'refused.test': {
			return {rcode: 5, answers: []};
		}

		case 'silent.test': {
			return undefined;
		}

		default: {
			return {rcode: 0, answers: []};
		}
	}
}

export async function startDnsServer(): Promise<DnsServer> {
	const socket = dgram.createSocket('udp4');
	const queries: string[] = [];
	socket.on('message', (message, remote) => {
		const {name, end} = readName(message, 12);
		const type = message.readUInt16BE(end);
		queries.push(`${name}/${type}`);
		if (name === 'garbage.test') {
			// The query's id, then bytes that are no DNS message, escape sequences among them.
			socket.send(Buffer.concat([message.subarray(0, 2), Buffer.from('\u001B[2J not dns')]), remote.port, remote.address);
			return;
		}

		const reply = answersFor(name, type);
		if (!reply) {
			return;
		}

		const header = Buffer.alloc(12);
		message.copy(header, 0, 0, 2); // id
		const truncated = name === 'truncated.test' ? 0x0200 : 0;
		header.writeUInt16BE(0x8400 | truncated | (message.readUInt16BE(2) & 0x0100) | reply.rcode, 2); // QR, AA, TC, RD echoed
		header.writeUInt16BE(1, 4);
		header.writeUInt16BE(reply.answers.length, 6);
		const question = message.subarray(12, end + 4);
		socket.send(Buffer.concat([header, question, ...reply.answers]), remote.port, remote.address);
	});
	await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
	return {
		port: socket.address().port,
		queries,
		close: async () => new Promise<void>(resolve => socket.close(() => resolve())),
	};
}
