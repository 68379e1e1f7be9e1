/**
 * The contact list of the Client Portal User node: each contact with its company and whether it
 * already has a portal user, read for the whole page at once (one query per kind, never one per
 * contact); and mode names short enough for n8n's narrow mode selector.
 */
import type { INodeProperties } from 'n8n-workflow';

import { contactLocator } from '../nodes/AutotaskClientPortalUser/shared/contact';
import { PORTAL_USER, companyNamed, portalUsers, requestsOf } from './clientPortalUserKit';
import { buildNode, callMethod, shutdownHarness } from './harness';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const search = async (filter: string) =>
	await callMethod('listSearch', 'searchContacts', {
		node: buildNode(PORTAL_USER, { operation: 'create' }),
		credentials: credentialsFor(sim()),
		filter,
	});

it('names every mode in a word or two (n8n cut "By E-Mail" to "By E-Ma")', () => {
	const modes = (contactLocator('contact', 'Contact', '') as INodeProperties).modes ?? [];
	expect(modes.map((mode) => mode.displayName)).toEqual(['List', 'ID', 'E-Mail']);
	for (const mode of modes) expect(mode.displayName.length).toBeLessThanOrEqual(7);
});

it("shows each contact's company and portal user, with one query each for the page's companies and portal users", async () => {
	const acme = companyNamed(sim(), 'Acme Managed Client').id as number;
	const ids: number[] = [];
	for (let index = 0; index < 50; index++) {
		ids.push(Number(sim().store.insert('Contacts', { companyID: acme, firstName: 'Listed', lastName: `Person${index}`, isActive: 1 }).id));
	}
	const [withAccess, revoked] = [ids[3], ids[7]];
	sim().store.insert('ClientPortalUsers', { contactID: withAccess, userName: 'listed3', securityLevel: 1, isClientPortalActive: true, dateFormat: 1, timeFormat: 1, numberFormat: 1 });
	sim().store.insert('ClientPortalUsers', { contactID: revoked, userName: 'listed7', securityLevel: 1, isClientPortalActive: false, dateFormat: 1, timeFormat: 1, numberFormat: 1 });
	sim().resetCounters();

	const page = await search('listed');
	expect(page.results).toHaveLength(50);
	const nameOf = (id: number) => page.results.find((result) => result.value === String(id))?.name;
	expect(nameOf(ids[0])).toBe('Listed Person0 · Acme Managed Client');
	expect(nameOf(withAccess)).toBe('Listed Person3 · Acme Managed Client · has a portal user');
	expect(nameOf(revoked)).toBe('Listed Person7 · Acme Managed Client · has a portal user (access revoked)');

	expect(requestsOf(sim(), 'query').map((request) => request.entity).sort()).toEqual(['ClientPortalUsers', 'Companies', 'Contacts']);
});

it('shows the seeded contacts that already have portal users as such', async () => {
	const user = portalUsers(sim()).find((candidate) => candidate.isClientPortalActive === true)!;
	const contact = sim().store.get('Contacts', user.contactID as number)!;
	const page = await search(String(contact.emailAddress));
	const entry = page.results.find((result) => result.value === String(contact.id));
	expect(entry?.name).toMatch(/ · .+ · has a portal user · \S+@\S+$/);
});
