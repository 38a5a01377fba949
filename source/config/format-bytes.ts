/** "512 B", "1.5 KiB", "1 MiB": powers of 1024, as bodies, memory and disk metrics count. */
export function formatBytes(bytes: number): string {
	// Rounded before the unit is chosen, so one amount has one spelling: 1023.99 B is "1 KiB", never "1024 B".
	const rounded = (value: number) => Number(value.toFixed(1));
	if (rounded(bytes) < 1024) {
		// A body's size is whole; a rate of bytes a prometheus query reads need not be.
		return `${rounded(bytes)} B`;
	}

	const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (rounded(value) >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${rounded(value)} ${units[unit]}`;
}
