export const sectionNames = ['latency', 'scale', 'screen', 'memory'] as const;
export type SectionName = (typeof sectionNames)[number];

export type Options = {
	readonly json: boolean;
	readonly quick: boolean;
	readonly only: ReadonlySet<SectionName>;
};

/** `--json`, `--quick`, `--only a,b`; anything else is a usage error (the harness's, so exit 2). */
export function parseOptions(argv: readonly string[]): Options {
	let json = false;
	let quick = false;
	let only = new Set<SectionName>(sectionNames);
	for (let i = 0; i < argv.length; i++) {
		const argument = argv[i]!;
		if (argument === '--json') json = true;
		else if (argument === '--quick') quick = true;
		else if (argument === '--only' || argument.startsWith('--only=')) {
			const value = argument.startsWith('--only=') ? argument.slice('--only='.length) : argv[++i];
			if (value === undefined) throw new Error('--only needs a list, e.g. --only latency,memory');
			const names = value.split(',').map(name => name.trim()).filter(Boolean);
			const unknown = names.filter(name => !(sectionNames as readonly string[]).includes(name));
			if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; choose from ${sectionNames.join(', ')}`);
			only = new Set(names as SectionName[]);
		} else {
			throw new Error(`unknown option ${argument}; usage: npm run bench -- [--json] [--quick] [--only ${sectionNames.join(',')}]`);
		}
	}

	return {json, quick, only};
}
