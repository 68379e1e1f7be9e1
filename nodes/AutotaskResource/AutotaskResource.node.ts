import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import type { Operation } from '../common/router';
import { runSelectedOperation } from '../common/router';
import { optionNameSubtitle } from '../common/subtitle';
import { autotaskUserApiTest } from '../transport';
import * as activate from './actions/activate.operation';
import * as deactivate from './actions/deactivate.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import * as update from './actions/update.operation';
import * as whoAmI from './actions/whoAmI.operation';
import { getLicenseTypes, getLocations, getReferenceFields, getResourceTypes } from './methods/loadOptions';
import { getWritableFields } from './methods/resourceMapping';
import { untilCredential } from '../common/credentialPending';

const operations: Record<string, Operation> = { get, getMany, update, activate, deactivate, whoAmI };

const OPERATION_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Activate',
		value: 'activate',
		description: 'Set a resource active so they can log in; fails if already active',
		action: 'Activate a resource',
	},
	{
		name: 'Deactivate',
		value: 'deactivate',
		description: 'Set a resource inactive (resources cannot be deleted); fails if already inactive',
		action: 'Deactivate a resource',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get one resource by ID, e-mail address or username',
		action: 'Get a resource',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description:
			'List resources, filtered by active state, resource type, license type, name, e-mail or location',
		action: 'Get many resources',
	},
	{
		name: 'Update',
		value: 'update',
		description:
			"Change a resource's writable fields (name, e-mails, phones, title...); needs an API user with admin rights on Resources",
		action: 'Update a resource',
	},
	{
		name: 'Who Am I',
		value: 'whoAmI',
		description: 'Get the resource behind this credential, and the impersonated resource when one is set',
		action: 'Get the resource of this credential',
	},
];

export class AutotaskResource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Resource',
		name: 'autotaskResource',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: optionNameSubtitle('operation', OPERATION_OPTIONS),
		description:
			'Read and update Autotask staff records (Resources): find by ID, e-mail or username, update, activate, deactivate, and see which resource the credential acts as',
		defaults: { name: 'Autotask Resource' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		properties: [
			{
				displayName:
					'The Autotask API cannot create or delete resources. Add and remove staff in Autotask itself (Admin > Resources); this node reads, updates, activates and deactivates them.',
				name: 'noCreateDeleteNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'resource',
				options: [{ name: 'Resource (Staff Member)', value: 'resource' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				// The editor names a new node after the operation's action only when the operation is
				// tied to its resource like this.
				displayOptions: { show: { resource: ['resource'] } },
				default: 'get',
				options: OPERATION_OPTIONS,
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = untilCredential({
		loadOptions: { getResourceTypes, getLicenseTypes, getLocations, getReferenceFields },
		resourceMapping: { getWritableFields },
		credentialTest: { autotaskUserApiTest },
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runSelectedOperation(this, operations);
	}
}
