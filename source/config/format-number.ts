/** Up to six significant digits, no exponent for everyday values: 0.95, 1234.57, 0. */
export function formatNumber(value: number): string {
	return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}
