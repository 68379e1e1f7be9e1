import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchPage } from '../../common/listSearch';
import type { AutotaskClient, AutotaskRecord } from '../../transport';
import { CONTACTS } from '../shared/contact';
import { PORTAL_USERS } from '../shared/portalUser';

interface ContactPageFacts {
	companyNames: Map<number, string>;
	/** Whether each contact's portal user (if any) can log in. */
	portalAccess: Map<number, boolean>;
}

/** The companies and portal users of a page of contacts: one query for each, whatever the page size. */
async function contactPageFacts(contacts: AutotaskRecord[], client: AutotaskClient): Promise<ContactPageFacts> {
	const companyIds = [...new Set(contacts.map((contact) => Number(contact.companyID)).filter(Number.isInteger))];
	const [companies, portalUsers] = await Promise.all([
		companyIds.length
			? client.query('Companies', { filter: [{ op: 'in', field: 'id', value: companyIds }], includeFields: ['companyName'] })
			: [],
		client.query(PORTAL_USERS, {
			filter: [{ op: 'in', field: 'contactID', value: contacts.map((contact) => contact.id) }],
			includeFields: ['contactID', 'isClientPortalActive'],
		}),
	]);
	return {
		companyNames: new Map(companies.map((company) => [company.id, String(company.companyName ?? '')])),
		portalAccess: new Map(portalUsers.map((user) => [Number(user.contactID), user.isClientPortalActive === true])),
	};
}

function portalNote(access: boolean | undefined): string {
	if (access === undefined) return '';
	return access ? ' · has a portal user' : ' · has a portal user (access revoked)';
}

/**
 * Contacts matching the typed text, filtered by Autotask (every word must appear in the first
 * name, last name or e-mail address), 50 per page, each with its company and whether it already
 * has a client portal user.
 */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(this, {
		entity: CONTACTS,
		searchFields: ['firstName', 'lastName', 'emailAddress'],
		includeFields: ['firstName', 'lastName', 'emailAddress', 'isActive', 'companyID'],
		text: filter,
		paginationToken,
		pageFacts: contactPageFacts,
		toResult: (contact, facts) => {
			const name = [contact.firstName, contact.lastName].filter((part) => part).join(' ') || `Contact ${contact.id}`;
			// the editor cuts a row to the list's width: what tells contacts apart comes first, the
			// e-mail address (also searchable) last
			const email = contact.emailAddress ? ` · ${String(contact.emailAddress)}` : '';
			const inactive = contact.isActive === 0 || contact.isActive === false ? ' (inactive)' : '';
			const company = facts.companyNames.get(Number(contact.companyID));
			return {
				name: `${name}${inactive}${company ? ` · ${company}` : ''}${portalNote(facts.portalAccess.get(contact.id))}${email}`,
				value: String(contact.id),
			};
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
