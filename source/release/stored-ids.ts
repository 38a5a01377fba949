import {rowOwner} from '../monitor/row-owner.js';
import {checksByHash, hashedId, isHashedId, namesSecret, realIdOf} from './hashed-ids.js';
import {openHistoryKey} from './history-key.js';
import type {Secret} from '../config/types.js';

export type StoredIdsOptions = {
	/** The key file (history-key.ts); made on the first id that needs it. */
	readonly keyFile: string;
	/** Config secrets (every check's `secrets`). */
	readonly secrets: readonly Secret[];
	/** Every configured check's id: a row id is hashed as its check's. */
	readonly checkIds: readonly string[];
	/** Called once when the key can be neither read nor made: such checks' records are then not kept. */
	readonly onKeyError?: (error: Error) => void;
};

/**
 * The id each record is written under (hashed-ids.ts), for a writer: the id itself, a hashed one when the name
 * holds a secret, or none (the record is not kept) when that cannot be done safely: a row no configured check
 * owns, a series label that holds a secret itself, or no key.
 */
export class StoredIds {
	private secrets: readonly Secret[];
	private checkIds: ReadonlyMap<string, {id: string}>;
	/** The answer per id, for the config of now: every result asks, and it changes only with the config. */
	private readonly cache = new Map<string, string | undefined>();
	private key: Buffer | Error | undefined;
	private byHash: Map<string, string> | undefined;
	private readonly options: StoredIdsOptions;

	constructor(options: StoredIdsOptions) {
		this.options = options;
		this.secrets = options.secrets;
		this.checkIds = new Map(options.checkIds.map(id => [id, {id}] as const));
	}

	setConfig(secrets: readonly Secret[], checkIds: readonly string[] | undefined): void {
		this.secrets = secrets;
		if (checkIds !== undefined) this.checkIds = new Map(checkIds.map(id => [id, {id}] as const));
		this.cache.clear();
		this.byHash = undefined;
	}

	/** The id to write `id` under; undefined when its record is not kept. */
	stored(id: string): string | undefined {
		if (this.cache.has(id)) return this.cache.get(id);
		const stored = this.compute(id);
		// Series come and go (pod names): start over rather than keep every id ever seen.
		if (this.cache.size >= 10_000) this.cache.clear();
		this.cache.set(id, stored);
		return stored;
	}

	/** A stored id as the configured check's id it was written for (a marker from `uptop mark --check`). */
	real(storedId: string): string {
		if (!isHashedId(storedId)) return storedId;
		const key = this.openKey();
		if (key === undefined) return storedId;
		this.byHash ??= checksByHash(key, this.checkIds.keys());
		return realIdOf(storedId, this.byHash);
	}

	private compute(id: string): string | undefined {
		if (!namesSecret(id, this.secrets)) return id;
		const owner = rowOwner(id, this.checkIds);
		if (owner === undefined || (owner.series !== undefined && namesSecret(owner.series, this.secrets))) return undefined;
		const key = this.openKey();
		if (key === undefined) return undefined;
		return `${hashedId(key, owner.check.id)}${owner.series === undefined ? '' : `/${owner.series}`}`;
	}

	private openKey(): Buffer | undefined {
		if (this.key === undefined) {
			try {
				this.key = openHistoryKey(this.options.keyFile);
			} catch (error) {
				this.key = error instanceof Error ? error : new Error(String(error));
				this.options.onKeyError?.(this.key);
			}
		}

		return this.key instanceof Error ? undefined : this.key;
	}
}
