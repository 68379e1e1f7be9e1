import { lowerCaseKeys } from '../caseInsensitive';
import { findField } from '../entities/catalog';
import type { EntityDef, FieldDef } from '../entities/types';
import { autotaskError, messages } from '../errors';
import type { Store } from '../store/store';
import { compileFilter, type CompiledFilter } from './filter';

export const MAX_PAGE_SIZE = 500;

export interface QueryModel {
	filter: CompiledFilter;
	maxRecords: number;
	/** Only these fields (plus id) are returned; undefined returns every field. */
	includeFields?: FieldDef[];
}

/**
 * Reads a QueryModel (`{MaxRecords, IncludeFields, Filter}`, names case-insensitive) from a parsed
 * search parameter or POST body. MaxRecords must be 1-500 and defaults to 500.
 */
export function parseQueryModel(entity: EntityDef, store: Store, raw: unknown): QueryModel {
	const model = lowerCaseKeys(raw);
	const filter = compileFilter(entity, store.udfDefinitions(entity), model.filter);
	let maxRecords = MAX_PAGE_SIZE;
	if (model.maxrecords !== undefined && model.maxrecords !== null) {
		maxRecords = Number(model.maxrecords);
		if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > MAX_PAGE_SIZE) throw autotaskError(messages.maxRecords);
	}
	return { filter, maxRecords, includeFields: readIncludeFields(entity, model.includefields) };
}

function readIncludeFields(entity: EntityDef, raw: unknown): FieldDef[] | undefined {
	if (!Array.isArray(raw) || raw.length === 0) return undefined;
	return raw.map((name) => {
		const field = findField(entity, String(name));
		if (!field) throw autotaskError(messages.unknownField(String(name), entity.name));
		return field;
	});
}
