import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** The credential type every node and the transport share. */
export const CREDENTIAL_TYPE = 'autotaskUserApi';

/** Any n8n context the transport can work in: it needs credentials, the node and the HTTP helpers. */
export type AutotaskContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| ITriggerFunctions
	| IWebhookFunctions;

/** The decrypted `autotaskUserApi` credential, with defaults applied. */
export interface AutotaskCredentials {
	userName: string;
	secret: string;
	integrationCode: string;
	/** 'auto', 'custom', or a known zone (its REST root URL, or a bare host such as `webservices5`). */
	zone: string;
	customBaseUrl: string;
	zoneLookupUrl: string;
	/** 0 = no impersonation. */
	impersonationResourceId: number;
}

/** An Autotask entity record as returned by the API; every record has a numeric id. */
export type AutotaskRecord = IDataObject & { id: number };

/** One Autotask query condition; `and`/`or` groups carry `items`. */
export interface AutotaskFilter {
	op: string;
	field?: string;
	value?: unknown;
	udf?: boolean;
	items?: AutotaskFilter[];
}

export interface QueryRequest {
	filter: AutotaskFilter[];
	/** Restrict the returned fields; `id` is always added. */
	includeFields?: string[];
	/** Maximum number of records; undefined means all of them. */
	limit?: number;
}

/**
 * Where a record is written. Child entities are created, updated and deleted through their parent,
 * e.g. `{ entity: 'Contacts', parent: { entity: 'Companies', id: 5, segment: 'Contacts' } }` for
 * `Companies/5/Contacts`, or `{ entity: 'TicketNotes', parent: { entity: 'Tickets', id: 9, segment: 'Notes' } }`.
 */
export interface EntityPath {
	entity: string;
	parent?: { entity: string; id: number; segment: string };
}

/**
 * How a request may be retried: `read` (GET, query, count), `write` (PATCH, PUT, DELETE: safe to
 * repeat) or `create` (POST that adds a record: repeated only when it provably never arrived).
 */
export type RequestKind = 'read' | 'write' | 'create';

export interface RequestOptions {
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	/** Relative to `<REST root>V1.0/`, or an absolute URL on the same host (e.g. a nextPageUrl). */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** The entity whose thread-limit bucket this request counts against. */
	entity: string;
	kind: RequestKind;
	/**
	 * A JSON body already encoded, sent instead of `body`: a file upload, built once as bytes
	 * rather than as a JSON string plus the bytes the HTTP client makes of it.
	 */
	jsonBytes?: Buffer;
	/**
	 * Reads a 2xx answer from its stream instead of it being read and parsed whole (a file download);
	 * any other answer is read whole and fails as usual.
	 */
	readBody?: (body: AsyncIterable<Buffer | string>) => Promise<unknown>;
}

/** `userAccessFor*` values; the API sends them as strings or as 0/1/2, the transport always as strings. */
export type UserAccess = 'None' | 'All' | 'Restricted' | string;

export interface EntityInfo {
	name: string;
	canCreate: boolean;
	canDelete: boolean;
	canQuery: boolean;
	canUpdate: boolean;
	userAccessForCreate: UserAccess;
	userAccessForDelete: UserAccess;
	userAccessForQuery: UserAccess;
	userAccessForUpdate: UserAccess;
	hasUserDefinedFields: boolean;
	supportsWebhookCallouts: boolean;
}

export interface PicklistValue {
	/** Always a string, even for integer fields. */
	value: string;
	label: string;
	isDefaultValue: boolean;
	sortOrder: number;
	/** The value of the parent picklist this value belongs to ('' when independent). */
	parentValue: string;
	isActive: boolean;
	isSystem: boolean;
}

/** A standard field, from `entityInformation/fields`. */
export interface FieldInfo {
	name: string;
	dataType: string;
	length: number;
	isRequired: boolean;
	isReadOnly: boolean;
	isQueryable: boolean;
	isReference: boolean;
	/** Singular entity name (`Company`, `Contact`, ...), '' when not a reference. */
	referenceEntityType: string;
	isPickList: boolean;
	picklistValues: PicklistValue[] | null;
	picklistParentValueField: string;
	isSupportedWebhookField: boolean;
}

/** A user-defined field, from `entityInformation/userDefinedFields` (note `type`, not `dataType`). */
export interface UdfInfo {
	name: string;
	label: string;
	type: string;
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
	defaultValue: string | null;
	isSupportedWebhookField: boolean;
	/** Holds several picklist values (a "Multi Select List" UDF); read as an array, written as a list. */
	isMultiSelect: boolean;
}

/** What the transport's senders return: the response as n8n's `returnFullResponse` gives it. */
export interface HttpResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}
