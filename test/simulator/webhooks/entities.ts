import { randomUUID } from 'node:crypto';

import { fieldTable } from '../entities/fieldTable';
import type { EntityDef, FieldDef, PicklistValue, WriteRule } from '../entities/types';
import type { UdfDef } from '../entities/types';

/**
 * The webhook entities of the 2026 operation list: per supported entity a `<X>Webhooks` root
 * entity and its children `Fields`, `UdfFields` (not for ticket notes) and `ExcludedResources`.
 * Field names, lengths and flags follow real `TicketWebhooks`/`CompanyWebhooks` field metadata;
 * the child rows follow the swagger models (see README, "Webhooks").
 */
export interface WebhookFamily {
	/** The entity whose changes are called out: "Tickets". */
	target: string;
	/** `EntityType` in the callout payload: Companies arrive as "Account". */
	payloadEntityType: string;
	webhooks: EntityDef;
	fields: EntityDef;
	udfFields?: EntityDef;
	excludedResources: EntityDef;
}

const webhookFields = fieldTable(`
	deactivationUrl                    string   500  required
	id                                 long     0    required readOnly
	isActive                           boolean  0    required
	isReady                            boolean  0    readOnly
	isSubscribedToCreateEvents         boolean  0
	isSubscribedToDeleteEvents         boolean  0
	isSubscribedToUpdateEvents         boolean  0
	name                               string   50   required
	notificationEmailAddress           string   150
	ownerResourceID                    integer  0    readOnly ref:Resource
	secretKey                          string   64   required
	sendThresholdExceededNotification  boolean  0    required
	webhookGuid                        string   100  readOnly
	webhookUrl                         string   500  required
`);

const absoluteUrl: WriteRule = ({ merged }) =>
	['webhookUrl', 'deactivationUrl']
		.filter((name) => typeof merged[name] === 'string' && !/^https?:\/\/[^\s/]+/i.test(merged[name] as string))
		.map((name) => `${name} must be an absolute http(s) URL.`);

/**
 * The ids Autotask gives its fields for webhook rows are only published as the values of the
 * `fieldID` picklist of `<X>WebhookFields/entityInformation/fields` (labels: the field names).
 * Here a field's id is its 1-based position in the target's field list; UDFs get ids as they are
 * defined (see `registerUdf`).
 */
export function webhookFieldId(target: EntityDef, fieldName: string): number | undefined {
	const index = target.fields.findIndex((field) => field.name.toLowerCase() === fieldName.toLowerCase());
	return index < 0 ? undefined : index + 1;
}

const FIRST_UDF_FIELD_ID = 29_680_001;

function picklistEntry(value: number, label: string, sortOrder: number): PicklistValue {
	return { value: String(value), label, isDefaultValue: false, sortOrder, parentValue: '', isActive: true, isSystem: false };
}

function rowTable(idField: 'fieldID' | 'udfFieldID', values: PicklistValue[]): FieldDef[] {
	return fieldTable(
		`
		${idField}            integer  0  required picklist:ids
		id                    long     0  required readOnly
		isDisplayAlwaysField  boolean  0
		isSubscribedField     boolean  0
		webhookID             integer  0  required readOnly
		`,
		{ ids: values },
	).sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
}

function child(name: string, singular: string, segment: string, parent: string, fields: FieldDef[], firstId: number, update: boolean): EntityDef {
	return {
		name,
		singular,
		fields,
		firstId,
		writes: { create: true, update, delete: true },
		parent: { entity: parent, segment, field: 'webhookID' },
		hasUserDefinedFields: false,
		supportsWebhookCallouts: false,
		audit: {},
		synthesize: () => {
			throw new Error(`${name} are not synthesized`);
		},
	};
}

interface FamilySpec {
	prefix: string;
	target: EntityDef;
	payloadEntityType: string;
	udfs: boolean;
	firstId: number;
}

/** The live UDF id picklists, extended as UDFs are defined on their target entity. */
const udfPicklists = new Map<string, PicklistValue[]>();
let nextUdfFieldId = FIRST_UDF_FIELD_ID;

