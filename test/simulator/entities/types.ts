import type { ApiUser } from '../auth/apiUsers';
import type { SimClock } from '../clock';

/** A record as the store holds it: every field of the entity, id first. */
export type StoredRecord = Record<string, unknown> & { id: number };

/**
 * What entity definitions may do with the store (the store implements it). Declared here, not
 * imported from the store, because the store is built from these definitions.
 */
export interface EntityStore {
	readonly clock: SimClock;
	/** Live record; never hand it out of the simulator. */
	getRecord(entityName: string, id: number): StoredRecord | undefined;
	findFirst(entityName: string, predicate: (record: StoredRecord) => boolean): StoredRecord | undefined;
	/** A system-side change that bypasses the audit fields. */
	touch(entityName: string, id: number, values: Record<string, unknown>, by: number): void;
}

export type DataType = 'string' | 'integer' | 'long' | 'short' | 'decimal' | 'double' | 'datetime' | 'boolean';

/** Key order matches the wire (`entityInformation/fields` picklistValues). */
export interface PicklistValue {
	value: string;
	label: string;
	isDefaultValue: boolean;
	sortOrder: number;
	parentValue: string;
	isActive: boolean;
	isSystem: boolean;
}

export interface FieldDef {
	name: string;
	dataType: DataType;
	length: number;
	isRequired: boolean;
	isReadOnly: boolean;
	isQueryable: boolean;
	/** Singular entity name such as "Company"; "" when the field is not a reference. */
	referenceEntityType: string;
	picklistValues: PicklistValue[] | null;
	/** Name of the field whose value filters this picklist (Tickets.subIssueType: "IssueType"). */
	picklistParentValueField: string;
	isSupportedWebhookField: boolean;
	/** Accepted on writes, never stored or returned (ClientPortalUsers.password). */
	isWriteOnly: boolean;
}

/** A user-defined field definition; key order matches `entityInformation/userDefinedFields`. */
export interface UdfDef {
	name: string;
	label: string;
	type: 'string' | 'integer' | 'decimal' | 'datetime';
	length: number;
	description: string | null;
	isRequired: boolean;
	isReadOnly: boolean;
	isQueryable: boolean;
	isReference: boolean;
	referenceEntityType: string | null;
	isPickList: boolean;
	picklistValues: PicklistValue[] | null;
	picklistParentValueField: string | null;
	defaultValue: string;
	isSupportedWebhookField: boolean;
	/**
	 * A "Multi Select List" UDF (guess: marked by this flag, sent only when true; its value is the
	 * chosen picklist values joined with commas). See README, "Multi-select UDFs".
	 */
	isMultiSelect?: true;
}

/** Child entities are written through their parent: POST /Companies/{id}/Contacts. */
export interface ParentLink {
	entity: string;
	/** The URL segment after the parent id ("Notes" for TicketNotes). */
	segment: string;
	/** The child's field holding the parent id. */
	field: string;
}

/** Fields the simulator maintains itself on every create/update, like Autotask does. */
export interface AuditFields {
	createdAt?: string[];
	modifiedAt?: string[];
	createdBy?: string[];
	modifiedBy?: string[];
	/** Set to the API user's own resource when it writes while impersonating someone else. */
	impersonatorOnCreate?: string;
	impersonatorOnUpdate?: string;
}

export interface WriteContext {
	operation: 'create' | 'update';
	store: EntityStore;
	user: ApiUser;
	/** The record as it stood before this write (update only). */
	current?: StoredRecord;
	/** The record as it will be after this write. */
	merged: Record<string, unknown>;
	/** Write-only values from the body (e.g. password), by canonical field name. */
	writeOnly: Record<string, unknown>;
}

/** An entity-specific business rule; returns the error messages it finds. */
export type WriteRule = (context: WriteContext) => string[];

export interface SynthesisContext {
	store: EntityStore;
	/** Picks an existing record id of an entity, spreading records across parents. */
	pickId(entity: string, index: number): number;
	/** Creates a new synthetic record of another entity and returns its id. */
	createRelated(entity: string, index: number): number;
}

export interface EntityDef {
	/** The name used in URLs and in entityInformation: "Companies". */
	name: string;
	/** The name used in referenceEntityType: "Company". */
	singular: string;
	fields: FieldDef[];
	/** Ids are allocated upwards from here; entities use different ranges, as in a real tenant. */
	firstId: number;
	/** Write operations and where they live: under `parent` when set, else at the root. */
	writes: { create: boolean; update: boolean; delete: boolean };
	parent?: ParentLink;
	hasUserDefinedFields: boolean;
	supportsWebhookCallouts: boolean;
	audit: AuditFields;
	/** Values a new record gets when the writer does not set them. */
	defaults?: Record<string, unknown>;
	/** Server-generated values such as ticket numbers. */
	generate?: (id: number, now: Date) => Record<string, unknown>;
	/** Who may update (Resources: only Resource administrators). */
	canUpdate?: (user: ApiUser) => boolean;
	rules?: WriteRule[];
	/** Reasons a delete is refused. */
	deleteBlockers?: (store: EntityStore, id: number) => string[];
	/** Side effects on other records, e.g. a new ticket note moves the ticket's lastActivityDate. */
	afterWrite?: (store: EntityStore, record: StoredRecord, actorResourceId: number) => void;
	/**
	 * A field only a GET through the parent returns (attachments' `data`, the file as base64):
	 * left out of query results and of the GET at the root; the GET through the parent answers
	 * `{"items":[record]}`.
	 */
	bytesField?: string;
	/** Builds a valid record for bulk seeding. */
	synthesize: (index: number, context: SynthesisContext) => Record<string, unknown>;
}
