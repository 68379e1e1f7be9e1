import { NodeOperationError, UserError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { EntityCatalogEntry } from '../../common/catalog';
import { FieldIndex } from '../../common/fields';
import { findByValues, matchKey } from '../../common/lookup';
import type { AutotaskClient, AutotaskRecord } from '../../transport';
import type { EntityMetadata } from './metadata';
import type { AutotaskOperation } from './entity';
import { idOf, parentIdField, recordIdOf, resolveEntity } from './entity';
import { itemWriteBody } from '../../common/writeBody';
import type { ValueSource, WriteMode } from '../../common/writeBody';

/**
 * The one entity a write run works on. Every item names its entity (it can be an expression), but
 * the written records are re-read together, so one run writes one entity. Items whose entity is
 * invalid are left to fail on their own (continue-on-fail keeps the others going).
 */
export function batchEntity(ctx: IExecuteFunctions, operation: AutotaskOperation): EntityCatalogEntry | undefined {
	const found = new Map<string, EntityCatalogEntry>();
	ctx.getInputData().forEach((_, itemIndex) => {
		try {
			const entry = resolveEntity(ctx, itemIndex, operation);
			found.set(entry.name, entry);
		} catch {
			// Reported by that item's own prepare step.
		}
	});
	if (found.size > 1) {
		throw new NodeOperationError(ctx.getNode(), `One run can write one entity; these items name ${[...found.keys()].join(', ')}`, {
			description: 'Split the items by entity (for example with a Switch node) and use one Autotask node per entity.',
		});
	}
	return found.values().next().value;
}

/** The item's entity, which must be the run's entity (see `batchEntity`). */
export function itemEntity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: AutotaskOperation,
	batch: EntityCatalogEntry | undefined,
): EntityCatalogEntry {
	const entry = resolveEntity(ctx, itemIndex, operation);
	if (batch && entry.name !== batch.name) {
		throw new NodeOperationError(ctx.getNode(), `This item names ${entry.name}, but this run writes ${batch.name}`, {
			itemIndex,
		});
	}
	return entry;
}

/** What the generic node's create and update tell the write-body rules about one item. */
export interface WriteBodyOptions {
	mode: WriteMode;
	entity: string;
	source: ValueSource;
	/** Fields set elsewhere (the parent id field of a child entity, filled from the URL). */
	providedElsewhere?: string[];
	/** The record an update changes, named when it would change nothing. */
	recordId?: number;
}

/** The item's write body under the generic node's rules (the defaults of `common/writeBody.ts`). */
export function validatedBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	values: IDataObject,
	metadata: EntityMetadata,
	{ recordId, ...rules }: WriteBodyOptions,
): IDataObject {
	return itemWriteBody(ctx.getNode(), itemIndex, values, metadata.fields, metadata.udfs, {
		...rules,
		messages: {
			nothingToUpdate: (entity) => new UserError(`Nothing to update on ${entity} ${String(recordId)}: no field values given`),
		},
	});
}

function parentParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	return String(ctx.getNodeParameter('parentId', itemIndex, '') ?? '').trim();
}

/** Reads an existing record of the run's entity by id; undefined when Autotask has none. */
export type ExistingRecordReader = (entry: EntityCatalogEntry, recordId: number) => Promise<AutotaskRecord | undefined>;

/**
 * Reads the records a run updates or deletes when their parent id must come from the record: on
 * the first item that needs one, the records of all items without a Parent ID are read together
 * (one `id in [...]` query per 500 records instead of one GET per item).
 */
export function existingRecordReader(ctx: IExecuteFunctions, client: AutotaskClient): ExistingRecordReader {
	const readByEntity = new Map<string, Promise<Map<string, AutotaskRecord[]>>>();
	const readAll = async (entity: string) => {
		const ids = ctx.getInputData().flatMap((_, itemIndex) => {
			if (parentParameter(ctx, itemIndex) !== '') return [];
			try {
				return [recordIdOf(ctx, itemIndex)];
			} catch {
				// That item fails on its own, in its prepare step.
				return [];
			}
		});
		return await findByValues(client, entity, 'id', ids);
	};
	return async (entry, recordId) => {
		let records = readByEntity.get(entry.name);
		if (!records) {
			records = readAll(entry.name);
			readByEntity.set(entry.name, records);
		}
		return (await records).get(matchKey(recordId))?.[0];
	};
}

/**
 * The parent id of a child entity's write, from (in order) the Parent ID parameter, the parent id
 * field among the values (removed from them: the caller puts the resolved id back where the write
 * needs it), or, for an existing
 * record, the record itself. Undefined for entities that are not written through a parent.
 */
export async function resolveParentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: EntityCatalogEntry,
	metadata: EntityMetadata,
	existing: { recordId?: number; values?: IDataObject; read?: ExistingRecordReader },
): Promise<number | undefined> {
	if (!entry.parent) return undefined;
	const field = parentIdField(entry, metadata.fields);
	const fieldName = field?.name ?? `${entry.parent.entity} ID`;

	const fromParameter = parentParameter(ctx, itemIndex);
	const valueKey = field && existing.values
		? Object.keys(existing.values).find((key) => new FieldIndex([field]).resolve(key) !== undefined)
		: undefined;
	const fromValues = valueKey !== undefined ? existing.values?.[valueKey] : undefined;
	if (valueKey !== undefined && existing.values) delete existing.values[valueKey];

	if (fromParameter !== '') return idOf(ctx, itemIndex, fromParameter, 'Parent ID');
	if (fromValues !== undefined && fromValues !== null && fromValues !== '') {
		return idOf(ctx, itemIndex, fromValues, fieldName);
	}
	if (existing.recordId !== undefined && existing.read && field) {
		const record = await existing.read(entry, existing.recordId);
		if (!record) {
			throw new NodeOperationError(ctx.getNode(), `${entry.name} ${existing.recordId} was not found`, {
				itemIndex,
				description: `Autotask has no ${entry.name} record with id ${existing.recordId}, or the API user may not see it.`,
			});
		}
		const parentId = record[field.name];
		if (parentId !== undefined && parentId !== null) return idOf(ctx, itemIndex, parentId, fieldName);
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`${entry.name} are written through their parent ${entry.parent.entity} record: set Parent ID`,
		{
			itemIndex,
			description: `Give the ${fieldName} of the parent in "Parent ID" (or as ${fieldName} among the fields). The API path is ${entry.parent.entity}/{id}/${entry.parent.segment}.`,
		},
	);
}
