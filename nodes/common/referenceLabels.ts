import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { AutotaskClient, getAutotaskErrorDetails, PAGE_SIZE } from '../transport';
import type { FieldInfo } from '../transport/types';
import { ENTITY_CATALOG, findEntity } from './catalog';
import type { EntityCatalogEntry } from './catalog';

/**
 * Reference labels: `<field>_label` beside each reference field of a read's records (companyID ->
 * the company's name, assignedResourceID -> the resource's full name, ...). Which fields are
 * references, and to what, comes from the live field metadata (`isReference`,
 * `referenceEntityType`). The ids of a batch are looked up with one `id in [...]` query per
 * referenced entity per 500 distinct ids, and remembered for the rest of the execution, so N
 * records with k reference fields cost at most k x ceil(N/500) queries, never one per record.
 * An id the API user cannot see, or that does not exist, gets null; so does every id of an
 * entity the API user may not query.
 */

/** How a referenced record is named: these fields, non-empty ones joined with `separator`. */
interface DisplayRule {
	fields: string[];
	separator: string;
}

/**
 * The display fields per referenced entity, from each entity's model in Autotask's swagger (see
 * docs/ARCHITECTURE.md, "Reference labels"). Entities not listed fall back to the first of
 * FALLBACK_FIELDS their metadata has.
 */
const DISPLAY_RULES: Record<string, DisplayRule> = {
	Companies: { fields: ['companyName'], separator: ' ' },
	Contacts: { fields: ['firstName', 'lastName'], separator: ' ' },
	Resources: { fields: ['firstName', 'lastName'], separator: ' ' },
	ClientPortalUsers: { fields: ['userName'], separator: ' ' },
	Tickets: { fields: ['ticketNumber', 'title'], separator: ' - ' },
	Tasks: { fields: ['taskNumber', 'title'], separator: ' - ' },
	Projects: { fields: ['projectName'], separator: ' ' },
	Contracts: { fields: ['contractName'], separator: ' ' },
	Opportunities: { fields: ['title'], separator: ' ' },
	ConfigurationItems: { fields: ['referenceTitle'], separator: ' ' },
	Countries: { fields: ['displayName'], separator: ' ' },
	ContractServices: { fields: ['invoiceDescription'], separator: ' ' },
	ContractServiceBundles: { fields: ['invoiceDescription'], separator: ' ' },
	Holidays: { fields: ['holidayName'], separator: ' ' },
	HolidaySets: { fields: ['holidaySetName'], separator: ' ' },
	InventoryLocations: { fields: ['locationName'], separator: ' ' },
	Subscriptions: { fields: ['subscriptionName'], separator: ' ' },
};

const FALLBACK_FIELDS = ['name', 'title', 'displayName', 'description'];

export const REFERENCE_LABELS_OPTION: INodeProperties = {
	displayName: 'Reference Labels',
	name: 'referenceLabels',
	type: 'boolean',
	default: false,
	description:
		'Whether to add <field>_label beside reference fields (companyID, contactID, assignedResourceID, ...) with the name of the record they point to: company name, contact or resource full name, ticket number and title. Costs one query per referenced entity per 500 records. A record the API user cannot see gets null.',
};

