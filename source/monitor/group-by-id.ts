/** `items` by id, each id's in their order: found once, not filtered out for each check. */
export function groupById<T extends {readonly id: string}>(items: readonly T[]): Map<string, T[]> {
	const byId = new Map<string, T[]>();
	for (const item of items) {
		const group = byId.get(item.id);
		if (group === undefined) byId.set(item.id, [item]);
		else group.push(item);
	}

	return byId;
}
