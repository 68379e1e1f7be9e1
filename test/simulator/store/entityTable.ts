import type { EntityDef, StoredRecord } from '../entities/types';

/** User-defined field values of one record, by UDF name; stored as strings like on the wire. */
export type UdfValues = Record<string, string | null>;

/**
 * The records of one entity. Ids only ever grow, so `ids` stays sorted by appending, and a query
 * can resume after any id (the paging cursor) with a binary search instead of a table scan.
 */
export class EntityTable {
	readonly records = new Map<number, StoredRecord>();
	readonly ids: number[] = [];
	readonly udfValues = new Map<number, UdfValues>();
	/** Field names in wire order, id excluded (records put it first). */
	private readonly fieldNames: string[];
	private nextId: number;

	constructor(readonly entity: EntityDef) {
		this.nextId = entity.firstId;
		this.fieldNames = entity.fields.map((field) => field.name).filter((name) => name !== 'id');
	}

	/**
	 * A record with every field, id first, in wire order; `valueOf` supplies each value (null when
	 * unset). Built key by key: spreading a 45-key template makes V8 fall back to slow objects,
	 * which costs seconds over 100,000 records.
	 */
	blank(id: number, valueOf: (name: string) => unknown = () => null): StoredRecord {
		const record: StoredRecord = { id };
		for (const name of this.fieldNames) record[name] = valueOf(name) ?? null;
		return record;
	}

	allocateId(): number {
		return this.nextId++;
	}

	add(record: StoredRecord): void {
		this.records.set(record.id, record);
		this.ids.push(record.id);
	}

	remove(id: number): void {
		this.records.delete(id);
		this.udfValues.delete(id);
		const index = this.indexAfter(id - 1);
		if (this.ids[index] === id) this.ids.splice(index, 1);
	}

	/** The record at a position of `ids`; `ids` and `records` always hold the same ids. */
	recordAt(index: number): StoredRecord {
		return this.records.get(this.ids[index]) as StoredRecord;
	}

	/** Position of the first id greater than `id`. */
	indexAfter(id: number): number {
		let low = 0;
		let high = this.ids.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.ids[middle] <= id) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}
