import { createHash } from 'crypto';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

import { normalizeRecord } from './dates';
import { autotaskApiError, autotaskMessages, getAutotaskErrorDetails, notFoundError, passwordsIn } from './errors';
import { AUTOTASK_THREAD_LIMIT } from './limiter';
import type { AdaptiveThreads } from './limiter';
import { toEntityInfo, toFieldInfo, toUdfInfo } from './metadata';
import { cachedMetadata } from './metadataCache';
import { sendWithRetry } from './request';
import type { Channel, Reroute, Sender } from './request';
import { retryPolicy } from './retryPolicy';
import type { RetryPolicy } from './retryPolicy';
import { hourlyBudgetSettings } from './threshold';
import type { HourlyBudget } from './threshold';
import { contextSenders, toAutotaskCredentials } from './senders';
import { CREDENTIAL_TYPE } from './types';
import type {
	AutotaskContext,
	AutotaskCredentials,
	AutotaskFilter,
	AutotaskRecord,
	EntityInfo,
	EntityPath,
	FieldInfo,
	HttpResponse,
	QueryRequest,
	RequestOptions,
	UdfInfo,
} from './types';
import { forgetZone, isAutoZone, resolveZone } from './zoneResolver';
import type { ResolvedZone } from './zoneResolver';

/** Autotask's page size and the most ids one `in` filter carries. */
export const PAGE_SIZE = 500;

export interface ClientOptions {
	/** Simultaneous requests per entity for this client, 1 to 3 (Autotask's limit, the default). */
	maxInFlight?: number;
	/** Overrides the shared `retryPolicy` for this client (the credential test keeps it short). */
	retryPolicy?: RetryPolicy;
	/** This process's thread shares; tests give each simulated process its own. */
	threads?: AdaptiveThreads;
	/** This process's hourly budgets; tests give each simulated process its own. */
	budget?: HourlyBudget;
	/** How long a request may wait for room in the tenant's hourly limit ("Max Wait for Hourly Limit"). */
	maxHourlyWaitMinutes?: number;
}

interface QueryPage {
	items?: IDataObject[];
	pageDetails?: { nextPageUrl?: string | null };
}

const ENTITY_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const ABSOLUTE_URL = /^https?:\/\//i;
// Autotask rejects an empty filter; this one matches every record. The layers above say "every
// record" with an empty filter and never write this condition themselves.
const MATCH_ALL: AutotaskFilter[] = [{ op: 'exist', field: 'id' }];

/**
 * Whether a filter selects every record: it has no condition, or only the condition this transport
 * sends for none (what a polling trigger's state saved while the filter builder still wrote that
 * condition holds for "no filter", and what a JSON filter of just `[{"op":"exist","field":"id"}]`
 * builds).
 */
export function selectsEveryRecord(filter: readonly AutotaskFilter[]): boolean {
	if (filter.length === 0) return true;
	if (filter.length > 1) return false;
	const [condition] = filter;
	return Object.keys(condition).length === 2 && condition.op === MATCH_ALL[0].op && condition.field === MATCH_ALL[0].field;
}

/**
 * The one door to the Autotask REST API: zone, authentication, thread limits, retries, paging,
 * metadata cache, error mapping and dates. Build one per execution with `forContext`.
 */
export class AutotaskClient {
	/** The API user's username, as entered in the credential. */
	readonly userName: string;

	/** The resource that writes are attributed to, when the credential impersonates one. */
	readonly impersonationResourceId?: number;

	private readonly channel: Channel;

	private readonly zoneChannel: Channel;

	private readonly maxInFlight: number;

	private readonly threadKey: string;

	private readonly maxHourlyWaitMs: number;

