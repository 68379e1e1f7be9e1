import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { orThrow } from '../../common/execution';
import { matchKey, readOrError } from '../../common/lookup';
import { MAX_HOURLY_WAIT_OPTION, maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { IMPERSONATION_OPTIONS, outputOptionsCollection, writeClient } from '../../common/parameters';
import { asNodeError } from '../../common/nodeError';
import { runShapedWrites } from '../../common/recordShaper';
import { refusal } from '../../common/refusal';
import { itemWriteBody } from '../../common/writeBody';
import { AutotaskClient, PAGE_SIZE } from '../../transport';
import type { AutotaskRecord, FieldInfo } from '../../transport';
import { contactLocator, contactName, readContactReferences, resolveContacts } from '../shared/contact';
import { generatePassword, PASSWORD_RULES } from '../shared/password';
import { describePicklistValue, givenOrDefault } from '../shared/picklists';
import {
	PORTAL_USERS,
	portalUserForOutput,
	portalUserWriteError,
	readUserName,
	TASKFIRE_SECURITY_LEVELS,
	taskfireCompanyIds,
	taskfireRefusal,
	userNameConflicts,
} from '../shared/portalUser';
import { FORMAT_PROPERTIES, newUserNameProperty, securityLevelProperty, TYPED_PASSWORD_PROPERTY } from '../shared/properties';
import { CREATE_RULES, portalUserFields } from '../shared/writeRules';

const properties: INodeProperties[] = [
	contactLocator(
		'contact',
		'Contact',
		'The Autotask contact who gets portal access. Search by name or e-mail, or give the contact ID or e-mail address.',
	),
	securityLevelProperty(true),
	{
		displayName: 'Password Source',
		name: 'passwordMode',
		type: 'options',
		default: 'generate',
		options: [
			{
				name: 'Generate',
				value: 'generate',
				description:
					"A random password nobody sees; the contact sets their own from Autotask's welcome e-mail or the portal's reset link",
			},
			{ name: 'Enter', value: 'enter', description: 'Type the password (it is never shown in the output)' },
		],
		description: `Where the portal password comes from. Rules: ${PASSWORD_RULES}.`,
	},
	{ ...TYPED_PASSWORD_PROPERTY, required: true, displayOptions: { show: { passwordMode: ['enter'] } } },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...FORMAT_PROPERTIES.map((property) => ({
				...property,
				description: `${property.description} Default: this Autotask's default format.`,
			})),
			{
				displayName: 'Grant Access Now',
				name: 'grantAccess',
				type: 'boolean',
				default: true,
				description:
					'Whether the contact can log in right away. Off: the user is created with access revoked (status TERMINATED), to be granted later.',
			},
			newUserNameProperty("The login name, unique in Autotask, at most 200 characters. Default: the contact's e-mail address.", {
				placeholder: 'e.g. jane@client.com',
			}),
		],
	},
	outputOptionsCollection([...IMPERSONATION_OPTIONS, MAX_HOURLY_WAIT_OPTION]),
];

export const description = updateDisplayOptions({ show: { operation: ['create'] } }, properties);

/** One item's request, read and checked before any lookup. */
interface CreateRequest {
	/** The checked fields: security level, password, formats, and the username when one was given. */
	fields: IDataObject;
	isClientPortalActive: boolean;
}

function readRequest(ctx: IExecuteFunctions, fields: FieldInfo[], itemIndex: number): CreateRequest {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	// In the order the checks report: security level, password, formats, username.
	const values: IDataObject = {
		securityLevel: givenOrDefault(fields, 'securityLevel', ctx.getNodeParameter('securityLevel', itemIndex, '')),
		password:
			ctx.getNodeParameter('passwordMode', itemIndex, 'generate') === 'enter'
				? (ctx.getNodeParameter('password', itemIndex, '') ?? '')
				: generatePassword(),
	};
	for (const name of ['dateFormat', 'timeFormat', 'numberFormat']) values[name] = givenOrDefault(fields, name, additional[name]);
	if (String(additional.userName ?? '').trim() !== '') values.userName = additional.userName;
	return {
		fields: itemWriteBody(ctx.getNode(), itemIndex, values, portalUserFields(fields), [], CREATE_RULES),
		isClientPortalActive: additional.grantAccess !== false,
	};
}

/**
 * Existing portal users holding any of the usernames or contacts, found with one query per 500
 * items (the uniqueness check before sending).
 */
