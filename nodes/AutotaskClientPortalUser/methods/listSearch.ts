import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchPage } from '../../common/listSearch';
import { CONTACTS } from '../shared/contact';

/**
 * Contacts matching the typed text, filtered by Autotask (every word must appear in the first
 * name, last name or e-mail address), 50 per page.
 */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(this, {
		entity: CONTACTS,
		searchFields: ['firstName', 'lastName', 'emailAddress'],
		includeFields: ['firstName', 'lastName', 'emailAddress', 'isActive'],
		text: filter,
		paginationToken,
		toResult: (contact) => {
			const name = [contact.firstName, contact.lastName].filter((part) => part).join(' ') || `Contact ${contact.id}`;
			const email = contact.emailAddress ? ` <${String(contact.emailAddress)}>` : '';
			const inactive = contact.isActive === 0 || contact.isActive === false ? ' (inactive)' : '';
			return { name: `${name}${email}${inactive}`, value: String(contact.id) };
		},
	});
}

/** Companies whose name contains every typed word, 50 per page. */
export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(this, {
		entity: 'Companies',
		searchFields: ['companyName'],
		includeFields: ['companyName', 'isActive'],
		text: filter,
		paginationToken,
		toResult: (company) => ({
			name: `${String(company.companyName ?? `Company ${company.id}`)}${company.isActive === false ? ' (inactive)' : ''}`,
			value: String(company.id),
		}),
	});
}
