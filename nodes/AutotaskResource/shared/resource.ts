import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { readOrError, resolveReferences } from '../../common/lookup';
import type { ReferenceOrError } from '../../common/lookup';
import { requiredText, requiredWholeNumber } from '../../common/requiredParameters';
import { getAutotaskErrorDetails } from '../../transport';
import type { AutotaskClient, AutotaskRecord } from '../../transport';
import { asNodeError } from '../../common/nodeError';

export const RESOURCES = 'Resources';
export const RESOURCE_NOUN = 'resource';

/** How Get, Update, Activate and Deactivate find the resource they work on. */
export function resourceSelector(): INodeProperties[] {
	return [
		{
			displayName: 'Find Resource By',
			name: 'findBy',
			type: 'options',
			noDataExpression: true,
			default: 'id',
			options: [
				{ name: 'Resource ID', value: 'id' },
				{ name: 'E-Mail', value: 'email', description: "The resource's primary e-mail address" },
				{ name: 'Username', value: 'userName', description: 'The Autotask login name of the resource' },
			],
			description: 'How to identify the resource (staff member)',
		},
		{
			displayName: 'Resource ID',
			name: 'resourceId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 29682885',
			displayOptions: { show: { findBy: ['id'] } },
		},
		{
			displayName: 'E-Mail',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
			description: "The resource's primary e-mail address, matched exactly (ignoring case)",
			displayOptions: { show: { findBy: ['email'] } },
		},
		{
			displayName: 'Username',
			name: 'userName',
			type: 'string',
			required: true,
			default: '',
			description: "The resource's Autotask username, matched exactly (ignoring case)",
			displayOptions: { show: { findBy: ['userName'] } },
		},
	];
}

/**
 * Each item's resource, looked up together: one query per lookup kind and 500 items. Items with an
 * error in `refused` (input already found invalid) keep that error and are not looked up.
 */
export async function locateResources(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	refused: ReadonlyArray<Error | undefined> = [],
): Promise<Array<AutotaskRecord | Error>> {
	const references: ReferenceOrError[] = ctx.getInputData().map((_, itemIndex) =>
		readOrError(() => {
			const refusal = refused[itemIndex];
			if (refusal) throw refusal;
			const findBy = ctx.getNodeParameter('findBy', itemIndex) as string;
			if (findBy === 'email' || findBy === 'userName') {
				const value = requiredText(ctx, findBy, itemIndex, findBy === 'email' ? 'E-Mail' : 'Username');
				return {
					field: findBy,
					value,
					describe: findBy === 'email' ? `e-mail "${value}"` : `username "${value}"`,
				};
			}
			const id = requiredWholeNumber(ctx, 'resourceId', itemIndex, 'Resource ID');
			return { field: 'id', value: id, describe: `ID ${id}` };
		}),
	);
	return await resolveReferences(ctx.getNode(), client, RESOURCES, RESOURCE_NOUN, references);
}

export function describeResource(record: IDataObject): string {
	const name = [record.firstName, record.lastName].filter((part) => part).join(' ');
	const userName = record.userName ? ` "${String(record.userName)}"` : '';
	return `resource${userName}${name ? ` (${name}, ID ${String(record.id)})` : ` ${String(record.id)}`}`;
}

const ADMIN_HELP =
	'Autotask lets only API users whose security level has admin access to Resources/Users (HR) change resources. In Autotask go to Admin > Account Settings & Users > Resources/Users > Security Levels, edit the security level of this API user and give it admin access to Resources/Users (HR), or use a credential whose API user has that access.';

export function notResourceAdminError(node: INode, userName: string, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(
		node,
		`The API user "${userName}" lacks admin rights on Resources, so Autotask does not let it change resources`,
		{ itemIndex, description: ADMIN_HELP },
	);
}

/**
 * Refuses before sending when Autotask's metadata says this API user may not update Resources
 * (entityInformation is per user and cached).
 */
export async function assertResourceAdmin(node: INode, client: AutotaskClient): Promise<void> {
	const info = await client.entityInfo(RESOURCES);
	if (info.userAccessForUpdate === 'None') throw notResourceAdminError(node, client.userName);
}

/** A failed Resource write as reported: a permission refusal says what to change in Autotask. */
export function resourceWriteError(node: INode, client: AutotaskClient, error: unknown, itemIndex: number): Error {
	const details = getAutotaskErrorDetails(error);
	const refused =
		details !== undefined &&
		(details.status === 403 ||
			details.messages.some((message) => /does not have the adequate permissions/i.test(message)));
	if (refused) return notResourceAdminError(node, client.userName, itemIndex);
	return asNodeError(node, error, itemIndex);
}
