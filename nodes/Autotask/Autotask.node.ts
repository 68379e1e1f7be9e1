import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { FILTER_FIELDS_METHOD, FILTER_VALUES_METHOD, getFilterValues } from '../common/filters';
import type { Operation } from '../common/router';
import { runSelectedOperation } from '../common/router';
import { optionNameSubtitle } from '../common/subtitle';
import { autotaskUserApiTest } from '../transport';
import { ENTITY_PROPERTY } from './helpers/properties';
import * as count from './actions/count.operation';
import * as create from './actions/create.operation';
import * as deleteOperation from './actions/delete.operation';
import * as describe from './actions/describe.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import * as update from './actions/update.operation';
import { getEntities, getFilterableFields, getReferenceFields, getReturnableFields } from './methods/loadOptions';
import { getWritableFields } from './methods/resourceMapping';
import { untilCredential } from '../common/credentialPending';

const operations: Record<string, Operation> = {
	create,
	get,
	getMany,
	update,
	delete: deleteOperation,
	count,
	describe,
};

const OPERATION_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Count',
		value: 'count',
		description: 'Count the records that match a filter, without reading them',
		action: 'Count records',
	},
	{
		name: 'Create',
		value: 'create',
		description:
			'Create a record; child entities (Contacts, TicketNotes, Tasks, ...) need their parent ID. Use describe to see required fields.',
		action: 'Create a record',
	},
	{
		name: 'Delete',
		value: 'delete',
		description: 'Delete a record by ID, where the API allows it (Companies and Tickets, for example, cannot be deleted)',
		action: 'Delete a record',
	},
	{
		name: 'Describe',
		value: 'describe',
		description:
			"List an entity's operations, fields, types, required and read-only flags, references and picklist values",
		action: 'Describe an entity',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get one record by ID',
		action: 'Get a record',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description: 'Find records with a filter (every Autotask operator, AND/OR groups, or a JSON filter)',
		action: 'Get many records',
	},
	{
		name: 'Update',
		value: 'update',
		description: 'Change only the given fields of a record by ID',
		action: 'Update a record',
	},
];

export class Autotask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask (any entity)',
		name: 'autotask',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: optionNameSubtitle('operation', OPERATION_OPTIONS, '$parameter["entity"]'),
		description:
			'Read and write any Autotask entity (companies, contacts, tickets, ticket notes, projects, tasks, time entries, configuration items and every other REST entity), with fields loaded live from Autotask',
		defaults: { name: 'Autotask' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		properties: [
			// One resource, "any entity" (the entity parameter below picks which, from ~230): with it
			// the editor names a new node after its action, as it does the other nodes.
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'record',
				options: [{ name: 'Any Entity', value: 'record', description: 'Records of the entity chosen below' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['record'] } },
				default: 'getMany',
				options: OPERATION_OPTIONS,
			},
			ENTITY_PROPERTY,
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = untilCredential(
		{
			loadOptions: {
				getEntities,
				getReferenceFields,
				getReturnableFields,
				[FILTER_FIELDS_METHOD]: getFilterableFields,
				[FILTER_VALUES_METHOD]: getFilterValues,
			},
			resourceMapping: { getWritableFields },
			credentialTest: { autotaskUserApiTest },
		},
		// the entity list comes from the package's catalog
		['getEntities'],
	);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runSelectedOperation(this, operations);
	}
}