/** Gives a newly defined UDF its webhook field id. */
export function registerUdf(target: string, udf: UdfDef): void {
	const values = udfPicklists.get(target);
	if (!values || values.some((entry) => entry.label === udf.name)) return;
	values.push(picklistEntry(nextUdfFieldId++, udf.name, values.length + 1));
}

/** The id of a UDF on the target entity, as its webhook UDF rows name it. */
export function webhookUdfFieldId(target: string, udfName: string): number | undefined {
	const entry = udfPicklists.get(target)?.find((value) => value.label.toLowerCase() === udfName.toLowerCase());
	return entry ? Number(entry.value) : undefined;
}

function family(spec: FamilySpec): Omit<WebhookFamily, 'target'> & { target: string } {
	const name = `${spec.prefix}Webhooks`;
	const singular = `${spec.prefix}Webhook`;
	const ids = spec.target.fields.map((field, index) => picklistEntry(index + 1, field.name, index + 1));
	const webhooks: EntityDef = {
		name,
		singular,
		fields: webhookFields,
		firstId: spec.firstId,
		writes: { create: true, update: true, delete: true },
		hasUserDefinedFields: false,
		supportsWebhookCallouts: false,
		audit: { createdBy: ['ownerResourceID'] },
		defaults: { isReady: false, isSubscribedToCreateEvents: false, isSubscribedToUpdateEvents: false, isSubscribedToDeleteEvents: false },
		generate: () => ({ webhookGuid: randomUUID() }),
		rules: [absoluteUrl],
		synthesize: () => {
			throw new Error(`${name} are not synthesized`);
		},
	};
	let udfFields: EntityDef | undefined;
	if (spec.udfs) {
		const values: PicklistValue[] = [];
		udfPicklists.set(spec.target.name, values);
		udfFields = child(`${spec.prefix}WebhookUdfFields`, `${spec.prefix}WebhookUdfField`, 'UdfFields', name, rowTable('udfFieldID', values), spec.firstId + 300_000, true);
	}
	return {
		target: spec.target.name,
		payloadEntityType: spec.payloadEntityType,
		webhooks,
		fields: child(`${spec.prefix}WebhookFields`, `${spec.prefix}WebhookField`, 'Fields', name, rowTable('fieldID', ids), spec.firstId + 100_000, true),
		udfFields,
		excludedResources: child(
			`${spec.prefix}WebhookExcludedResources`,
			`${spec.prefix}WebhookExcludedResource`,
			'ExcludedResources',
			name,
			fieldTable(`
				id          long     0  required readOnly
				resourceID  integer  0  required ref:Resource
				webhookID   integer  0  required readOnly
			`),
			spec.firstId + 200_000,
			false,
		),
	};
}

export function webhookFamilies(targets: { companies: EntityDef; contacts: EntityDef; configurationItems: EntityDef; tickets: EntityDef; ticketNotes: EntityDef }): WebhookFamily[] {
	return [
		family({ prefix: 'Company', target: targets.companies, payloadEntityType: 'Account', udfs: true, firstId: 3_000_001 }),
		family({ prefix: 'Contact', target: targets.contacts, payloadEntityType: 'Contact', udfs: true, firstId: 3_010_001 }),
		family({ prefix: 'ConfigurationItem', target: targets.configurationItems, payloadEntityType: 'ConfigurationItem', udfs: true, firstId: 3_020_001 }),
		family({ prefix: 'Ticket', target: targets.tickets, payloadEntityType: 'Ticket', udfs: true, firstId: 3_030_001 }),
		family({ prefix: 'TicketNote', target: targets.ticketNotes, payloadEntityType: 'TicketNote', udfs: false, firstId: 3_040_001 }),
	];
}

export function entitiesOf(families: WebhookFamily[]): EntityDef[] {
	return families.flatMap((f) => [f.webhooks, f.fields, ...(f.udfFields ? [f.udfFields] : []), f.excludedResources]);
}
