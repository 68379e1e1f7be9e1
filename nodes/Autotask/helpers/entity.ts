import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findEntity, ENTITY_CATALOG } from '../../common/catalog';
import type { EntityCatalogEntry, EntityOperation } from '../../common/catalog';
import type { FieldLike } from '../../common/fields';
import { requiredId } from '../../common/ids';
import type { EntityPath } from '../../transport/types';

/** The node's operations, and the catalog operation each one needs (describe needs none). */
export type AutotaskOperation = 'create' | 'get' | 'getMany' | 'update' | 'delete' | 'count' | 'describe';

export const REQUIRED_API_OPERATION: Record<AutotaskOperation, EntityOperation | undefined> = {
	create: 'create',
	get: 'get',
	getMany: 'query',
	update: 'update',
	delete: 'delete',
	count: 'count',
	describe: undefined,
};

const REFUSAL_VERB: Record<EntityOperation, string> = {
	query: 'queried',
	get: 'read by ID',
	count: 'counted',
	create: 'created',
	update: 'updated',
	delete: 'deleted',
};

/** The catalog entries an operation can work on, for the entity dropdown. */
export function entitiesFor(operation: AutotaskOperation): EntityCatalogEntry[] {
	const needed = REQUIRED_API_OPERATION[operation];
	return needed ? ENTITY_CATALOG.filter((entry) => entry.ops[needed]) : [...ENTITY_CATALOG];
}

/** What the API allows on an entity, as words: "query, get, count, create, update". */
export function allowedOperations(entry: EntityCatalogEntry): string {
	const allowed = (Object.keys(entry.ops) as EntityOperation[]).filter((op) => entry.ops[op]);
	return allowed.length ? allowed.join(', ') : 'nothing';
}

function entityParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('entity', itemIndex, '') as unknown;
	const value = raw && typeof raw === 'object' ? (raw as IDataObject).value : raw;
	return String(value ?? '').trim();
}

function near(name: string): string[] {
	const lower = name.toLowerCase().replace(/s$/, '');
	if (lower.length < 3) return [];
	return ENTITY_CATALOG.filter((entry) => entry.name.toLowerCase().includes(lower))
		.slice(0, 5)
		.map((entry) => entry.name);
}

/**
 * The entity of one item, checked against the catalog and the operation. The entity can arrive
 * through an expression (or from an AI agent), so an operation the API does not allow on it is
 * refused here, before any request, with a message that says so.
 */
export function resolveEntity(ctx: IExecuteFunctions, itemIndex: number, operation: AutotaskOperation): EntityCatalogEntry {
	const name = entityParameter(ctx, itemIndex);
	if (!name) throw new NodeOperationError(ctx.getNode(), 'No entity chosen', { itemIndex });
	const entry = findEntity(name);
	if (!entry) {
		const suggestions = near(name);
		throw new NodeOperationError(ctx.getNode(), `"${name}" is not an Autotask REST entity`, {
			itemIndex,
			description: suggestions.length
				? `Did you mean ${suggestions.join(', ')}? Entity names are plural REST names such as Companies or TicketNotes.`
				: 'Entity names are plural REST names such as Companies, Contacts, Tickets or TicketNotes.',
		});
	}
	const needed = REQUIRED_API_OPERATION[operation];
	if (needed && !entry.ops[needed]) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${entry.name} cannot be ${REFUSAL_VERB[needed]} through the Autotask API`,
			{ itemIndex, description: `The API allows on ${entry.name}: ${allowedOperations(entry)}.` },
		);
	}
	return entry;
}

/**
 * An id of the generic node (Record ID, Parent ID, a parent id field). An expression that resolved
 * to nothing is quoted as "" here (the other nodes quote "null").
 */
export function idOf(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): number {
	return requiredId(ctx.getNode(), value, label, itemIndex, String(value ?? '').trim());
}

/** The item's Record ID. */
export function recordIdOf(ctx: IExecuteFunctions, itemIndex: number): number {
	return idOf(ctx, itemIndex, ctx.getNodeParameter('recordId', itemIndex), 'Record ID');
}

/**
 * The child's field that holds its parent's id (Contacts.companyID, TicketNotes.ticketID,
 * Tasks.projectID): the reference to the parent's entity type, else `<Parent>ID` by name.
 */
export function parentIdField(entry: EntityCatalogEntry, fields: readonly FieldLike[]): FieldLike | undefined {
	if (!entry.parent) return undefined;
	const parentSingular = (findEntity(entry.parent.entity)?.displayName ?? entry.parent.entity).replace(/[^A-Za-z0-9]/g, '');
	const wanted = parentSingular.toLowerCase();
	return (
		fields.find((field) => field.isReference && (field.referenceEntityType ?? '').toLowerCase() === wanted) ??
		fields.find((field) => field.name.toLowerCase() === `${wanted}id`)
	);
}

/** Where a write goes: the entity itself, or `{Parent}/{parentId}/{Segment}` for a child entity. */
export function entityPath(entry: EntityCatalogEntry, parentId?: number): EntityPath {
	if (!entry.parent || parentId === undefined) return { entity: entry.name };
	return {
		entity: entry.name,
		parent: { entity: entry.parent.parentPath ?? entry.parent.entity, id: parentId, segment: entry.parent.segment },
	};
}
