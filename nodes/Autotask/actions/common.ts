import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperValue } from 'n8n-workflow';

import { buildLabelLookup } from '../../common/output';
import type { LabelLookup } from '../../common/output';
import { FLATTEN_UDFS_OPTION, PICKLIST_LABELS_OPTION, READ_BACK_OPTION } from '../../common/parameters';
import type { ShowFor } from '../../common/parameters';
import type { AutotaskClient } from '../../transport';
import type { FieldInfo, UdfInfo } from '../../transport/types';

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

/** The entity's metadata for one execution: fetched through the transport's cache, labels built once. */
export interface EntityMetadata {
	fields: FieldInfo[];
	udfs: UdfInfo[];
	labels: LabelLookup;
}

/** Per-execution memo over the transport's metadata cache, so items of one entity share one lookup. */
export function metadataLoader(client: AutotaskClient): (entity: string) => Promise<EntityMetadata> {
	const loaded = new Map<string, Promise<EntityMetadata>>();
	return async (entity) => {
		let metadata = loaded.get(entity);
		if (!metadata) {
			metadata = (async () => {
				const [fields, udfs] = await Promise.all([client.fields(entity), client.udfs(entity)]);
				return { fields, udfs, labels: buildLabelLookup([...fields, ...udfs]) };
			})();
			loaded.set(entity, metadata);
		}
		return await metadata;
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
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: ['entity', 'operation'],
				resourceMapper: {
					resourceMapperMethod: 'getWritableFields',
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: false,
					multiKeyMatch: false,
					supportAutoMap: true,
					noFieldsError: 'Choose an entity first, or check that it has writable fields',
				},
			},
			displayOptions: { show: { ...show, fieldsSource: ['mapper'] } },
		},
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
		const parsed = typeof raw === 'string' ? parseJsonObject(ctx, itemIndex, raw) : raw;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new NodeOperationError(ctx.getNode(), 'Fields (JSON) must be an object of field names and values', {
				itemIndex,
			});
		}
		return { values: parsed as IDataObject, source: 'json' };
	}
	const mapper = ctx.getNodeParameter('fields', itemIndex) as ResourceMapperValue;
	if (mapper.mappingMode === 'autoMapInputData') {
		return { values: { ...ctx.getInputData()[itemIndex].json }, source: 'autoMap' };
	}
	return { values: (mapper.value ?? {}) as IDataObject, source: 'mapper' };
}

function parseJsonObject(ctx: IExecuteFunctions, itemIndex: number, text: string): unknown {
	if (text.trim() === '') return {};
	let syntaxError: string | undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch (error) {
		syntaxError = (error as Error).message;
	}
	if (syntaxError !== undefined) {
		throw new NodeOperationError(ctx.getNode(), 'Fields (JSON) is not valid JSON', { itemIndex, description: syntaxError });
	}
	return parsed;
}

/** Output options for writes: the written record as Autotask now holds it, shaped like reads. */
export function writeOptionsProperty(show: ShowFor): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [FLATTEN_UDFS_OPTION, PICKLIST_LABELS_OPTION, READ_BACK_OPTION],
	};
}
