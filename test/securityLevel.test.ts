/**
 * Security Level (Client Portal User): the dropdown, and expressions giving a level's name or ID,
 * are all valid in the editor (no "The value ... is not supported!") and resolved when the node runs;
 * anything else is refused naming the field and listing the tenant's levels.
 */
import type { INodeProperties } from 'n8n-workflow';

import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { byId, contactsWithoutPortalUser, jsonOf, portalUsers, runPortal } from './clientPortalUserKit';
import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

const freeContactId = () => contactsWithoutPortalUser(sim())[0].id as number;
const create = (securityLevel: unknown) => ({ operation: 'create', contact: byId(freeContactId()), securityLevel });

describe('in the editor', () => {
	const flatten = (properties: INodeProperties[]): INodeProperties[] =>
		properties.flatMap((property) => [property, ...flatten(((property.options ?? []) as INodeProperties[]).filter((option) => 'type' in option))]);
	const all = flatten(new AutotaskClientPortalUser().description.properties);
	const loadedBy = (method: string) => all.filter((property) => property.typeOptions?.loadOptionsMethod === method);

	it('every security level and format dropdown accepts values outside its list, so expressions are not flagged', () => {
		const levels = loadedBy('getSecurityLevels');
		// Create, Update and Get Many's filter.
		expect(levels.map((property) => property.name).sort()).toEqual(['securityLevel', 'securityLevel', 'securityLevels']);
		for (const dropdown of levels) {
			expect(dropdown.allowArbitraryValues).toBe(true);
			expect(dropdown.description).toContain('name (e.g. End User) or the ID');
		}
		const formats = ['getDateFormats', 'getTimeFormats', 'getNumberFormats'].flatMap(loadedBy);
		expect(formats.length).toBeGreaterThanOrEqual(6);
		for (const dropdown of formats) expect(dropdown.allowArbitraryValues).toBe(true);
	});
});

describe('when the node runs', () => {
	it.each([
		['the dropdown value', 2, 2],
		['a name by expression', '={{ "Client Authorization Contact" }}', 2],
		['a name in another case', '=end user', 1],
		['an ID by expression, as text', '={{ "2" }}', 2],
		['an ID by expression, as a number', '={{ 2 }}', 2],
	])('accepts %s', async (_, securityLevel, expected) => {
		const [user] = jsonOf(await runPortal(sim(), create(securityLevel)));
		expect(user.securityLevel).toBe(expected);
	});

	it('refuses an unknown name, naming the field and listing the valid levels', async () => {
		const result = await runPortal(sim(), create('={{ "Superuser" }}'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Superuser" is not a value of picklist field "securityLevel"');
		expect(result.error?.description).toMatch(/^Allowed: 1 \(End User\), 2 \(Client Authorization Contact\)/);
	});

	it('Get Many filters by names or IDs given by expression', async () => {
		const expected = portalUsers(sim()).filter((user) => [1, 2].includes(user.securityLevel as number)).map((user) => user.id);
		for (const securityLevels of ['={{ ["End User", 2] }}', '=End User, 2']) {
			const users = jsonOf(await runPortal(sim(), { operation: 'getMany', returnAll: true, filters: { securityLevels } }));
			expect(users.map((user) => user.id).sort()).toEqual([...expected].sort());
		}
		const result = await runPortal(sim(), { operation: 'getMany', returnAll: true, filters: { securityLevels: '=Nobody' } });
		expect(result.error?.message).toBe('"Nobody" is not a value of picklist field "securityLevel"');
	});
});
