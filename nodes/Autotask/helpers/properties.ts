import type { INodeProperties } from 'n8n-workflow';

import { MAX_HOURLY_WAIT_OPTION } from '../../common/hourlyWait';
import {
	FLATTEN_UDFS_OPTION,
	IMPERSONATION_OPTIONS,
	optionsCollection,
	PICKLIST_LABELS_OPTION,
	READ_BACK_OPTION,
	writableFieldsMapper,
} from '../../common/parameters';
import type { ShowFor } from '../../common/parameters';

/**
 * Parameters several operations of the generic node share. Each operation file still declares
 * which of them it shows, and in which order.
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
			{
				displayName: 'Fields',
				description: 'Fields added and left empty are not sent; to clear a field, set it to the expression {{ "" }}',
				displayOptions: { show: { ...show, fieldsSource: ['mapper'] } },
			},
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
