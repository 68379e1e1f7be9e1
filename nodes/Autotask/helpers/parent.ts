import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { EntityCatalogEntry } from '../../common/catalog';
import { FieldIndex } from '../../common/fields';
import type { FieldLike } from '../../common/fields';
import { findByValues, matchKey } from '../../common/lookup';
import type { AutotaskClient, AutotaskRecord } from '../../transport';
import type { EntityMetadata } from './metadata';
import { idOf, parentIdField, recordIdOf } from './entity';

/**
 * Child entities (Contacts under a company, TicketNotes under a ticket, Tasks under a project) are
 * written through their parent, so their create, update and delete need the parent's id.
 */

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

/** An item's field values split into the parent id field (named in any case) and the others. */
export interface SplitValues {
	/** The value given for the parent id field; undefined when it is not among the values. */
	parentValue: unknown;
	/** The values without the parent id field (the same object when it is not among them). */
	others: IDataObject;
}

/** Takes the parent id field of a child entity out of an item's values, leaving them untouched. */
export function splitParentValue(values: IDataObject, parentField: FieldLike | undefined): SplitValues {
	const index = parentField ? new FieldIndex([parentField]) : undefined;
	const key = index ? Object.keys(values).find((name) => index.resolve(name) !== undefined) : undefined;
	if (key === undefined) return { parentValue: undefined, others: values };
	const { [key]: parentValue, ...others } = values;
	return { parentValue, others };
}

/**
 * The parent id of a child entity's write, from (in order) the Parent ID parameter, the parent id
 * field's value among the item's values (see `splitParentValue`), or, for an existing record, the
 * record itself. Undefined for entities that are not written through a parent.
 */
export async function resolveParentId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	entry: EntityCatalogEntry,
	metadata: EntityMetadata,
	given: { fromValues?: unknown; recordId?: number; read?: ExistingRecordReader },
): Promise<number | undefined> {
	if (!entry.parent) return undefined;
	const field = parentIdField(entry, metadata.fields);
	const fieldName = field?.name ?? `${entry.parent.entity} ID`;

	const fromParameter = parentParameter(ctx, itemIndex);
	if (fromParameter !== '') return idOf(ctx, itemIndex, fromParameter, 'Parent ID');
	const { fromValues } = given;
	if (fromValues !== undefined && fromValues !== null && fromValues !== '') {
		return idOf(ctx, itemIndex, fromValues, fieldName);
	}
	if (given.recordId !== undefined && given.read && field) {
		const record = await given.read(entry, given.recordId);
		if (!record) {
			throw new NodeOperationError(ctx.getNode(), `${entry.name} ${given.recordId} was not found`, {
				itemIndex,
				description: `Autotask has no ${entry.name} record with id ${given.recordId}, or the API user may not see it.`,
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