	private constructor(
		private readonly node: INode,
		private readonly credentials: AutotaskCredentials,
		private readonly senders: { authenticated: Sender; anonymous: Sender },
		private readonly options: ClientOptions,
	) {
		this.userName = credentials.userName;
		this.impersonationResourceId = credentials.impersonationResourceId || undefined;
		const secrets = [credentials.secret, credentials.integrationCode];
		const policy = options.retryPolicy ?? retryPolicy;
		const common = { node, userName: credentials.userName, secrets, policy, threads: options.threads, budget: options.budget };
		this.channel = { ...common, send: senders.authenticated };
		this.zoneChannel = { ...common, send: senders.anonymous };
		const maxInFlight = Math.trunc(options.maxInFlight ?? AUTOTASK_THREAD_LIMIT);
		this.maxInFlight = Math.min(AUTOTASK_THREAD_LIMIT, Math.max(1, maxInFlight || 1));
		const maxWaitMinutes = Number(options.maxHourlyWaitMinutes ?? hourlyBudgetSettings.defaultMaxWaitMinutes);
		this.maxHourlyWaitMs = Math.max(0, Number.isFinite(maxWaitMinutes) ? maxWaitMinutes : 0) * 60_000;
		// Autotask counts threads per integration code and entity; the map key holds a digest,
		// never the integration code itself.
		this.threadKey = createHash('sha256').update(credentials.integrationCode).digest('hex').slice(0, 16);
	}

	/**
	 * A client for the `autotaskUserApi` credential of an execute, poll, load-options, hook or
	 * trigger context. Requests go through `httpRequestWithAuthentication`.
	 */
	static async forContext(ctx: AutotaskContext, options: ClientOptions = {}): Promise<AutotaskClient> {
		const raw = await ctx.getCredentials(CREDENTIAL_TYPE);
		const credentials = toAutotaskCredentials(raw);
		return AutotaskClient.withSenders(ctx.getNode(), credentials, contextSenders(ctx), options);
	}

	/**
	 * A client over explicit senders, for places without a full n8n context (the credential test).
	 * `authenticated` must add the credential's headers; `anonymous` is used for the zone lookup.
	 */
	static withSenders(
		node: INode,
		credentials: AutotaskCredentials,
		senders: { authenticated: Sender; anonymous: Sender },
		options: ClientOptions = {},
	): AutotaskClient {
		return new AutotaskClient(node, credentials, senders, options);
	}

	/**
	 * The same client with writes made on behalf of `resourceId` (ImpersonationResourceId), or as
	 * the API user itself when it is undefined or 0; reads never impersonate. Zone, thread limits
	 * and caches are shared: they are per credential and process, not per client.
	 */
	impersonating(resourceId: number | undefined): AutotaskClient {
		const impersonationResourceId = resourceId && resourceId > 0 ? resourceId : 0;
		return new AutotaskClient(this.node, { ...this.credentials, impersonationResourceId }, this.senders, this.options);
	}

	/** The user's zone: REST root and name (looked up and cached for 'auto'). */
	async zone(options: { fresh?: boolean } = {}): Promise<ResolvedZone> {
		return await resolveZone(this.zoneChannel, this.credentials, options);
	}

	/** The resolved REST root plus `V1.0/`, e.g. `https://webservices5.autotask.net/ATServicesRest/V1.0/`. */
	async baseUrl(): Promise<string> {
		return `${(await this.zone()).restRoot}V1.0/`;
	}

	/**
	 * Pages of records matching the query, in Autotask's order (ascending id). POSTs
	 * `{Entity}/query`, then follows `nextPageUrl` with POST and the very same body (its paging
	 * token was issued for that query, MaxRecords included); asks for min(500, limit) records per
	 * page, trims the last page locally and stops as soon as the limit is met, there is no next
	 * page, or a page is empty. Holds one page at a time, so memory stays flat.
	 */
	async *queryPages(entity: string, query: QueryRequest): AsyncGenerator<AutotaskRecord[]> {
		assertEntityName(this.node, entity);
		let remaining = query.limit ?? Number.POSITIVE_INFINITY;
		if (remaining <= 0) return;
		const body: IDataObject = {
			filter: (query.filter.length > 0 ? query.filter : MATCH_ALL) as unknown as IDataObject[],
		};
		if (query.includeFields?.length) body.IncludeFields = withId(query.includeFields);
		body.MaxRecords = Math.min(PAGE_SIZE, remaining);

		let path = `${entity}/query`;
		for (;;) {
			const page = await this.request<QueryPage>({ method: 'POST', path, body, entity, kind: 'read' });
			const items = (page.items ?? []).slice(0, remaining).map(toRecord);
			if (items.length === 0) return;
			remaining -= items.length;
			yield items;
			const next = page.pageDetails?.nextPageUrl;
			if (remaining <= 0 || !next) return;
			path = next;
		}
	}

