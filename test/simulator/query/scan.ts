import type { StoredRecord } from '../entities/types';
import type { EntityTable } from '../store/entityTable';
import type { CompiledFilter } from './filter';

export interface Page {
	records: StoredRecord[];
	/** Whether at least one more matching record follows the page. */
	hasMore: boolean;
}

/**
 * One page of matching records in ascending id order, starting strictly after `afterId` (the
 * paging cursor). Records created or changed while a client pages behave as with Autotask's id
 * cursor: new ids appear on later pages, pages already read are not revisited.
 */
export function scanPage(table: EntityTable, filter: CompiledFilter, afterId: number, pageSize: number): Page {
	const records: StoredRecord[] = [];
	const { ids } = table;
	for (let index = table.indexAfter(Math.max(afterId, filter.minIdExclusive)); index < ids.length; index++) {
		const record = table.recordAt(index);
		if (!filter.test(record, table.udfValues.get(record.id))) continue;
		if (records.length === pageSize) return { records, hasMore: true };
		records.push(record);
	}
	return { records, hasMore: false };
}

export function countMatches(table: EntityTable, filter: CompiledFilter): number {
	let count = 0;
	const { ids } = table;
	for (let index = table.indexAfter(filter.minIdExclusive); index < ids.length; index++) {
		const record = table.recordAt(index);
		if (filter.test(record, table.udfValues.get(record.id))) count++;
	}
	return count;
}
