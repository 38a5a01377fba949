import type {Dispatcher} from 'undici';
import type {Trace} from './connector.js';
import type {Phase} from './reason.js';

/** How much of a response body to read, decided once its status and headers are known. */
export type BodyPlan =
	| {readonly mode: 'full'; readonly maxBytes: number}
	| {readonly mode: 'peek'; readonly bytes: number}
	| {readonly mode: 'skip'};

export type HopRequest = {
	readonly url: URL;
	readonly method: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: string;
};

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type HopResponse = {
	readonly kind: 'response';
	readonly status: number;
	readonly statusText: string;
	readonly headers: ResponseHeaders;
	/** The bytes kept (at most the plan's limit). */
	readonly body: Buffer;
	/** Bytes of body received, kept or not. */
	readonly bodyBytes: number;
	/** complete: read to the end; too_large: passed maxBytes; peeked/skipped: stopped early on purpose. */
	readonly end: 'complete' | 'too_large' | 'peeked' | 'skipped';
	readonly requestAt?: number;
	readonly firstByteAt?: number;
	readonly headersAt: number;
	readonly endAt: number;
};

export type HopFailure = {
	readonly kind: 'error';
	readonly error: unknown;
	readonly phase: Phase;
	readonly bodyBytes: number;
	/** The last status below 200 seen before the failure (undici trips over some of them: see interimReason). */
	readonly interimStatus?: number;
	readonly status?: number;
	readonly headers?: ResponseHeaders;
};

export type HopAborted = {readonly kind: 'aborted'; readonly phase: Phase; readonly bodyBytes: number; readonly status?: number};

export type HopResult = HopResponse | HopFailure | HopAborted;

class StopReading extends Error {
	override readonly name = 'StopReading';
}

/**
 * undici adds up Content-Length's bytes as digits, whitespace after them too (`2 ` reads as 4), and then calls a
 * body of exactly the declared length a mismatch. A body as long as the header's number says is whole, as it is to
 * curl: the header's value may end in whitespace (RFC 9110 §5.5).
 */
function isWholeBody(error: unknown, headers: ResponseHeaders, received: number): boolean {
	if ((error as {code?: unknown} | undefined)?.code !== 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
		return false;
	}

	const declared = headers['content-length'];
	const digits = typeof declared === 'string' ? declared.trim() : undefined;
	return digits !== undefined && /^\d+$/.test(digits) && Number(digits) === received;
}

/**
 * One request/response over `dispatcher`, through undici's handler interface so that the status text,
 * the first byte and every body chunk are seen as they arrive. Never rejects. The deadline in
 * `trace.signal` settles it at once (even while a connection is still being made) and aborts the
 * request, which makes undici destroy its socket.
 */
