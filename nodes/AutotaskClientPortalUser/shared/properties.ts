import type { INodeProperties } from 'n8n-workflow';

import { contactLocator } from './contact';
import { PASSWORD_RULES } from './password';

/** Parameters several portal-user operations share. Each operation adds its own displayOptions. */

/** How Get, Update, Grant Access and Revoke Access find the portal user they work on. */
export function portalUserSelector(): INodeProperties[] {
	return [
		{
			displayName: 'Find User By',
			name: 'findBy',
			type: 'options',
			noDataExpression: true,
			default: 'id',
			options: [
				{ name: 'Portal User ID', value: 'id', description: 'The ID of the client portal user record' },
				{ name: 'Contact', value: 'contact', description: 'The contact the portal user belongs to' },
				{ name: 'Username', value: 'userName', description: 'The username the contact logs in with' },
			],
			description: 'How to identify the client portal user',
		},
		{
			displayName: 'Portal User ID',
			name: 'portalUserId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 30',
			description: 'The ID of the client portal user (not the contact ID)',
			displayOptions: { show: { findBy: ['id'] } },
		},
		{
			...contactLocator('contact', 'Contact', 'The contact whose client portal user to use'),
			displayOptions: { show: { findBy: ['contact'] } },
		},
		{
			displayName: 'Username',
			name: 'userName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. jane@client.com',
			description: 'The portal username, matched exactly (ignoring case)',
			displayOptions: { show: { findBy: ['userName'] } },
		},
	];
}

export const SECURITY_LEVEL_DESCRIPTION =
	"The contact's client portal security level, from this Autotask's own list. The Taskfire levels (Resource, Administrator) are only allowed for contacts of companies with Taskfire.";

export const SECURITY_LEVEL_EXPRESSION_NOTE = 'An expression may give the name (e.g. End User) or the ID.';

/**
 * A dropdown of the tenant's levels that also takes an expression giving a name or an ID: with
 * `allowArbitraryValues` n8n's editor does not flag an expression's value missing from the list
 * (it would say "The value ... is not supported!"); the node checks the value when it runs.
 */
export function securityLevelProperty(required: boolean): INodeProperties {
	return {
		displayName: 'Security Level Name or ID',
		name: 'securityLevel',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSecurityLevels' },
		allowArbitraryValues: true,
		required,
		default: '',
		description: `${SECURITY_LEVEL_DESCRIPTION} ${SECURITY_LEVEL_EXPRESSION_NOTE} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

/** Date, time and number formats, each from this Autotask's picklist (by expression: a name or an ID). */
export const FORMAT_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Date Format Name or ID',
		name: 'dateFormat',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDateFormats' },
		allowArbitraryValues: true,
		default: '',
		description:
			'How the portal shows dates to this user. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Number Format Name or ID',
		name: 'numberFormat',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getNumberFormats' },
		allowArbitraryValues: true,
		default: '',
		description:
			'How the portal shows numbers to this user. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Time Format Name or ID',
		name: 'timeFormat',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTimeFormats' },
		allowArbitraryValues: true,
		default: '',
		description:
			'How the portal shows times to this user. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const TYPED_PASSWORD_PROPERTY: INodeProperties = {
	displayName: 'Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: `The portal password: ${PASSWORD_RULES}. Never shown in the output.`,
};

/** The new username of Create and Update (Additional Fields / Update Fields); `extra` goes before the description. */
export function newUserNameProperty(description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName: 'Username', name: 'userName', type: 'string', default: '', ...extra, description };
}
