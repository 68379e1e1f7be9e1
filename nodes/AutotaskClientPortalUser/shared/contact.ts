import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { locatorId } from '../../common/ids';
import { readOrError, resolveReferences } from '../../common/lookup';
import type { RecordReference, ReferenceOrError } from '../../common/lookup';
import type { AutotaskClient, AutotaskRecord } from '../../transport';

export const CONTACTS = 'Contacts';

const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';

/**
 * A contact chosen from a searchable list, by ID, or by e-mail address. The mode names are short
 * because n8n's mode selector is narrow (it cut "By E-Mail" to "By E-Ma").
 */
export function contactLocator(
	name: string,
	displayName: string,
	description: string,
	required = true,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		modes: [
			{
				displayName: 'List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a contact...',
				typeOptions: { searchListMethod: 'searchContacts', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 29684321',
				validation: [
					{ type: 'regex', properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'A contact ID is a whole number' } },
				],
			},
			{
				displayName: 'E-Mail',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@client.com',
				validation: [
					{ type: 'regex', properties: { regex: EMAIL_PATTERN, errorMessage: 'Enter an e-mail address' } },
				],
			},
		],
	};
}

/**
 * How an item names its contact: a reference by id (list and ID modes) or by primary e-mail.
 * Returns undefined when the (optional) locator is empty.
 */
export function readContactReference(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
): RecordReference | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, { mode: 'list', value: '' }) as
		| INodeParameterResourceLocator
		| string
		| number;
	// An expression may replace the whole locator with a bare id or e-mail address.
	const locator = typeof raw === 'object' ? raw : { mode: String(raw).includes('@') ? 'email' : 'id', value: raw };
	const value = String(locator.value ?? '').trim();
	if (value === '') return undefined;
	if (locator.mode === 'email') {
		if (!new RegExp(EMAIL_PATTERN).test(value)) {
			throw new NodeOperationError(ctx.getNode(), `Contact e-mail "${value}" is not an e-mail address`, { itemIndex });
		}
		return { field: 'emailAddress', value, describe: `e-mail "${value}"` };
	}
	return { field: 'id', value: locatorId(ctx.getNode(), value, 'Contact ID', itemIndex), describe: `ID ${value}` };
}

/** Reads a required contact locator for every item; an empty one is that item's error. */
export function readContactReferences(ctx: IExecuteFunctions, name: string, displayName: string): ReferenceOrError[] {
	return ctx.getInputData().map((_, itemIndex) =>
		readOrError(() => {
			const reference = readContactReference(ctx, name, itemIndex);
			if (!reference) {
				throw new NodeOperationError(ctx.getNode(), `${displayName} is required: choose a contact`, { itemIndex });
			}
			return reference;
		}),
	);
}

/** Each item's contact record, looked up together (one query per 500 references of each kind). */
export async function resolveContacts(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	references: readonly ReferenceOrError[],
): Promise<Array<AutotaskRecord | Error>> {
	return await resolveReferences(ctx.getNode(), client, CONTACTS, 'contact', references);
}

/**
 * Each item's contact id. References by id are taken as they are (no request); only e-mail
 * references are looked up.
 */
export async function resolveContactIds(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	references: readonly ReferenceOrError[],
): Promise<Array<number | Error>> {
	const byEmail = references.map((reference) =>
		reference instanceof Error || reference.field === 'id' ? new Error('not looked up') : reference,
	);
	const needsLookup = byEmail.some((reference) => !(reference instanceof Error));
	const contacts = needsLookup ? await resolveContacts(ctx, client, byEmail) : [];
	return references.map((reference, itemIndex) => {
		if (reference instanceof Error) return reference;
		if (reference.field === 'id') return Number(reference.value);
		const contact = contacts[itemIndex];
		return contact instanceof Error ? contact : contact.id;
	});
}

export function contactName(contact: AutotaskRecord): string {
	const name = [contact.firstName, contact.lastName].filter((part) => part).join(' ');
	return name === '' ? `contact ${contact.id}` : `${name} (contact ${contact.id})`;
}
