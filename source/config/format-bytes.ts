/** "512 B", "1.5 KiB", "1 MiB": powers of 1024, as bodies, memory and disk metrics count. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) {
		// A body's size is whole; a rate of bytes a prometheus query reads need not be.
		return `${Number(bytes.toFixed(1))} B`;
	}

	const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${Number(value.toFixed(1))} ${units[unit]}`;
}