	/** All records matching the query (or the first `limit`), collected from `queryPages`. */
	async query(entity: string, query: QueryRequest): Promise<AutotaskRecord[]> {
		const records: AutotaskRecord[] = [];
		for await (const page of this.queryPages(entity, query)) records.push(...page);
		return records;
	}

	/** How many records match the filter: POST `{Entity}/query/count`. */
	async count(entity: string, filter: AutotaskFilter[]): Promise<number> {
		assertEntityName(this.node, entity);
		const body = { filter: (filter.length > 0 ? filter : MATCH_ALL) as unknown as IDataObject[] };
		const result = await this.request<{ queryCount?: number }>({
			method: 'POST',
			path: `${entity}/query/count`,
			body,
			entity,
			kind: 'read',
		});
		return Number(result.queryCount ?? 0);
	}

	/** One record by id, or undefined when it does not exist (Autotask answers 200 `{"item":null}` or 404). */
	async get(entity: string, id: number): Promise<AutotaskRecord | undefined> {
		assertEntityName(this.node, entity);
		assertId(this.node, entity, id);
		const path = `${entity}/${id}`;
		const response = await this.send({ method: 'GET', path, entity, kind: 'read' }, [404]);
		const body = response.body as { item?: IDataObject | null; items?: unknown } | null;
		if (response.statusCode === 404) {
			// A 404 from the framework means the path is wrong, not that the record is missing.
			if (autotaskMessages(body).some((message) => /No HTTP resource was found/i.test(message))) {
				throw autotaskApiError(
					this.node,
					{ type: 'response', status: 404, body },
					{ method: 'GET', url: path, entity, kind: 'read', userName: this.userName },
					{ attempts: 1, elapsedMs: 0, notRetriedBecause: 'the API has no such path' },
					[this.credentials.secret, this.credentials.integrationCode],
				);
			}
			return undefined;
		}
		const item = body?.item ?? (Array.isArray(body?.items) ? (body?.items[0] as IDataObject) : undefined);
		return item ? toRecord(item) : undefined;
	}

	/** One record by id; throws a NodeApiError "<Entity> <id> was not found" when it does not exist. */
	async getOrFail(entity: string, id: number): Promise<AutotaskRecord> {
		const record = await this.get(entity, id);
		if (!record) throw notFoundError(this.node, entity, id);
		return record;
	}

	/**
	 * Creates a record (POST to the entity, or to its parent path for child entities) and returns
	 * the new id. Never sent twice unless the first attempt provably did not reach Autotask.
	 */
	async create(path: EntityPath, body: IDataObject): Promise<number> {
		const result = await this.request<{ itemId?: unknown }>({
			method: 'POST',
			path: this.entityPath(path),
			body,
			entity: path.entity,
			kind: 'create',
		});
		const id = Number(result?.itemId);
		if (!Number.isInteger(id) || id <= 0) {
			throw new NodeApiError(this.node, { itemId: String(result?.itemId) } as JsonObject, {
				message: `Autotask accepted the ${path.entity} create but returned no record id`,
				description: `The answer was ${JSON.stringify(result)?.slice(0, 300)}. Check in Autotask whether the record exists before creating it again.`,
			});
		}
		return id;
	}

	/** Updates the fields given in `body` (PATCH); `body.id` names the record. Returns its id. */
	async update(path: EntityPath, body: IDataObject): Promise<number> {
		const id = Number(body.id);
		if (!Number.isInteger(id) || id <= 0) {
			throw new NodeOperationError(this.node, `Updating ${path.entity} needs the record's id in the body`);
		}
		const result = await this.request<{ itemId?: number }>({
			method: 'PATCH',
			path: this.entityPath(path),
			body,
			entity: path.entity,
			kind: 'write',
		});
		return Number(result.itemId ?? id);
	}

