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
import * as create from './actions/create.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import * as grantAccess from './actions/grantAccess.operation';
import * as revokeAccess from './actions/revokeAccess.operation';
import * as update from './actions/update.operation';
import { getDateFormats, getNumberFormats, getReferenceFields, getSecurityLevels, getTimeFormats } from './methods/loadOptions';
import { searchCompanies, searchContacts } from './methods/listSearch';
import { untilCredential } from '../common/credentialPending';

const operations: Record<string, Operation> = { create, get, getMany, update, grantAccess, revokeAccess };

const OPERATION_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Create',
		value: 'create',
		description:
			'Create a portal user for a contact (username defaults to the contact e-mail); access is granted right away unless turned off',
		action: 'Create a client portal user',
	},
	{
		name: 'Get',
		value: 'get',
		description: 'Get one portal user by portal user ID, by contact, or by username',
		action: 'Get a client portal user',
	},
	{
		name: 'Get Many',
		value: 'getMany',
		description: 'List portal users, filtered by company, contact, username, security level and status',
		action: 'Get many client portal users',
	},
	{
		name: 'Grant Access',
		value: 'grantAccess',
		description: 'Let a portal user log in again (status becomes ACTIVE); fails if the user already has access',
		action: 'Grant portal access',
	},
	{
		name: 'Revoke Access',
		value: 'revokeAccess',
		description:
			'Stop a portal user from logging in (status becomes TERMINATED; Autotask cannot delete portal users); fails if access is already revoked',
		action: 'Revoke portal access',
	},
	{
		name: 'Update',
		value: 'update',
		description: "Change a portal user's username, password, security level or formats",
		action: 'Update a client portal user',
	},
];

export class AutotaskClientPortalUser implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Client Portal User',
		name: 'autotaskClientPortalUser',
		icon: { light: 'file:../../icons/autotask.svg', dark: 'file:../../icons/autotask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: optionNameSubtitle('operation', OPERATION_OPTIONS),
		description:
			"Give Autotask contacts access to the Client Portal, change their portal login, and revoke access (Autotask's ClientPortalUsers)",
		defaults: { name: 'Autotask Client Portal User' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskUserApi', required: true, testedBy: 'autotaskUserApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'clientPortalUser',
				options: [{ name: 'Client Portal User', value: 'clientPortalUser' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				// The editor names a new node after the operation's action only when the operation is
				// tied to its resource like this.
				displayOptions: { show: { resource: ['clientPortalUser'] } },
				default: 'create',
				options: OPERATION_OPTIONS,
			},
			...Object.values(operations).flatMap((operation) => operation.description),
		],
	};

	methods = untilCredential({
		loadOptions: { getSecurityLevels, getDateFormats, getTimeFormats, getNumberFormats, getReferenceFields },
		listSearch: { searchContacts, searchCompanies },
		credentialTest: { autotaskUserApiTest },
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runSelectedOperation(this, operations);
	}
}
