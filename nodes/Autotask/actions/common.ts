import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	ResourceMapperValue,
} from 'n8n-workflow';

import type { EntityCatalogEntry } from '../../common/catalog';
import { runWrites } from '../../common/execution';
import type { PreparedWrite } from '../../common/execution';
import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { parseJsonObject } from '../../common/json';
import { asNodeError } from '../../common/nodeError';
import { multiSelectIndex, shapeRecordWithMultiSelect } from '../../common/multiSelectUdf';
import {
	FLATTEN_UDFS_OPTION,
	IMPERSONATION_OPTIONS,
	optionsCollection,
	PICKLIST_LABELS_OPTION,
	READ_BACK_OPTION,
	readOutputOptions,
	writableFieldsMapper,
	writeClient,
} from '../../common/parameters';
import type { ShowFor } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import { metadataLoader } from '../helpers/metadata';
import type { EntityMetadata } from '../helpers/metadata';
import { batchEntity, existingRecordReader, itemEntity } from '../helpers/writes';
import type { ExistingRecordReader } from '../helpers/writes';

/**
 * Parameters and helpers several operations of the generic node share. Each operation file
 * still declares which of them it shows.
 */

export const ENTITY_PROPERTY: INodeProperties = {
	displayName: 'Entity Name or ID',
	name: 'entity',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getEntities', loadOptionsDependsOn: ['operation'] },
	default: '',
	required: true,
	description:
		'The Autotask entity, by its plural REST name (Companies, Contacts, Tickets, TicketNotes, Projects, Tasks, TimeEntries, ConfigurationItems, ...). The list shows only entities the API allows this operation on. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export function recordIdProperty(show: ShowFor): INodeProperties {
	return {
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 29684512',
		description: 'The ID of the record',
		displayOptions: { show },
	};
}

export function parentIdProperty(show: ShowFor, required: 'create' | 'existing'): INodeProperties {
	return {
		displayName: 'Parent ID',
		name: 'parentId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 174',
		description:
			required === 'create'
				? 'For child entities only, which Autotask writes through their parent: the company ID for Contacts, the ticket ID for TicketNotes, the project ID for Tasks. Can also be given as the parent ID field (companyID, ticketID, projectID) among the fields. Ignored for other entities.'
				: 'For child entities only (Contacts under a company, TicketNotes under a ticket, Tasks under a project): the parent record ID. Leave empty to look it up from the record, at the cost of one extra query per 500 records.',
		displayOptions: { show },
	};
}

/** The fields of a create or update: mapped in the UI (or from the input item), or given as JSON. */
export function writeFieldsProperties(show: ShowFor): INodeProperties[] {
	return [
		{
			displayName: 'Set Fields Using',
			name: 'fieldsSource',
			type: 'options',
			options: [
				{
					name: 'Field Mapper',
					value: 'mapper',
					description: 'Fields loaded from the entity, with picklists by label; or map the input item automatically',
				},
				{
					name: 'JSON',
					value: 'json',
					description: 'An object of field names and values, handy for expressions and AI agents',
				},
			],
			default: 'mapper',
			displayOptions: { show },
		},
		writableFieldsMapper(
			{ displayName: 'Fields', displayOptions: { show: { ...show, fieldsSource: ['mapper'] } } },
			{
				dependsOn: ['entity', 'operation'],
				noFieldsError: 'Choose an entity first, or check that it has writable fields',
			},
		),
		{
			displayName: 'Fields (JSON)',
			name: 'fieldsJson',
			type: 'json',
			default: '{}',
			description:
				'Field names and values, e.g. {"title": "Printer down", "status": "New", "priority": 2}. Names in any case; picklists by value or label; user-defined fields by name or as "userDefinedFields": [{"name": ..., "value": ...}]. Use the describe operation to list the fields.',
			displayOptions: { show: { ...show, fieldsSource: ['json'] } },
		},
	];
}

export interface WriteValues {
	values: IDataObject;
	source: 'mapper' | 'autoMap' | 'json';
}

/** Reads the field values of one item from the mapper, the input item (auto-map) or the JSON. */
export function readWriteValues(ctx: IExecuteFunctions, itemIndex: number): WriteValues {
	if (ctx.getNodeParameter('fieldsSource', itemIndex, 'mapper') === 'json') {
		const raw = ctx.getNodeParameter('fieldsJson', itemIndex, '{}') as unknown;
		try {
			return { values: parseJsonObject(raw, 'Fields (JSON)', 'must be an object of field names and values'), source: 'json' };
		} catch (error) {
			throw asNodeError(ctx.getNode(), error, itemIndex);
		}
	}
	const mapper = ctx.getNodeParameter('fields', itemIndex) as ResourceMapperValue;
	if (mapper.mappingMode === 'autoMapInputData') {
		return { values: { ...ctx.getInputData()[itemIndex].json }, source: 'autoMap' };
	}
	return { values: (mapper.value ?? {}) as IDataObject, source: 'mapper' };
}

/** Output options for writes: the written record as Autotask now holds it, shaped like reads. */
export function writeOptionsProperty(show: ShowFor): INodeProperties {
	return optionsCollection([
		FLATTEN_UDFS_OPTION,
		...IMPERSONATION_OPTIONS,
		MAX_HOURLY_WAIT_OPTION,
		PICKLIST_LABELS_OPTION,
		READ_BACK_OPTION,
	], show);
}

/** Options of a delete: only on whose behalf it is made. */
export function deleteOptionsProperty(show: ShowFor): INodeProperties {
	return optionsCollection([...IMPERSONATION_OPTIONS, MAX_HOURLY_WAIT_OPTION], show);
}

/** What one item of a create, update or delete gets to build its write from. */
export interface EntityWriteItem {
	itemIndex: number;
	entry: EntityCatalogEntry;
	/** Writes through this client: it impersonates as the item's options say. */
	client: AutotaskClient;
	metadata: (entity: string) => Promise<EntityMetadata>;
	existingRecords: ExistingRecordReader;
}

/**
 * Runs create, update or delete over all items of the generic node: one entity per execution (so
 * the written records can be re-read together), each item's write built by `prepareItem`, the
 * output labelled like a read (deletes output `{ id, deleted: true }`).
 */
export async function runEntityWrites(
	ctx: IExecuteFunctions,
	operation: 'create' | 'update' | 'delete',
	prepareItem: (item: EntityWriteItem) => Promise<PreparedWrite>,
): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(ctx, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(ctx) });
	const metadata = metadataLoader(client);
	const batch = batchEntity(ctx, operation);
	const existingRecords = existingRecordReader(ctx, client);
	const isDelete = operation === 'delete';
	const written = batch && !isDelete ? await metadata(batch.name) : undefined;
	const labels = written?.labels ?? new Map();
	const multiSelect = multiSelectIndex(written?.udfs);
	return await runWrites(ctx, {
		client,
		entity: batch?.name ?? '',
		readBack: !isDelete && (ctx.getNodeParameter('options.readBack', 0, true) as boolean),
		prepare: async (itemIndex) =>
			await prepareItem({
				itemIndex,
				entry: itemEntity(ctx, itemIndex, operation, batch),
				client: writeClient(ctx, client, itemIndex),
				metadata,
				existingRecords,
			}),
		shape: isDelete
			? (record) => ({ id: record.id, deleted: true })
			: (record, itemIndex) => shapeRecordWithMultiSelect(record, labels, readOutputOptions(ctx, itemIndex), multiSelect),
	});
}