	/**
	 * Deletes a record by id (DELETE on the entity, or on its parent path for child entities). A
	 * delete that had to be sent again and then found no record counts as done: the earlier
	 * attempt, whose answer was lost, deleted it.
	 */
	async delete(path: EntityPath, id: number): Promise<void> {
		assertId(this.node, path.entity, id);
		await this.request({
			method: 'DELETE',
			path: `${this.entityPath(path)}/${id}`,
			entity: path.entity,
			kind: 'write',
		}).catch((error: unknown) => {
			if (!wasResentThenMissing(error)) throw error;
		});
	}

	/**
	 * Re-reads records by id with one `id in [...]` query per 500 ids (never one GET per record).
	 * Ids that no longer exist are simply absent from the map.
	 */
	async readBack(entity: string, ids: number[]): Promise<Map<number, AutotaskRecord>> {
		const unique = [...new Set(ids.filter((id) => Number.isInteger(id) && id > 0))];
		const records = new Map<number, AutotaskRecord>();
		for (let start = 0; start < unique.length; start += PAGE_SIZE) {
			const chunk = unique.slice(start, start + PAGE_SIZE);
			const found = await this.query(entity, { filter: [{ op: 'in', field: 'id', value: chunk }] });
			for (const record of found) records.set(record.id, record);
		}
		return records;
	}

	/** What the API allows on the entity, and this user's access (cached). */
	async entityInfo(entity: string): Promise<EntityInfo> {
		return await this.metadata(entity, 'info', async () => {
			const result = await this.metadataRequest<{ info?: IDataObject }>(entity, 'entityInformation');
			return toEntityInfo(result.info ?? {});
		});
	}

	/** The entity's standard fields (cached). */
	async fields(entity: string): Promise<FieldInfo[]> {
		return await this.metadata(entity, 'fields', async () => {
			const result = await this.metadataRequest<{ fields?: IDataObject[] }>(
				entity,
				'entityInformation/fields',
			);
			return (result.fields ?? []).map(toFieldInfo);
		});
	}

	/**
	 * The entity's user-defined fields (cached); [] without any UDF request for entities whose
	 * entityInformation says they cannot have UDFs.
	 */
	async udfs(entity: string): Promise<UdfInfo[]> {
		if (!(await this.entityInfo(entity)).hasUserDefinedFields) return [];
		return await this.metadata(entity, 'udfs', async () => {
			const result = await this.metadataRequest<{ fields?: IDataObject[] }>(
				entity,
				'entityInformation/userDefinedFields',
			);
			return (result.fields ?? []).map(toUdfInfo);
		});
	}

	/**
	 * The low-level door for any other call: sends through the same zone, thread limit, retry and
	 * error handling, and returns the parsed body. `path` is relative to `V1.0/` (or an absolute
	 * Autotask URL); `entity` picks the thread-limit bucket; `kind` decides what may be retried.
	 * Writes carry ImpersonationResourceId when this client impersonates (the credential's
	 * setting, or `impersonating`). Files: `jsonBytes` (`jsonWithFile`) sends one, `readBody`
	 * (`readJsonWithFiles`) reads one as it arrives.
	 */
	async request<T>(options: RequestOptions): Promise<T> {
		return (await this.send(options)).body as T;
	}