async function existingPortalUsers(
	client: AutotaskClient,
	userNames: string[],
	contactIds: number[],
): Promise<AutotaskRecord[]> {
	const found: AutotaskRecord[] = [];
	const size = Math.max(userNames.length, contactIds.length);
	for (let start = 0; start < size; start += PAGE_SIZE) {
		const names = userNames.slice(start, start + PAGE_SIZE);
		const ids = contactIds.slice(start, start + PAGE_SIZE);
		const conditions = [
			...(names.length ? [{ op: 'in', field: 'userName', value: names }] : []),
			...(ids.length ? [{ op: 'in', field: 'contactID', value: ids }] : []),
		];
		if (conditions.length === 0) continue;
		found.push(
			...(await client.query(PORTAL_USERS, {
				filter: conditions.length === 1 ? conditions : [{ op: 'or', items: conditions }],
				includeFields: ['id', 'userName', 'contactID'],
			})),
		);
	}
	return found;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const client = await AutotaskClient.forContext(this, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(this) });
	const fields = await client.fields(PORTAL_USERS);
	const requests = this.getInputData().map((_, itemIndex) => readOrError(() => readRequest(this, fields, itemIndex)));
	const contacts = await resolveContacts(
		this,
		client,
		readContactReferences(this, 'contact', 'Contact').map((reference, itemIndex) => {
			const request = requests[itemIndex];
			return request instanceof Error ? request : reference;
		}),
	);

	// Username defaults to the contact's e-mail address.
	const userNames = contacts.map((contact, itemIndex) =>
		readOrError(() => {
			if (contact instanceof Error) throw contact;
			const request = requests[itemIndex] as CreateRequest;
			if (typeof request.fields.userName === 'string') return request.fields.userName;
			const email = String(contact.emailAddress ?? '').trim();
			if (email === '') {
				throw new NodeOperationError(node, `${contactName(contact)} has no e-mail address to use as username`, {
					itemIndex,
					description: 'Set "Username" under Additional Fields, or add an e-mail address to the contact in Autotask.',
				});
			}
			try {
				return readUserName(email);
			} catch (error) {
				throw asNodeError(node, error, itemIndex);
			}
		}),
	);

	const validNames = userNames.filter((name): name is string => typeof name === 'string');
	const contactIds = contacts.flatMap((contact) => (contact instanceof Error ? [] : [contact.id]));
	const existing = await existingPortalUsers(client, [...new Set(validNames)], [...new Set(contactIds)]);
	const existingByName = new Map<string, AutotaskRecord[]>();
	for (const record of existing) {
		const key = matchKey(record.userName);
		existingByName.set(key, [...(existingByName.get(key) ?? []), record]);
	}
	const nameConflicts = userNameConflicts(
		node,
		userNames.map((name) => (typeof name === 'string' ? name : undefined)),
		existingByName,
	);

	const taskfireNeeded = contacts.flatMap((contact, itemIndex) => {
		const request = requests[itemIndex];
		if (contact instanceof Error || request instanceof Error) return [];
		return TASKFIRE_SECURITY_LEVELS.includes(Number(request.fields.securityLevel)) ? [Number(contact.companyID)] : [];
	});
	const withTaskfire = await taskfireCompanyIds(client, [...new Set(taskfireNeeded)]);

	const claimedContacts = new Map<number, number>();
	return await runShapedWrites(this, { client, entity: PORTAL_USERS, forOutput: portalUserForOutput }, async (itemIndex) => {
		const request = orThrow(requests[itemIndex]);
		const contact = orThrow(contacts[itemIndex]);
		const userName = orThrow(userNames[itemIndex]);

		const current = existing.find((record) => record.contactID === contact.id);
		const earlierItem = claimedContacts.get(contact.id);
		if (current || earlierItem !== undefined) {
			throw refusal(
				node,
				current
					? `${contactName(contact)} already has a client portal user ` +
							`(ID ${current.id}, username "${String(current.userName)}")`
					: `${contactName(contact)} is also given a portal user by item ${earlierItem}`,
				{
					itemIndex,
					description:
						'A contact has at most one client portal user. Use Grant Access to give an existing user access again, or Update to change it.',
				},
			);
		}
		const conflict = nameConflicts[itemIndex];
		if (conflict) throw conflict;

		if (TASKFIRE_SECURITY_LEVELS.includes(Number(request.fields.securityLevel)) && !withTaskfire.has(Number(contact.companyID))) {
			const level = describePicklistValue(fields, 'securityLevel', request.fields.securityLevel);
			throw taskfireRefusal(node, level, contactName(contact), contact.companyID, itemIndex);
		}

		claimedContacts.set(contact.id, itemIndex);
		const body: IDataObject = {
			contactID: contact.id,
			...request.fields,
			userName,
			isClientPortalActive: request.isClientPortalActive,
		};
		const writer = writeClient(this, client, itemIndex);
		return {
			send: async () =>
				await writer.create({ entity: PORTAL_USERS }, body).catch((error: unknown) => {
					throw portalUserWriteError(node, error, userName, itemIndex);
				}),
		};
	});
}
