import {formatBytes} from '../../config/format-bytes.js';

/**
 * Bytes of response headers the probe reads: Node's default, set here so that a `--max-http-header-size` given
 * to node does not move it, and so that a reason can say it.
 */
export const maxHeaderBytes = 16 * 1024;

/** Why an answer with more headers than maxHeaderBytes fails; curl takes up to 300 KB, so `by hand` may work. */
export const headersTooLargeMessage = `invalid HTTP response: headers over ${formatBytes(maxHeaderBytes)}, the most uptop reads (curl reads up to 300 KB)`;