	private async send(options: RequestOptions, acceptStatuses?: number[]): Promise<HttpResponse> {
		const restRoot = (await this.zone()).restRoot;
		const impersonationResourceId = options.kind !== 'read' ? this.impersonationResourceId : undefined;
		const headers = impersonationResourceId ? { ImpersonationResourceId: String(impersonationResourceId) } : undefined;
		const reroute: Reroute | undefined = isAutoZone(this.credentials)
			? async (failedUrl) => {
					forgetZone(this.credentials, restRoot);
					const fresh = (await this.zone()).restRoot;
					return failedUrl.startsWith(restRoot) ? fresh + failedUrl.slice(restRoot.length) : failedUrl;
				}
			: undefined;
		return await sendWithRetry(
			this.channel,
			{
				method: options.method,
				url: apiUrl(this.node, restRoot, options.path),
				body: options.body,
				qs: options.qs,
				headers,
				impersonationResourceId,
				entity: options.entity,
				kind: options.kind,
				budget: {
					// Counted per database; one API user belongs to one, and one zone serves many.
					tenant: `${restRoot}|${this.userName.toLowerCase()}`,
					thresholdUrl: `${restRoot}V1.0/ThresholdInformation`,
					maxWaitMs: this.maxHourlyWaitMs,
				},
				limiterKey: `${this.threadKey}|${options.entity.toLowerCase()}`,
				maxInFlight: this.maxInFlight,
				acceptStatuses,
				secrets: passwordsIn(options.body),
				jsonBytes: options.jsonBytes,
				readBody: options.readBody,
			},
			reroute,
		);
	}

	private async metadataRequest<T>(entity: string, suffix: string): Promise<T> {
		assertEntityName(this.node, entity);
		return await this.request<T>({ method: 'GET', path: `${entity}/${suffix}`, entity, kind: 'read' });
	}

	private async metadata<T>(entity: string, kind: string, load: () => Promise<T>): Promise<T> {
		// Per tenant and user: picklists belong to the tenant, user access to the user, and one
		// zone serves many tenants.
		const restRoot = (await this.zone()).restRoot;
		const key = [restRoot, this.userName.toLowerCase(), entity.toLowerCase(), kind].join('|');
		return await cachedMetadata(key, load);
	}

	private entityPath(path: EntityPath): string {
		assertEntityName(this.node, path.entity);
		if (!path.parent) return path.entity;
		const { entity, id, segment } = path.parent;
		assertEntityName(this.node, entity);
		assertEntityName(this.node, segment);
		assertId(this.node, entity, id);
		return `${entity}/${id}/${segment}`;
	}
}

/** A request sent more than once whose last answer was "No matching records found". */
function wasResentThenMissing(error: unknown): boolean {
	const details = getAutotaskErrorDetails(error);
	return (
		details !== undefined &&
		details.attempts > 1 &&
		details.messages.some((message) => /No matching records found/i.test(message))
	);
}

function toRecord(item: IDataObject): AutotaskRecord {
	return normalizeRecord(item) as AutotaskRecord;
}

function withId(fields: string[]): string[] {
	return fields.some((field) => field.toLowerCase() === 'id') ? fields : ['id', ...fields];
}

function assertEntityName(node: INode, name: string): void {
	if (!ENTITY_NAME.test(name)) {
		throw new NodeOperationError(node, `"${name}" is not an Autotask entity name`, {
			description: 'Entity names are letters and digits only, e.g. Tickets or ClientPortalUsers.',
		});
	}
}

function assertId(node: INode, entity: string, id: number): void {
	if (!Number.isInteger(id) || id < 0) {
		throw new NodeOperationError(node, `"${id}" is not a valid ${entity} id`, {
			description: 'Autotask ids are whole numbers.',
		});
	}
}

/**
 * The URL for a path relative to `V1.0/`. Absolute URLs (Autotask's nextPageUrl) are re-based onto
 * our REST root, so paging works through proxies and the credentials never go to another host.
 */
function apiUrl(node: INode, restRoot: string, path: string): string {
	if (!ABSOLUTE_URL.test(path)) return `${restRoot}V1.0/${path.replace(/^\/+/, '')}`;
	const marker = /\/v1\.0\//i.exec(path);
	if (marker) return `${restRoot}V1.0/${path.slice(marker.index + marker[0].length)}`;
	if (new URL(path).origin === new URL(restRoot).origin) return path;
	throw new NodeOperationError(node, `Refusing to send Autotask credentials to ${new URL(path).host}`, {
		description: `Only URLs under ${restRoot} are called.`,
	});
}