/** The field picker for Reference Labels; `dependsOn` names the parameter holding the entity, if any. */
export function referenceLabelFieldsOption(dependsOn: string[] = []): INodeProperties {
	return {
		displayName: 'Reference Fields to Label Names or IDs',
		name: 'referenceLabelFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getReferenceFields', ...(dependsOn.length ? { loadOptionsDependsOn: dependsOn } : {}) },
		default: [],
		description:
			'Which reference fields get a label when Reference Labels is on; none chosen: all of them. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

/** Both options, for an operation's Options collection. */
export function referenceLabelOptions(dependsOn: string[] = []): INodeProperties[] {
	return [REFERENCE_LABELS_OPTION, referenceLabelFieldsOption(dependsOn)];
}

/** What one item asks for: undefined when Reference Labels is off, else the fields (empty: all). */
export type ReferenceLabelRequest = { fields: string[] } | undefined;

/** Reads the request from an Options collection's values. */
export function readReferenceLabels(options: IDataObject | undefined): ReferenceLabelRequest {
	if (options?.referenceLabels !== true) return undefined;
	const raw = options.referenceLabelFields;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return { fields: list.map((name) => String(name).trim()).filter((name) => name !== '') };
}

const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const bySingular = new Map(ENTITY_CATALOG.filter((entry) => entry.ops.query).map((entry) => [normalized(entry.displayName), entry]));

/** The queryable entity a `referenceEntityType` (singular: `Company`, `ConfigurationItem`) points to. */
export function referencedEntity(referenceEntityType: string): EntityCatalogEntry | undefined {
	const singular = normalized(referenceEntityType);
	if (!singular) return undefined;
	const direct = bySingular.get(singular);
	if (direct) return direct;
	const plurals = [`${referenceEntityType}s`, `${referenceEntityType}es`, referenceEntityType.replace(/y$/, 'ies')];
	return plurals.map((name) => findEntity(name)).find((entry) => entry?.ops.query);
}

/** The entity's reference fields that point to an entity labels can be read from. */
function referenceFields(fields: readonly FieldInfo[]): Array<{ field: FieldInfo; target: string }> {
	return fields.flatMap((field) => {
		const target = field.isReference ? referencedEntity(field.referenceEntityType) : undefined;
		return target ? [{ field, target: target.name }] : [];
	});
}

/** Options for the field picker: "companyID (Company)". */
async function referenceFieldOptions(client: AutotaskClient, entity: string): Promise<INodePropertyOptions[]> {
	return referenceFields(await client.fields(entity))
		.map(({ field }) => ({ name: `${field.name} (${field.referenceEntityType})`, value: field.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** A `getReferenceFields` load-options method for a node whose entity is fixed or read by `entityOf`. */
export function referenceFieldsMethod(
	entityOf: (ctx: ILoadOptionsFunctions) => string,
): (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]> {
	return async function (this: ILoadOptionsFunctions) {
		const entity = findEntity(entityOf(this));
		if (!entity?.ops.query) return [];
		return await referenceFieldOptions(await AutotaskClient.forContext(this), entity.name);
	};
}

interface Pending {
	entity: string;
	records: IDataObject[];
	request: NonNullable<ReferenceLabelRequest>;
	itemIndex?: number;
}

/** A refusal that means "this user cannot read that entity" rather than a failure. */
function isUnreadable(error: unknown): boolean {
	const details = getAutotaskErrorDetails(error);
	if (!details) return false;
	if (details.status !== null && [403, 404, 405].includes(details.status)) return true;
	return details.messages.some((message) => /permission|not authori[sz]ed|access denied/i.test(message));
}

/** The id a reference field holds, or undefined when it is empty. Id 0 is a real record: the tenant's own company. */
function referenceId(value: unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const id = Number(value);
	return Number.isInteger(id) && id >= 0 ? id : undefined;
}

function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

function composeLabel(record: IDataObject, rule: DisplayRule): string | null {
	const lower = new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
	const parts = rule.fields
		.map((name) => lower.get(name.toLowerCase()))
		.filter((value) => value !== null && value !== undefined && String(value).trim() !== '')
		.map((value) => String(value).trim());
	return parts.length ? parts.join(rule.separator) : null;
}

/**
 * Collects the records of one execution (`add`) and labels them all at once (`flush`), so records
 * from many input items share the lookups. Labels found are kept for the whole execution.
 */
export class ReferenceLabeller {
	/** Labels by referenced entity, then id; null: not found or not visible. */
	private readonly labels = new Map<string, Map<number, string | null>>();

	private readonly rules = new Map<string, Promise<DisplayRule | undefined>>();

	/** Entities this user may not read: their ids get null without another request. */
	private readonly unreadable = new Set<string>();

	private pending: Pending[] = [];

	constructor(
		private readonly client: AutotaskClient,
		private readonly node: INode,
	) {}

	/** Records (shaped for output; labels are added to these objects) of `entity` to label on `flush`. */
	add(entity: string, records: IDataObject[], request: ReferenceLabelRequest, itemIndex?: number): void {
		if (request && records.length > 0) this.pending.push({ entity, records, request, itemIndex });
	}

	/** Looks up every id collected since the last flush and adds `<field>_label` to the records. */
	async flush(): Promise<void> {
		const pending = this.pending;
		this.pending = [];
		const work: Array<{ records: IDataObject[]; fields: Array<{ name: string; target: string }> }> = [];
		const wanted = new Map<string, Set<number>>();
		for (const batch of pending) {
			const fields = await this.selectedFields(batch);
			work.push({ records: batch.records, fields });
			for (const record of batch.records) {
				for (const { name, target } of fields) {
					const id = referenceId(record[name]);
					if (id === undefined || this.labels.get(target)?.has(id)) continue;
					if (!wanted.has(target)) wanted.set(target, new Set());
					wanted.get(target)?.add(id);
				}
			}
		}
		// Entities in parallel; the transport keeps each within Autotask's thread limit.
		await Promise.all([...wanted].map(async ([target, ids]) => await this.resolve(target, [...ids])));
		for (const { records, fields } of work) {
			for (const record of records) {
				for (const { name, target } of fields) {
					const key = `${name}_label`;
					if (!(name in record) || key in record) continue;
					const id = referenceId(record[name]);
					record[key] = id === undefined ? null : (this.labels.get(target)?.get(id) ?? null);
				}
			}
		}
	}

	/** Adds and flushes in one go. */
	async label(entity: string, records: IDataObject[], request: ReferenceLabelRequest): Promise<void> {
		this.add(entity, records, request);
		await this.flush();
	}

	private async selectedFields(batch: Pending): Promise<Array<{ name: string; target: string }>> {
		const available = referenceFields(await this.client.fields(batch.entity));
		if (batch.request.fields.length === 0) return available.map(({ field, target }) => ({ name: field.name, target }));
		return batch.request.fields.map((requested) => {
			const found = available.find(({ field }) => field.name.toLowerCase() === requested.toLowerCase());
			if (!found) {
				const names = available.map(({ field }) => field.name).join(', ');
				throw new NodeOperationError(this.node, `"${requested}" is not a reference field of ${batch.entity}`, {
					itemIndex: batch.itemIndex,
					description: `Reference Fields to Label takes fields that point to another record: ${names || 'this entity has none'}.`,
				});
			}
			return { name: found.field.name, target: found.target };
		});
	}

	private async displayRule(target: string): Promise<DisplayRule | undefined> {
		let rule = this.rules.get(target);
		if (!rule) {
			rule = (async () => {
				if (DISPLAY_RULES[target]) return DISPLAY_RULES[target];
				let fields: FieldInfo[];
				try {
					fields = await this.client.fields(target);
				} catch (error) {
					if (isUnreadable(error)) return undefined;
					throw asNodeError(this.node, error);
				}
				const names = new Map(fields.map((field) => [field.name.toLowerCase(), field.name]));
				const found = FALLBACK_FIELDS.map((name) => names.get(name.toLowerCase())).find((name) => name !== undefined);
				return found ? { fields: [found], separator: ' ' } : undefined;
			})();
			this.rules.set(target, rule);
		}
		return await rule;
	}

	private async resolve(target: string, ids: number[]): Promise<void> {
		const known = this.labels.get(target) ?? new Map<number, string | null>();
		this.labels.set(target, known);
		for (const id of ids) known.set(id, null);
		const rule = this.unreadable.has(target) ? undefined : await this.displayRule(target);
		if (!rule) return;
		const chunks: number[][] = [];
		for (let start = 0; start < ids.length; start += PAGE_SIZE) chunks.push(ids.slice(start, start + PAGE_SIZE));
		await Promise.all(
			chunks.map(async (chunk) => {
				const found = await this.client
					.query(target, { filter: [{ op: 'in', field: 'id', value: chunk }], includeFields: rule.fields })
					.catch((error: unknown) => {
						if (!isUnreadable(error)) throw asNodeError(this.node, error);
						this.unreadable.add(target);
						return [];
					});
				for (const record of found) known.set(Number(record.id), composeLabel(record, rule));
			}),
		);
	}
}

/** Labels the JSON of output items of one entity in one go (the triggers' output). */
export async function labelItems(
	client: AutotaskClient,
	node: INode,
	entity: string,
	items: INodeExecutionData[],
	request: ReferenceLabelRequest,
): Promise<void> {
	if (!request || items.length === 0) return;
	await new ReferenceLabeller(client, node).label(entity, items.map((item) => item.json), request);
}

function pairedIndex(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	return typeof paired === 'object' && !Array.isArray(paired) ? paired.item : 0;
}

/**
 * Labels an operation's output items of one entity, as each input item's Options ask, with one
 * lookup for all of them. Returns the same items.
 */
export async function withReferenceLabels(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	entity: string,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const labeller = new ReferenceLabeller(client, ctx.getNode());
	let start = 0;
	while (start < items.length) {
		const itemIndex = pairedIndex(items[start]);
		let end = start + 1;
		while (end < items.length && pairedIndex(items[end]) === itemIndex) end++;
		const request = readReferenceLabels(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject);
		labeller.add(entity, items.slice(start, end).map((item) => item.json), request, itemIndex);
		start = end;
	}
	await labeller.flush();
	return items;
}
