import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { runItems } from '../../common/execution';
import { locatorId } from '../../common/ids';
import { asNodeError } from '../../common/nodeError';
import { findField } from '../../common/picklistOptions';
import { chunked } from '../../common/lookup';
import { filtersCollection, outputOptionsCollection, readLimit, returnAllAndLimit } from '../../common/parameters';
import { recordShaper } from '../../common/recordShaper';
import { referenceLabelOptions, withReferenceLabels } from '../../common/referenceLabels';
import { coerceValue } from '../../common/fields';
import { AutotaskClient } from '../../transport';
import type { AutotaskFilter, AutotaskRecord } from '../../transport';
import { CONTACTS, contactLocator, readContactReference, resolveContactIds } from '../shared/contact';
import { PORTAL_USERS, portalUserForOutput } from '../shared/portalUser';
import { SECURITY_LEVEL_DESCRIPTION, SECURITY_LEVEL_EXPRESSION_NOTE } from '../shared/properties';

const properties: INodeProperties[] = [
	...returnAllAndLimit({}, 'client portal users'),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all', description: 'Users with and without access' },
			{ name: 'Active', value: 'active', description: 'Users who can log in (isClientPortalActive true)' },
			{ name: 'Terminated', value: 'terminated', description: 'Users whose access is revoked' },
		],
		description: 'Which users to return by portal access',
	},
	filtersCollection([
		{
			displayName: 'Company',
			name: 'company',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			description: 'Only users who are contacts of this company',
			modes: [
				{
					displayName: 'List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a company...',
					typeOptions: { searchListMethod: 'searchCompanies', searchable: true },
				},
				{
					displayName: 'ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 174',
					validation: [
						{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A company ID is a whole number' } },
					],
				},
			],
		},
		contactLocator('contact', 'Contact', 'Only the portal user of this contact', false),
		{
			displayName: 'Security Level Names or IDs',
			name: 'securityLevels',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getSecurityLevels' },
			// An expression may give names as well as IDs; they are checked when the node runs.
			allowArbitraryValues: true,
			default: [],
			description: `Only users with one of these security levels. ${SECURITY_LEVEL_DESCRIPTION} ${SECURITY_LEVEL_EXPRESSION_NOTE} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		},
		{
			displayName: 'Username',
			name: 'userName',
			type: 'string',
			default: '',
			description: 'Only users with this username (see Username Match)',
		},
		{
			displayName: 'Username Match',
			name: 'userNameMatch',
			type: 'options',
			default: 'exact',
			options: [
				{ name: 'Exact', value: 'exact', description: 'The username equals the text (ignoring case)' },
				{ name: 'Contains', value: 'contains', description: 'The username contains the text' },
			],
			description: 'How the Username filter compares',
		},
	]),
	outputOptionsCollection(referenceLabelOptions()),
];

export const description = updateDisplayOptions({ show: { operation: ['getMany'] } }, properties);

function companyId(ctx: IExecuteFunctions, filters: IDataObject, itemIndex: number): number | undefined {
	const locator = filters.company as INodeParameterResourceLocator | string | number | undefined;
	const value = String((typeof locator === 'object' ? locator?.value : locator) ?? '').trim();
	if (value === '') return undefined;
	return locatorId(ctx.getNode(), value, 'Company ID', itemIndex);
}

/** The levels asked for: the dropdown's list, or an expression's list or comma-separated text of names or IDs. */
function securityLevelsGiven(given: unknown): Array<string | number> {
	const list = Array.isArray(given) ? given : typeof given === 'string' || typeof given === 'number' ? String(given).split(',') : [];
	return list.map((level) => (typeof level === 'string' ? level.trim() : level)).filter((level) => level !== '') as Array<string | number>;
}

async function baseFilter(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	filters: IDataObject,
	itemIndex: number,
): Promise<AutotaskFilter[]> {
	const filter: AutotaskFilter[] = [];
	const status = ctx.getNodeParameter('status', itemIndex, 'all') as string;
	if (status !== 'all') filter.push({ op: 'eq', field: 'isClientPortalActive', value: status === 'active' });
	const userName = String(filters.userName ?? '').trim();
	if (userName !== '') {
		filter.push({ op: filters.userNameMatch === 'contains' ? 'contains' : 'eq', field: 'userName', value: userName });
	}
	const levels = securityLevelsGiven(filters.securityLevels);
	if (levels.length > 0) {
		const field = findField(await client.fields(PORTAL_USERS), 'securityLevel') ?? { name: 'securityLevel', dataType: 'integer' };
		// A level Autotask no longer offers still holds users; reading them by it is allowed.
		const values = levels.map((level) => {
			try {
				return Number(coerceValue(field, level));
			} catch (error) {
				throw asNodeError(ctx.getNode(), error, itemIndex);
			}
		});
		filter.push({ op: 'in', field: 'securityLevel', value: values });
	}
	return filter;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(this);
	const shape = await recordShaper(this, client, PORTAL_USERS, portalUserForOutput);

	const items = await runItems(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const limit = readLimit(this, itemIndex);
		const filter = await baseFilter(this, client, filters, itemIndex);

		const contactReference = readContactReference(this, 'filters.contact', itemIndex);
		if (contactReference) {
			const [contactId] = await resolveContactIds(this, client, [contactReference]);
			if (contactId instanceof Error) throw contactId;
			filter.push({ op: 'eq', field: 'contactID', value: contactId });
		}

		const company = companyId(this, filters, itemIndex);
		let users: AutotaskRecord[];
		if (company === undefined) {
			users = await client.query(PORTAL_USERS, { filter, limit });
		} else {
			// Portal users carry no company: find the company's contacts, then their users.
			const contacts = await client.query(CONTACTS, {
				filter: [{ op: 'eq', field: 'companyID', value: company }],
				includeFields: ['id'],
			});
			users = [];
			for (const contactIds of chunked(contacts.map((contact) => contact.id))) {
				const remaining = limit === undefined ? undefined : limit - users.length;
				if (remaining !== undefined && remaining <= 0) break;
				users.push(
					...(await client.query(PORTAL_USERS, {
						filter: [...filter, { op: 'in', field: 'contactID', value: contactIds }],
						limit: remaining,
					})),
				);
			}
		}
		return users.map((user) => shape(user, itemIndex));
	});
	return await withReferenceLabels(this, client, PORTAL_USERS, items);
}
