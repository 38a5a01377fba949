/**
 * A decimal number written out (`1.10`, `-2.0`, `.5`, `1e3`), as YAML, JSON and Prometheus write one: not
 * `0x10`, `.inf`, `''` or `' '`, which Number() would also read.
 */
const decimal = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export const isDecimalText = (text: string): boolean => decimal.test(text);
