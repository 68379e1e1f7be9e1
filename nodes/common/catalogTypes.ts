/** The shape of the entity catalog, apart from its data (catalog.generated.ts) and its lookups (catalog.ts). */

/** The operations Autotask's REST API offers on an entity (2026 swagger). */
export interface EntityOperations {
	/** `POST /V1.0/{name}/query` (and `GET ...?search=`) at the root. */
	query: boolean;
	/** `GET /V1.0/{name}/{id}` at the root. */
	get: boolean;
	/** `POST /V1.0/{name}/query/count` at the root. */
	count: boolean;
	/** `POST` at the root, or under the parent when `parent` is set. */
	create: boolean;
	/** `PATCH`/`PUT` (body carries `id`) at the root, or under the parent when `parent` is set. */
	update: boolean;
	/** `DELETE .../{id}` at the root, or under the parent when `parent` is set. */
	delete: boolean;
}

/**
 * Where a child entity's writes go: `/V1.0/{parentPath ?? entity}/{parentId}/{segment}`.
 * Set when the entity has a create, update or delete under its parent (Autotask: "you must
 * perform all Create, Update, and Delete actions on the parent entity"), or is reachable only
 * through its parent. Queries still go to the root entity, filtered on the parent's id field.
 */
export interface EntityParent {
	/** REST name of the parent entity, e.g. `Companies` for Contacts. */
	entity: string;
	/** Path segment under the parent, e.g. `Notes` for TicketNotes. */
	segment: string;
	/** The parent's URL segment when it is not an entity name (`Expenses` for ExpenseItems). */
	parentPath?: string;
}

export interface EntityCatalogEntry {
	/** REST name, as in the URL: `Contacts`, `TicketNotes`. */
	name: string;
	/** Human, singular, spaced: `Contact`, `Ticket Note`. */
	displayName: string;
	ops: EntityOperations;
	parent?: EntityParent;
}

export type EntityOperation = keyof EntityOperations;