export async function exchange(dispatcher: Pick<Dispatcher, 'dispatch'>, request: HopRequest, trace: Trace, plan: (status: number, headers: ResponseHeaders) => BodyPlan): Promise<HopResult> {
	const {signal} = trace;
	return new Promise<HopResult>(resolve => {
		let settled = false;
		let controller: Dispatcher.DispatchController | undefined;
		const chunks: Buffer[] = [];
		let kept = 0;
		let received = 0;
		let status = 0;
		let interimStatus: number | undefined;
		let statusText = '';
		let headers: ResponseHeaders = {};
		let requestAt: number | undefined;
		let firstByteAt: number | undefined;
		let headersAt = 0;
		let bodyPlan: BodyPlan = {mode: 'skip'};

		const settle = (value: HopResult): void => {
			if (settled) {
				return;
			}

			settled = true;
			signal.removeEventListener('abort', onAbort);
			resolve(value);
		};

		const response = (end: HopResponse['end']): HopResponse => ({
			kind: 'response',
			status,
			statusText,
			headers,
			body: Buffer.concat(chunks, kept),
			bodyBytes: received,
			end,
			requestAt,
			firstByteAt,
			headersAt,
			endAt: performance.now(),
		});

		const stop = (end: HopResponse['end']): void => {
			settle(response(end));
			controller?.abort(new StopReading('stopped reading'));
		};

		function onAbort(): void {
			settle({kind: 'aborted', phase: trace.phase, bodyBytes: received, ...(status ? {status} : {})});
			const reason = signal.reason instanceof Error ? signal.reason : new Error('aborted');
			// Before the request is written undici has no controller for it: a connection still being made is
			// closed here, or a kept-alive agent would hold it until its own connect timeout.
			trace.connecting?.destroy(reason);
			controller?.abort(reason);
		}

		const keep = (chunk: Buffer, limit: number): void => {
			const room = limit - kept;
			if (room > 0) {
				const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
				chunks.push(Buffer.from(part));
				kept += part.length;
			}
		};

		const handler: Dispatcher.DispatchHandler = {
			onRequestStart(requestController) {
				controller = requestController;
				if (settled) {
					requestController.abort(new StopReading('already settled'));
					return;
				}

				requestAt = performance.now();
				trace.phase = 'headers';
			},
			onResponseStarted() {
				firstByteAt ??= performance.now();
			},
			onResponseStart(_controller, statusCode, responseHeaders, text) {
				if (statusCode < 200) {
					interimStatus = statusCode;
				}

				if (statusCode < 200 || settled) {
					return;
				}

				status = statusCode;
				statusText = text ?? '';
				headers = responseHeaders as ResponseHeaders;
				headersAt = performance.now();
				firstByteAt ??= headersAt;
				trace.phase = 'body';
				bodyPlan = plan(statusCode, headers);
				if (bodyPlan.mode === 'skip') {
					stop('skipped');
				}
			},
			onResponseData(_controller, chunk) {
				if (settled) {
					return;
				}

				received += chunk.length;
				if (bodyPlan.mode === 'full') {
					keep(chunk, bodyPlan.maxBytes);
					if (received > bodyPlan.maxBytes) {
						stop('too_large');
					}
				} else if (bodyPlan.mode === 'peek') {
					keep(chunk, bodyPlan.bytes);
					if (kept >= bodyPlan.bytes) {
						stop('peeked');
					}
				}
			},
			onResponseEnd() {
				settle(response('complete'));
			},
			onResponseError(_controller, error) {
				if (status !== 0 && isWholeBody(error, headers, received)) {
					settle(response('complete'));
					return;
				}

				settle({kind: 'error', error, phase: trace.phase, bodyBytes: received, ...(interimStatus === undefined ? {} : {interimStatus}), ...(status ? {status, headers} : {})});
			},
		};

		if (signal.aborted) {
			onAbort();
			return;
		}

		signal.addEventListener('abort', onAbort, {once: true});
		try {
			dispatcher.dispatch({
				origin: request.url.origin,
				path: `${request.url.pathname}${request.url.search}`,
				method: request.method,
				headers: request.headers,
				body: request.body ?? null,
			}, handler);
		} catch (error) {
			settle({kind: 'error', error, phase: trace.phase, bodyBytes: 0});
		}
	});
}

/**
 * A request that failed before a byte of answer came back, on a connection an earlier request had opened
 * (the connector did not run for it). Whatever its method, it may be sent again: a server that closes an idle
 * connection (uvicorn and Node after 5 s, gunicorn after 2) can do so just as the next request reaches it, and
 * then it usually never read that request. curl sends any request again in that case; a POST failed here was a
 * false failure of a check whose interval is about the server's idle timeout. A server that did read it before
 * resetting gets it twice: a check's request is repeated every interval anyway (docs/config.md, `keepAlive`).
 */
export function diedOnReuse(hop: Awaited<ReturnType<typeof exchange>>, trace: Trace): boolean {
	return hop.kind === 'error' && hop.status === undefined && hop.bodyBytes === 0 && trace.connectStartAt === undefined;
}
