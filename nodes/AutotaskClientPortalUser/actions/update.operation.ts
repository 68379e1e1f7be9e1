import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { orThrow, refuseInvalidItems } from '../../common/execution';
import { parseJsonObject } from '../../common/json';
import { findByValues, matchKey, readOrError } from '../../common/lookup';
import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { IMPERSONATION_OPTIONS, outputOptionsCollection, writeClient } from '../../common/parameters';
import { runShapedWrites } from '../../common/recordShaper';
import { itemWriteBody } from '../../common/writeBody';
import { AutotaskClient } from '../../transport';
import type { FieldInfo } from '../../transport';
import { CONTACTS } from '../shared/contact';
import { PASSWORD_RULES } from '../shared/password';
import { describePicklistValue } from '../shared/picklists';
import {
	describePortalUser,
	locatePortalUsers,
	PORTAL_USERS,
	portalUserForOutput,
	portalUserWriteError,
	portalUsersByUserName,
	TASKFIRE_SECURITY_LEVELS,
	taskfireCompanyIds,
	taskfireRefusal,
	userNameConflicts,
} from '../shared/portalUser';
import {
	FORMAT_PROPERTIES,
	newUserNameProperty,
	portalUserSelector,
	securityLevelProperty,
	TYPED_PASSWORD_PROPERTY,
} from '../shared/properties';
import { portalUserFields, UPDATE_RULES } from '../shared/writeRules';
import { asNodeError } from '../../common/nodeError';

const properties: INodeProperties[] = [
	...portalUserSelector(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'The fields to change. The contact of a portal user cannot be changed; portal access is changed with Grant Access and Revoke Access.',
		options: [
			...FORMAT_PROPERTIES,
			{
				displayName: 'Fields (JSON)',
				name: 'fieldsJson',
				type: 'json',
				default: '{}',
				description:
					'More fields to change as a JSON object, e.g. from an earlier node: {"securityLevel": 2}. Fields set above take precedence.',
			},
			{ ...TYPED_PASSWORD_PROPERTY, description: `A new portal password: ${PASSWORD_RULES}. Never shown in the output.` },
			securityLevelProperty(false),
			newUserNameProperty('A new login name, unique in Autotask, at most 200 characters'),
		],
	},
	outputOptionsCollection([...IMPERSONATION_OPTIONS, MAX_HOURLY_WAIT_OPTION]),
];

export const description = updateDisplayOptions({ show: { operation: ['update'] } }, properties);

function parseFieldsJson(node: INode, value: unknown, itemIndex: number): IDataObject {
	try {
		return parseJsonObject(value, 'Fields (JSON)', 'must be a JSON object, e.g. {"securityLevel": 2}', {
			absentIsEmpty: true,
		});
	} catch (error) {
		throw asNodeError(node, error, itemIndex);
	}
}

/** The changes one item asks for, checked: only updatable fields, each valid. */
function readChanges(ctx: IExecuteFunctions, fields: FieldInfo[], itemIndex: number): IDataObject {
	const node = ctx.getNode();
	const { fieldsJson, ...given } = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const values = { ...parseFieldsJson(node, fieldsJson, itemIndex), ...given };
	return itemWriteBody(node, itemIndex, values, portalUserFields(fields), [], UPDATE_RULES);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const client = await AutotaskClient.forContext(this, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(this) });
	const fields = await client.fields(PORTAL_USERS);
	const changes = this.getInputData().map((_, itemIndex) => readOrError(() => readChanges(this, fields, itemIndex)));
	// Invalid changes are refused before any portal user is read: they cost no lookup.
	const targets = await locatePortalUsers(this, client, refuseInvalidItems(this, changes));
	const ready = (itemIndex: number) => !(changes[itemIndex] instanceof Error) && !(targets[itemIndex] instanceof Error);

	// Taskfire levels need the company of each affected user's contact.
	const wantsTaskfire = (change: IDataObject | Error) =>
		!(change instanceof Error) && TASKFIRE_SECURITY_LEVELS.includes(Number(change.securityLevel));
	const taskfireItems = changes.flatMap((change, itemIndex) =>
		ready(itemIndex) && wantsTaskfire(change) ? [itemIndex] : [],
	);
	const contactIds = taskfireItems.map((itemIndex) => Number((targets[itemIndex] as IDataObject).contactID));
	const contacts = contactIds.length ? await findByValues(client, CONTACTS, 'id', contactIds) : new Map();
	const companyOf = (contactId: number) => contacts.get(matchKey(contactId))?.[0]?.companyID as number | undefined;
	const withTaskfire = await taskfireCompanyIds(client, [
		...new Set(contactIds.map(companyOf).filter((id): id is number => id !== undefined)),
	]);

	const newUserNames = changes.map((change, itemIndex) =>
		ready(itemIndex) ? ((change as IDataObject).userName as string | undefined) : undefined,
	);
	const requested = newUserNames.filter((name): name is string => name !== undefined);
	const holders = requested.length ? await portalUsersByUserName(client, requested) : new Map();
	const nameConflicts = userNameConflicts(
		node,
		newUserNames,
		holders,
		targets.map((target) => (target instanceof Error ? undefined : target.id)),
	);

	return await runShapedWrites(this, { client, entity: PORTAL_USERS, forOutput: portalUserForOutput }, async (itemIndex) => {
		const change = orThrow(changes[itemIndex]);
		const target = orThrow(targets[itemIndex]);
		const conflict = nameConflicts[itemIndex];
		if (conflict) throw conflict;
		if (TASKFIRE_SECURITY_LEVELS.includes(Number(change.securityLevel))) {
			const companyId = companyOf(Number(target.contactID));
			if (companyId === undefined || !withTaskfire.has(companyId)) {
				throw taskfireRefusal(
					node,
					describePicklistValue(fields, 'securityLevel', change.securityLevel),
					describePortalUser(target),
					companyId ?? 'unknown',
					itemIndex,
				);
			}
		}
		const writer = writeClient(this, client, itemIndex);
		return {
			send: async () =>
				await writer.update({ entity: PORTAL_USERS }, { id: target.id, ...change }).catch((error: unknown) => {
					throw portalUserWriteError(node, error, change.userName, itemIndex);
				}),
		};
	});
}
