/**
 * The Autotask REST simulator, exercised over real HTTP with Node's fetch, the way the package's
 * transport talks to it.
 */
import { startSimulator, type ApiUser, type Simulator } from './simulator';

const START = '2026-11-22T10:00:00Z';

interface Reply {
	status: number;
	body: any;
	headers: Headers;
}

interface CallOptions {
	body?: unknown;
	/** Raw body text, sent as is. */
	text?: string;
	user?: Pick<ApiUser, 'userName' | 'secret' | 'integrationCode'>;
	headers?: Record<string, string>;
	zone?: 'z1' | 'z2';
	/** Send no credentials at all. */
	anonymous?: boolean;
}

/** Calls `path` (relative to the zone's REST root, or an absolute URL). */
async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
	const url = path.startsWith('http') ? path : `${sim.zoneUrl(options.zone)}${path}`;
	const user = options.user ?? sim.users.default;
	const headers: Record<string, string> = options.anonymous
		? {}
		: { UserName: user.userName, Secret: user.secret, ApiIntegrationCode: user.integrationCode };
	const hasBody = options.body !== undefined || options.text !== undefined;
	if (hasBody) headers['Content-Type'] = 'application/json';
	const response = await fetch(url, {
		method,
		headers: { ...headers, ...options.headers },
		body: hasBody ? (options.text ?? JSON.stringify(options.body)) : undefined,
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const query = (sim: Simulator, entity: string, body: unknown, options: CallOptions = {}) =>
	call(sim, 'POST', `V1.0/${entity}/query`, { ...options, body });

const ids = (reply: Reply): number[] => reply.body.items.map((item: { id: number }) => item.id);

/** Offset-less UTC with up to three fractional digits, like "2016-03-30T13:10:35.563". */
const AUTOTASK_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?$/;

describe('Autotask REST simulator', () => {
	let sim: Simulator;
	let acme: any;
	let globex: any;

	beforeAll(async () => {
		sim = await startSimulator({ now: START });
		const companies = sim.store.all('Companies');
		acme = companies.find((company) => company.companyName === 'Acme Managed Client');
		globex = companies.find((company) => company.companyName === 'Globex Sample Ltd');
	});
	afterAll(() => sim.close());

	describe('zone discovery', () => {
		it('returns the zone of a known user, with the REST root and its trailing slash', async () => {
			const reply = await call(sim, 'GET', `${sim.zoneLookupUrl}?user=${encodeURIComponent(sim.users.default.userName)}`, {
				anonymous: true,
			});
			expect(reply.status).toBe(200);
			expect(Object.keys(reply.body)).toEqual(['zoneName', 'url', 'webUrl', 'ci']);
			expect(reply.body.url).toBe(sim.zoneUrl());
			expect(reply.body.url).toBe(`${sim.url}/ATServicesRest/`);
		});

		it('answers an unknown or blank user with 500 and the real text; paths are case-insensitive', async () => {
			for (const user of ['nobody@example.com', '']) {
				const reply = await call(sim, 'GET', `${sim.url}/ATSERVICESREST/V1.0/ZoneInformation?user=${user}`, { anonymous: true });
				expect(reply.status).toBe(500);
				expect(reply.body).toEqual({ errors: ['Zone information could not be determined'] });
			}
		});

		it('serves versioninformation without credentials', async () => {
			const reply = await call(sim, 'GET', `${sim.url}/atservicesrest/versioninformation`, { anonymous: true });
			expect(reply.body).toEqual({ apiVersions: ['V1.0', 'V2.0'] });
		});
	});

	describe('authentication', () => {
		it('accepts the default user, whatever the header-name casing', async () => {
			const { userName, secret, integrationCode } = sim.users.default;
			const reply = await call(sim, 'GET', `V1.0/Resources/${sim.users.default.resourceId}`, {
				anonymous: true,
				headers: { username: userName, SECRET: secret, apiintegrationcode: integrationCode },
			});
			expect(reply.status).toBe(200);
			// As on real tenants: the API login is the resource's userName plus the tenant's domain.
			expect(userName).toBe('sim.api@sandbox.example');
			expect(reply.body.item).toMatchObject({ userName: 'sim.api', email: userName });
		});

		it('names each failure cause with its own status', async () => {
			const user = sim.users.default;
			const unknown = await call(sim, 'GET', 'V1.0/Companies/174', { user: { ...user, userName: 'ghost@example.com' } });
			expect(unknown.status).toBe(500);
			expect(unknown.body.errors[0]).toMatch(/ghost@example.com/);

			const wrongSecret = await call(sim, 'GET', 'V1.0/Companies/174', { user: { ...user, secret: 'wrong' } });
			expect(wrongSecret.status).toBe(401);
			expect(wrongSecret.body).toEqual({ Message: 'Authorization has been denied for this request.' });

			const wrongCode = await call(sim, 'GET', 'V1.0/Companies/174', { user: { ...user, integrationCode: 'NOPE' } });
			expect(wrongCode.status).toBe(500);
			expect(wrongCode.body.errors[0]).toMatch(/integration code/i);

			const badImpersonation = await call(sim, 'GET', 'V1.0/Companies/174', { headers: { ImpersonationResourceId: '12345' } });
			expect(badImpersonation.status).toBe(500);
			expect(badImpersonation.body.errors[0]).toMatch(/ImpersonationResourceId/);
		});

		it('answers 401 on the old zone after a zone move, and serves the new one', async () => {
			const user = { userName: 'mover@sandbox.example', secret: 'mover-secret', integrationCode: 'MOVERCODE' };
			sim.addApiUser(user);
			expect((await call(sim, 'GET', 'V1.0/Companies/174', { user })).status).toBe(200);
			sim.moveUser(user.userName, 'z2');
			expect((await call(sim, 'GET', 'V1.0/Companies/174', { user })).status).toBe(401);
			const zone = await call(sim, 'GET', `${sim.zoneLookupUrl}?user=${user.userName}`, { anonymous: true });
			expect(zone.body.url).toBe(`${sim.url}/z2/ATServicesRest/`);
			expect((await call(sim, 'GET', 'V1.0/Companies/174', { user, zone: 'z2' })).status).toBe(200);
		});
	});

	describe('query', () => {
		it('supports every comparison operator, case-insensitive names and values', async () => {
			const count = async (filter: unknown[]) => (await query(sim, 'Companies', { filter })).body.items.length;
			expect(await count([{ op: 'eq', field: 'CompanyName', value: 'acme managed client' }])).toBe(1);
			expect(await count([{ op: 'noteq', field: 'companyName', value: 'Acme Managed Client' }])).toBe(4);
			expect(await count([{ op: 'beginsWith', field: 'companyName', value: 'glo' }])).toBe(1);
			expect(await count([{ op: 'endsWith', field: 'companyName', value: 'inc' }])).toBe(1);
			expect(await count([{ op: 'contains', field: 'companyName', value: 'SAMPLE' }])).toBe(1);
			expect(await count([{ op: 'in', field: 'city', value: ['Springfield', 'Riverton'] }])).toBe(2);
			expect(await count([{ op: 'notIn', field: 'city', value: ['Springfield', 'Riverton'] }])).toBe(3);
			expect(await count([{ op: 'gt', field: 'id', value: acme.id }])).toBe(4);
			expect(await count([{ op: 'gte', field: 'id', value: acme.id }, { op: 'lte', field: 'id', value: globex.id }])).toBe(2);
			expect(await count([{ op: 'lt', field: 'id', value: acme.id }])).toBe(0);
			expect(await count([{ op: 'exist', field: 'parentCompanyID' }])).toBe(0);
			expect(await count([{ op: 'notExist', field: 'parentCompanyID' }])).toBe(5);
			expect(await count([{ op: 'eq', field: 'isActive', value: false }])).toBe(1);
		});

		it('compares date-times given with or without Z', async () => {
			const createDate = acme.createDate as string;
			for (const value of [createDate, `${createDate}Z`]) {
				const reply = await query(sim, 'Companies', { filter: [{ op: 'eq', field: 'createDate', value }] });
				expect(ids(reply)).toEqual([acme.id]);
			}
			const later = await query(sim, 'Companies', { filter: [{ op: 'gt', field: 'createDate', value: `${createDate}Z` }] });
			expect(later.body.items).toHaveLength(4);
		});

		it('nests and/or groups; top-level entries are ANDed', async () => {
			const reply = await query(sim, 'Contacts', {
				filter: [
					{ op: 'eq', field: 'isActive', value: 1 },
					{
						op: 'or',
						items: [
							{ op: 'eq', field: 'companyID', value: acme.id },
							{ op: 'and', items: [{ op: 'eq', field: 'companyID', value: globex.id }, { op: 'beginsWith', field: 'firstName', value: 'b' }] },
						],
					},
				],
			});
			const contacts = reply.body.items;
			expect(contacts.length).toBeGreaterThan(1);
			for (const contact of contacts) {
				expect(contact.isActive).toBe(1);
				expect(contact.companyID === acme.id || (contact.companyID === globex.id && /^b/i.test(contact.firstName))).toBe(true);
			}
		});

		it('filters on one UDF and refuses two', async () => {
			const golden = await query(sim, 'Companies', { filter: [{ op: 'eq', field: 'Customer Ranking', udf: true, value: 'golden' }] });
			expect(ids(golden)).toEqual([acme.id]);
			expect(golden.body.items[0].userDefinedFields).toEqual([
				{ name: 'Customer Ranking', value: 'Golden' },
				{ name: 'Managed Services', value: 'BACKUP,M365' },
			]);
			const two = await query(sim, 'Companies', {
				filter: [
					{ op: 'eq', field: 'Customer Ranking', udf: true, value: 'Golden' },
					{ op: 'or', items: [{ op: 'exist', field: 'Customer Ranking', udf: true }] },
				],
			});
			expect(two.status).toBe(500);
			expect(two.body.errors).toEqual(['You can only query by one user-defined field at a time.']);
		});

		it('refuses non-queryable and unknown fields, bad booleans, bad MaxRecords and empty filters', async () => {
			const refused = async (entity: string, body: unknown, pattern: RegExp) => {
				const reply = await query(sim, entity, body);
				expect(reply.status).toBe(500);
				expect(reply.body.errors[0]).toMatch(pattern);
			};
			await refused('ClientPortalUsers', { filter: [{ op: 'eq', field: 'password', value: 'x' }] }, /password.*not queryable/);
			await refused('Contacts', { filter: [{ op: 'eq', field: 'surveyOptOut', value: true }] }, /surveyOptOut/);
			await refused('Companies', { filter: [{ op: 'eq', field: 'colour', value: 'red' }] }, /\[colour\]/);
			await refused('Companies', { filter: [{ op: 'eq', field: 'isActive', value: 'yes' }] }, /true or false/);
			await refused('Companies', { filter: [{ op: 'like', field: 'city', value: 'x' }] }, /operator/);
			await refused('Companies', { filter: [] }, /filter is required/);
			await refused('Companies', {}, /filter is required/);
			for (const maxRecords of [0, 501]) {
				await refused('Companies', { MaxRecords: maxRecords, filter: [{ op: 'exist', field: 'id' }] }, /MaxRecords/);
			}
		});

		it('returns only IncludeFields plus id, keeping an empty userDefinedFields', async () => {
			const reply = await query(sim, 'Companies', {
				IncludeFields: ['CompanyName', 'city'],
				Filter: [{ op: 'eq', field: 'id', value: acme.id }],
			});
			expect(reply.body.items).toEqual([
				{ id: acme.id, companyName: 'Acme Managed Client', city: 'Springfield', userDefinedFields: [] },
			]);
		});

		it('reads a GET search leniently (single quotes) and returns ascending ids', async () => {
			const search = "{'filter':[{'op':'exist','field':'IsActive'}],'MaxRecords':3}";
			const reply = await call(sim, 'GET', `V1.0/Contacts/query?search=${encodeURIComponent(search)}`);
			expect(reply.status).toBe(200);
			const page = ids(reply);
			expect(page).toHaveLength(3);
			expect([...page].sort((a, b) => a - b)).toEqual(page);
			expect(reply.body.pageDetails).toMatchObject({ count: 3, requestCount: 3, prevPageUrl: null });
			expect(reply.body.pageDetails.nextPageUrl).toContain(`&search=${encodeURIComponent(search).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()).replace(/'/g, '%27')}`);
		});

		it('counts with the filter applied', async () => {
			const filter = [{ op: 'eq', field: 'companyID', value: acme.id }];
			const posted = await call(sim, 'POST', 'V1.0/Contacts/query/count', { body: { filter } });
			expect(posted.body).toEqual({ queryCount: sim.store.all('Contacts').filter((contact) => contact.companyID === acme.id).length });
			const viaGet = await call(sim, 'GET', `V1.0/Contacts/query/count?search=${encodeURIComponent(JSON.stringify({ filter }))}`);
			expect(viaGet.body).toEqual(posted.body);
		});
	});

	describe('get by id', () => {
		it('returns every field (null when unset) and the UDFs', async () => {
			const reply = await call(sim, 'GET', `V1.0/companies/${acme.id}`);
			expect(Object.keys(reply.body)).toEqual(['item']);
			const item = reply.body.item;
			expect(Object.keys(item)[0]).toBe('id');
			expect(item.parentCompanyID).toBeNull();
			expect(item.createDate).toMatch(AUTOTASK_DATE_TIME);
			expect(item.userDefinedFields).toEqual([
				{ name: 'Customer Ranking', value: 'Golden' },
				{ name: 'Managed Services', value: 'BACKUP,M365' },
			]);
		});

		it('answers a missing id with {"item":null}, or 404 when configured', async () => {
			expect((await call(sim, 'GET', 'V1.0/Companies/999999')).body).toEqual({ item: null });
			const strict = await startSimulator({ seed: 'empty', getMissingAs: '404' });
			try {
				expect((await call(strict, 'GET', 'V1.0/Companies/999999')).status).toBe(404);
			} finally {
				await strict.close();
			}
		});
	});

	describe('create, update, delete', () => {
		const newCompany = { companyName: 'Created Co', companyType: 1, phone: '555-9999', ownerResourceID: 0 };
		beforeAll(() => {
			newCompany.ownerResourceID = sim.users.default.resourceId;
		});

		it('creates with 200 {"itemId"}, coercing values and reading names case-insensitively', async () => {
			const created = await call(sim, 'POST', 'V1.0/Companies', {
				body: { CompanyName: 'Coerced Co', companyType: '1', Phone: 5550000, ownerResourceID: String(newCompany.ownerResourceID), isTaxExempt: 'True', id: 0 },
			});
			expect(created.status).toBe(200);
			expect(Object.keys(created.body)).toEqual(['itemId']);
			const item = (await call(sim, 'GET', `V1.0/Companies/${created.body.itemId}`)).body.item;
			expect(item).toMatchObject({ companyName: 'Coerced Co', companyType: 1, phone: '5550000', isTaxExempt: true, isActive: true });
			expect(item.createdByResourceID).toBe(sim.users.default.resourceId);
		});

		it('reports every validation problem, with Autotask-like texts', async () => {
			const missing = await call(sim, 'POST', 'V1.0/Companies', { body: { companyName: 'x'.repeat(101), phone: '1' } });
			expect(missing.status).toBe(500);
			expect(missing.body.errors).toEqual(
				expect.arrayContaining([
					expect.stringMatching(/companyName.*100/),
					'Value does not reference an existing entity for companyType . ',
					expect.stringMatching(/ownerResourceID.*required/),
				]),
			);
			const badTypes = await call(sim, 'POST', 'V1.0/Companies', { body: { ...newCompany, companyType: 'abc', ownerResourceID: 1 } });
			expect(badTypes.body.errors).toEqual([
				`Error converting value "abc" to type 'System.Int32'. Path 'companyType'.`,
				'Value does not reference an existing entity for ownerResourceID . ',
			]);
			const readOnly = await call(sim, 'POST', 'V1.0/Companies', { body: { ...newCompany, createDate: '2020-01-01T00:00:00' } });
			expect(readOnly.body.errors).toEqual(['Field [createDate] is read-only and cannot be changed.']);
			const unknownUdf = await call(sim, 'POST', 'V1.0/Companies', { body: { ...newCompany, userDefinedFields: [{ name: 'Nope', value: '1' }] } });
			expect(unknownUdf.body.errors[0]).toMatch(/Nope/);
			const badUdf = await call(sim, 'POST', 'V1.0/Companies', { body: { ...newCompany, userDefinedFields: [{ name: 'customer ranking', value: 'Platinum' }] } });
			expect(badUdf.body.errors[0]).toMatch(/Platinum/);
		});

		it('checks picklists: existing, active, and matching their parent value', async () => {
			const ticket = { companyID: acme.id, title: 'Picklist test', status: 1, priority: 2 };
			const inactive = await call(sim, 'POST', 'V1.0/Tickets', { body: { ...ticket, issueType: 4 } });
			expect(inactive.body.errors).toEqual(['Value [4] for issueType is inactive.']);
			const mismatch = await call(sim, 'POST', 'V1.0/Tickets', { body: { ...ticket, issueType: 1, subIssueType: 21 } });
			expect(mismatch.body.errors[0]).toMatch(/subIssueType.*issueType/);
			const pair = await call(sim, 'POST', 'V1.0/Tickets', { body: { ...ticket, assignedResourceID: sim.users.default.resourceId } });
			expect(pair.body.errors).toEqual(['When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.']);
			const good = await call(sim, 'POST', 'V1.0/Tickets', { body: { ...ticket, issueType: 1, subIssueType: 11, userDefinedFields: [{ name: 'Escalation Level', value: 2 }] } });
			expect(good.status).toBe(200);
			const item = (await call(sim, 'GET', `V1.0/Tickets/${good.body.itemId}`)).body.item;
			expect(item).toMatchObject({ creatorResourceID: sim.users.default.resourceId, lastActivityResourceID: sim.users.default.resourceId });
			expect(item.ticketNumber).toMatch(/^T20261122\.\d{4}$/);
			expect(item.userDefinedFields).toEqual([{ name: 'Escalation Level', value: '2' }]);
		});

		it('PATCH changes only the given fields; PUT nulls the missing writable ones', async () => {
			const { itemId } = (await call(sim, 'POST', 'V1.0/Companies', { body: { ...newCompany, city: 'Oldtown', fax: '555-1' } })).body;
			const patched = await call(sim, 'PATCH', 'V1.0/Companies', { body: { id: itemId, city: 'Newtown' } });
			expect(patched.body).toEqual({ itemId });
			expect(sim.store.get('Companies', itemId)).toMatchObject({ city: 'Newtown', fax: '555-1' });

			// Echoing read-only fields unchanged is fine (GET-modify-PUT); changing them is not.
			const current = (await call(sim, 'GET', `V1.0/Companies/${itemId}`)).body.item;
			const put = await call(sim, 'PUT', 'V1.0/Companies', { body: { ...current, fax: undefined, city: 'Puttown' } });
			expect(put.status).toBe(200);
			expect(sim.store.get('Companies', itemId)).toMatchObject({ city: 'Puttown', fax: null });
			const changeReadOnly = await call(sim, 'PATCH', 'V1.0/Companies', { body: { id: itemId, createDate: '2001-01-01T00:00:00' } });
			expect(changeReadOnly.body.errors).toEqual(['Field [createDate] is read-only and cannot be changed.']);
			const missing = await call(sim, 'PATCH', 'V1.0/Companies', { body: { id: 999999, city: 'x' } });
			expect(missing.status).toBe(500);
		});

		it('writes child entities only under their parent; the child root is a 404', async () => {
			const body = { firstName: 'Child', lastName: 'Contact', isActive: 1 };
			expect((await call(sim, 'POST', 'V1.0/Contacts', { body })).status).toBe(404);
			expect((await call(sim, 'PATCH', 'V1.0/Contacts', { body })).status).toBe(404);
			const wrongMethod = await call(sim, 'DELETE', `V1.0/Companies/${acme.id}`);
			expect(wrongMethod.status).toBe(405);
			expect(wrongMethod.body).toEqual({ Message: "The requested resource does not support http method 'DELETE'." });
			const unknown = await call(sim, 'GET', 'V1.0/Nothing/query');
			expect(unknown.status).toBe(404);
			expect(unknown.body.Message).toMatch(/^No HTTP resource was found that matches the request URI/);

			const mismatched = await call(sim, 'POST', `V1.0/Companies/${globex.id}/Contacts`, { body: { ...body, companyID: acme.id } });
			expect(mismatched.body.errors).toEqual(['The companyID in the request body does not match the parent id in the URL.']);
			const repeated = await call(sim, 'POST', `V1.0/Companies/${globex.id}/Contacts`, { body: { ...body, CompanyID: globex.id } });
			expect(sim.store.get('Contacts', repeated.body.itemId)).toMatchObject({ companyID: globex.id });
			const created = await call(sim, 'POST', `V1.0/Companies/${globex.id}/Contacts`, { body });
			expect(created.status).toBe(200);
			const contactId = created.body.itemId;
			expect(sim.store.get('Contacts', contactId)).toMatchObject({ companyID: globex.id, isActive: 1 });
			const listed = await call(sim, 'GET', `V1.0/Companies/${globex.id}/Contacts`);
			expect(ids(listed)).toContain(contactId);
			expect((await call(sim, 'GET', `V1.0/Companies/${acme.id}/Contacts/${contactId}`)).body).toEqual({ item: null });
			const moved = await call(sim, 'PATCH', `V1.0/Companies/${globex.id}/Contacts`, { body: { id: contactId, companyID: acme.id } });
			expect(moved.body.errors[0]).toMatch(/companyID/);
			const patched = await call(sim, 'PATCH', `V1.0/Companies/${globex.id}/Contacts`, { body: { id: contactId, title: 'Boss', isActive: true } });
			expect(patched.status).toBe(200);
			expect(sim.store.get('Contacts', contactId)).toMatchObject({ title: 'Boss', isActive: 1 });

			expect((await call(sim, 'DELETE', `V1.0/Contacts/${contactId}`)).status).toBe(405);
			expect((await call(sim, 'DELETE', `V1.0/Companies/${globex.id}/Contacts/${contactId}`)).body).toEqual({ itemId: contactId });
			const again = await call(sim, 'DELETE', `V1.0/Companies/${globex.id}/Contacts/${contactId}`);
			expect(again.body.errors).toEqual([
				'No message. No matching records found. The logged in Resource may not have the required permissions to delete the data.',
			]);
		});

		it('adds ticket notes under the ticket (moving its lastActivityDate) and tasks under projects', async () => {
			const ticket = sim.store.all('Tickets')[0];
			sim.clock.advance(60_000);
			const note = await call(sim, 'POST', `V1.0/Tickets/${ticket.id}/Notes`, {
				body: { title: 'Called back', description: 'Customer confirmed.', noteType: 1, publish: 1 },
			});
			expect(note.status).toBe(200);
			const noteRecord = sim.store.get('TicketNotes', note.body.itemId)!;
			const after = sim.store.get('Tickets', ticket.id as number)!;
			expect(after.lastActivityDate).toBe(noteRecord.createDateTime);
			expect(after.lastTrackedModificationDateTime).toBe(ticket.lastTrackedModificationDateTime);
			expect((await call(sim, 'POST', 'V1.0/TicketNotes', { body: {} })).status).toBe(404);
			const viaRoot = await query(sim, 'TicketNotes', { filter: [{ op: 'eq', field: 'ticketID', value: ticket.id }] });
			expect(ids(viaRoot)).toContain(note.body.itemId);

			const project = sim.store.all('Projects')[0];
			const task = await call(sim, 'POST', `V1.0/Projects/${project.id}/Tasks`, { body: { title: 'Extra', status: 1 } });
			expect(task.body.errors).toEqual(['Value does not reference an existing entity for taskType . ']);
			const goodTask = await call(sim, 'POST', `V1.0/Projects/${project.id}/Tasks`, { body: { title: 'Extra', status: 1, taskType: 2 } });
			expect(sim.store.get('Tasks', goodTask.body.itemId)).toMatchObject({ projectID: project.id, creatorResourceID: sim.users.default.resourceId });
			expect((await call(sim, 'POST', 'V1.0/Tasks', { body: { title: 'x' } })).status).toBe(404);
		});

		it('deletes time entries at the root', async () => {
			const entry = await call(sim, 'POST', 'V1.0/TimeEntries', {
				body: { resourceID: sim.users.default.resourceId, dateWorked: '2026-11-21', hoursWorked: 1.5, summaryNotes: 'Work' },
			});
			expect(entry.status).toBe(200);
			expect((await call(sim, 'DELETE', `V1.0/TimeEntries/${entry.body.itemId}`)).body).toEqual({ itemId: entry.body.itemId });
			expect(sim.store.get('TimeEntries', entry.body.itemId)).toBeUndefined();
		});
	});

	describe('metadata', () => {
		it('describes an entity with string userAccessFor* values that follow the user rights', async () => {
			const info = (await call(sim, 'GET', 'V1.0/Companies/entityInformation')).body.info;
			expect(info).toEqual({
				name: 'Companies',
				canCreate: true,
				canDelete: false,
				canQuery: true,
				canUpdate: true,
				userAccessForCreate: 'All',
				userAccessForDelete: 'None',
				userAccessForQuery: 'All',
				userAccessForUpdate: 'All',
				hasUserDefinedFields: true,
				supportsWebhookCallouts: true,
			});
			const limited = sim.users.get('sim.limited@sandbox.example')!;
			const resources = (await call(sim, 'GET', 'V1.0/Resources/entityInformation', { user: limited })).body.info;
			expect(resources).toMatchObject({ canCreate: false, canUpdate: true, userAccessForUpdate: 'None' });
			const child = (await call(sim, 'GET', `V1.0/Companies/${acme.id}/Contacts/entityInformation`)).body.info;
			expect(child).toMatchObject({ name: 'Contacts', canDelete: true });
		});

		it('lists fields with the real key order, picklists and references', async () => {
			const fields = (await call(sim, 'GET', 'V1.0/Tickets/entityInformation/fields')).body.fields;
			const byName = Object.fromEntries(fields.map((field: any) => [field.name, field]));
			expect(Object.keys(byName.title)).toEqual([
				'name', 'dataType', 'length', 'isRequired', 'isReadOnly', 'isQueryable', 'isReference',
				'referenceEntityType', 'isPickList', 'picklistValues', 'picklistParentValueField', 'isSupportedWebhookField',
			]);
			expect(byName.title).toMatchObject({ dataType: 'string', length: 255, isRequired: true, referenceEntityType: '', picklistValues: null });
			expect(byName.companyID).toMatchObject({ isReference: true, referenceEntityType: 'Company' });
			expect(byName.subIssueType.picklistParentValueField).toBe('IssueType');
			expect(Object.keys(byName.subIssueType.picklistValues[0])).toEqual(['value', 'label', 'isDefaultValue', 'sortOrder', 'parentValue', 'isActive', 'isSystem']);
			expect(byName.subIssueType.picklistValues[0]).toMatchObject({ value: '11', parentValue: '1' });
			expect(byName.creatorType.isQueryable).toBe(false);

			const contactFields = (await call(sim, 'GET', 'V1.0/Contacts/entityInformation/fields')).body.fields;
			expect(contactFields.find((field: any) => field.name === 'isActive').dataType).toBe('integer');
			for (const entity of ['Companies', 'Contacts', 'ClientPortalUsers', 'Resources', 'Tickets', 'TicketNotes', 'Projects', 'Tasks', 'TimeEntries', 'ConfigurationItems']) {
				const names = (await call(sim, 'GET', `V1.0/${entity}/entityInformation/fields`)).body.fields.map((field: any) => field.name);
				expect(names).toContain('id');
				expect([...names].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names);
			}
		});

		it('lists UDF definitions in their own shape', async () => {
			const [udf] = (await call(sim, 'GET', 'V1.0/Companies/entityInformation/userDefinedFields')).body.fields;
			expect(Object.keys(udf)).toEqual([
				'name', 'label', 'type', 'length', 'description', 'isRequired', 'isReadOnly', 'isQueryable', 'isReference',
				'referenceEntityType', 'isPickList', 'picklistValues', 'picklistParentValueField', 'defaultValue', 'isSupportedWebhookField',
			]);
			expect(udf).toMatchObject({ name: 'Customer Ranking', type: 'string', isPickList: true, referenceEntityType: null });
			expect((await call(sim, 'GET', 'V1.0/Resources/entityInformation/userDefinedFields')).body).toEqual({ fields: [] });
		});

		it('marks the multi-select UDF (guess) and checks each of its comma-separated values on writes', async () => {
			const { fields } = (await call(sim, 'GET', 'V1.0/Companies/entityInformation/userDefinedFields')).body;
			const multi = fields.find((udf: any) => udf.name === 'Managed Services');
			expect(multi).toMatchObject({ type: 'string', isPickList: true, isMultiSelect: true });
			expect(fields.find((udf: any) => udf.name === 'Customer Ranking')).not.toHaveProperty('isMultiSelect');
			const write = (value: string) =>
				call(sim, 'PATCH', 'V1.0/Companies', { body: { id: globex.id, userDefinedFields: [{ name: 'Managed Services', value }] } });
			const refused = await write('SEC,GOLD,PLATINUM');
			expect(refused.status).toBe(500);
			expect(refused.body.errors).toEqual([
				'Value [GOLD] is not a valid picklist value for user-defined field [Managed Services].',
				'Value [PLATINUM] is not a valid picklist value for user-defined field [Managed Services].',
			]);
			expect((await write('SEC,VOIP')).status).toBe(200);
			const item = (await call(sim, 'GET', `V1.0/Companies/${globex.id}`)).body.item;
			expect(item.userDefinedFields).toContainEqual({ name: 'Managed Services', value: 'SEC,VOIP' });
			expect((await write('SEC')).status).toBe(200);
		});
	});

	describe('client portal users', () => {
		/** A fresh contact (so without a portal user yet) at a company. */
		const newContact = async (companyId: number) =>
			(await call(sim, 'POST', `V1.0/Companies/${companyId}/Contacts`, { body: { firstName: 'Portal', lastName: 'Candidate', isActive: 1 } }))
				.body.itemId as number;
		const portalUser = (contactID: number, extra: Record<string, unknown> = {}) => ({
			contactID,
			userName: `portal${contactID}@client.example`,
			password: 'Secret-123',
			securityLevel: 1,
			isClientPortalActive: true,
			dateFormat: 1,
			timeFormat: 1,
			numberFormat: 1,
			...extra,
		});

		it('enforces the password rules and never returns the password', async () => {
			const contactId = await newContact(acme.id);
			for (const [password, pattern] of [
				['abcd', /between 5 and 50/],
				['has space', /spaces/],
				["it's-bad", /single quotes/],
				[undefined, /password.*required/],
			] as const) {
				const reply = await call(sim, 'POST', 'V1.0/ClientPortalUsers', { body: portalUser(contactId, { password }) });
				expect(reply.status).toBe(500);
				expect(reply.body.errors[0]).toMatch(pattern);
			}
			const created = await call(sim, 'POST', 'V1.0/ClientPortalUsers', { body: portalUser(contactId) });
			expect(created.status).toBe(200);
			const item = (await call(sim, 'GET', `V1.0/ClientPortalUsers/${created.body.itemId}`)).body.item;
			expect(item.password).toBeNull();
			expect(Object.keys(item)).not.toContain('userDefinedFields');
			const updated = await call(sim, 'PATCH', 'V1.0/ClientPortalUsers', { body: { id: created.body.itemId, password: 'New-Secret-9' } });
			expect(updated.status).toBe(200);
		});

		it('keeps userName unique and contactID fixed', async () => {
			const existing = sim.store.all('ClientPortalUsers')[0];
			const duplicate = await call(sim, 'POST', 'V1.0/ClientPortalUsers', {
				body: portalUser(await newContact(acme.id), { userName: String(existing.userName).toUpperCase() }),
			});
			expect(duplicate.body.errors[0]).toMatch(/userName.*must be unique/);
			const moved = await call(sim, 'PATCH', 'V1.0/ClientPortalUsers', { body: { id: existing.id, contactID: await newContact(acme.id) } });
			expect(moved.body.errors).toEqual(['contactID cannot be modified once created.']);
			const revoke = await call(sim, 'PATCH', 'V1.0/ClientPortalUsers', { body: { id: existing.id, isClientPortalActive: false } });
			expect(revoke.status).toBe(200);
		});

		it('allows Taskfire levels only for contacts of Taskfire companies', async () => {
			const refused = await call(sim, 'POST', 'V1.0/ClientPortalUsers', { body: portalUser(await newContact(globex.id), { securityLevel: 4 }) });
			expect(refused.body.errors[0]).toMatch(/does not allow assignment of Taskfire securityLevel/);
			const allowed = await call(sim, 'POST', 'V1.0/ClientPortalUsers', { body: portalUser(await newContact(acme.id), { securityLevel: 5 }) });
			expect(allowed.status).toBe(200);
			expect((await call(sim, 'DELETE', `V1.0/ClientPortalUsers/${allowed.body.itemId}`)).status).toBe(405);
		});
	});

	describe('resources', () => {
		it('lets only Resource administrators update, within the metadata rules', async () => {
			const target = sim.store.all('Resources').find((resource) => resource.lastName === 'Tester')!;
			const limited = sim.users.get('sim.limited@sandbox.example')!;
			const refused = await call(sim, 'PATCH', 'V1.0/Resources', { user: limited, body: { id: target.id, title: 'Lead' } });
			expect(refused.status).toBe(500);
			expect(refused.body.errors).toEqual(['The logged in Resource does not have the adequate permissions to update this entity type.']);
			const updated = await call(sim, 'PATCH', 'V1.0/Resources', { body: { id: target.id, title: 'Lead', isActive: false } });
			expect(updated.status).toBe(200);
			expect(sim.store.get('Resources', target.id as number)).toMatchObject({ title: 'Lead', isActive: false });
			const tooLong = await call(sim, 'PATCH', 'V1.0/Resources', { body: { id: target.id, email: `${'a'.repeat(250)}@x.example` } });
			expect(tooLong.body.errors).toEqual(['Field [email] exceeds the maximum length of 254 characters.']);
			const readOnly = await call(sim, 'PATCH', 'V1.0/Resources', { body: { id: target.id, licenseType: 1 } });
			expect(readOnly.body.errors).toEqual(['Field [licenseType] is read-only and cannot be changed.']);
			expect((await call(sim, 'POST', 'V1.0/Resources', { body: {} })).status).toBe(405);
		});
	});

	describe('clock, timestamps and change log', () => {
		it('stamps writes from the controllable clock, offset-less, and logs who changed what', async () => {
			sim.clock.set('2027-01-01T08:00:00.120Z');
			const logStart = sim.store.changeLog.length;
			const created = await call(sim, 'POST', `V1.0/Companies/${acme.id}/Contacts`, { body: { firstName: 'Clock', lastName: 'Watcher', isActive: 1 } });
			const contact = sim.store.get('Contacts', created.body.itemId)!;
			expect(contact.createDate).toBe('2027-01-01T08:00:00.12');
			expect(contact.lastModifiedDate).toBe('2027-01-01T08:00:00.12');

			sim.clock.advance(90_000);
			const impersonated = sim.store.all('Resources').find((resource) => resource.lastName === 'Demo')!;
			await call(sim, 'PATCH', `V1.0/Companies/${acme.id}/Contacts`, {
				body: { id: contact.id, title: 'Observer' },
				headers: { ImpersonationResourceId: String(impersonated.id) },
			});
			expect(sim.store.get('Contacts', contact.id as number)!.lastModifiedDate).toBe('2027-01-01T08:01:30.12');
			const log = sim.store.changeLog.slice(logStart);
			expect(log).toEqual([
				expect.objectContaining({ entity: 'Contacts', id: contact.id, type: 'create', at: '2027-01-01T08:00:00.120Z', by: sim.users.default.resourceId }),
				expect.objectContaining({ entity: 'Contacts', id: contact.id, type: 'update', at: '2027-01-01T08:01:30.120Z', by: impersonated.id }),
			]);
			expect(log[1].fields).toEqual(expect.arrayContaining(['title', 'lastActivityDate', 'lastModifiedDate']));
			expect(log[1].seq).toBe(log[0].seq + 1);

			const ticket = await call(sim, 'POST', 'V1.0/Tickets', {
				body: { companyID: acme.id, title: 'On behalf', status: 1, priority: 2 },
				headers: { ImpersonationResourceId: String(impersonated.id) },
			});
			expect(sim.store.get('Tickets', ticket.body.itemId)).toMatchObject({
				creatorResourceID: impersonated.id,
				impersonatorCreatorResourceID: sim.users.default.resourceId,
			});
		});

		it('can follow real time, and direct store writes use the clock too', async () => {
			sim.clock.set('2027-02-01T00:00:00Z');
			sim.clock.auto(true);
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(sim.clock.now().getTime()).toBeGreaterThan(Date.parse('2027-02-01T00:00:00Z'));
			sim.clock.auto(false);
			sim.clock.set('2027-02-02T00:00:00Z');
			const record = sim.store.insert('Companies', { companyName: 'Direct', companyType: 1, phone: '1', ownerResourceID: sim.users.default.resourceId });
			expect(record.createDate).toBe('2027-02-02T00:00:00');
			expect(record.createDate).toMatch(AUTOTASK_DATE_TIME);
			const updated = sim.store.update('Companies', record.id as number, { city: 'Direct City' }, { by: 29682890 });
			expect(updated.city).toBe('Direct City');
			expect(sim.store.changeLog[sim.store.changeLog.length - 1]).toMatchObject({ type: 'update', by: 29682890, fields: expect.arrayContaining(['city']) });
		});
	});

	describe('observability', () => {
		it('counts requests by kind and entity and logs them with the secret redacted', async () => {
			sim.resetCounters();
			await call(sim, 'GET', `V1.0/Companies/${acme.id}`);
			await query(sim, 'Contacts', { filter: [{ op: 'exist', field: 'id' }] });
			await call(sim, 'GET', `${sim.zoneLookupUrl}?user=x`, { anonymous: true });
			expect(sim.counters).toMatchObject({ total: 3, byKind: { get: 1, query: 1, zone: 1 }, byEntity: { Companies: 1, Contacts: 1 } });
			const [first] = sim.requests;
			expect(first).toMatchObject({ method: 'GET', entity: 'Companies', kind: 'get', status: 200 });
			expect(first.headers.secret).toBe('[redacted]');
			expect(first.headers.username).toBe(sim.users.default.userName);
			expect(first.endedAt).toBeGreaterThanOrEqual(first.startedAt);
		});
	});
});

describe('paging', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: 'empty', now: START });
		sim.seedLarge('Contacts', 1234);
	});
	afterAll(() => sim.close());

	const filter = { filter: [{ op: 'exist', field: 'id' }] };

	it('pages a POST query by id cursor; next pages need POST and the same body', async () => {
		const first = await query(sim, 'Contacts', filter);
		expect(first.body.pageDetails).toMatchObject({ count: 500, requestCount: 500, prevPageUrl: null });
		const next: string = first.body.pageDetails.nextPageUrl;
		const lastId = ids(first)[499];
		expect(next).toBe(
			`${sim.zoneUrl()}V1.0/Contacts/query/next?paging=%7b%22pageSize%22%3a500%2c%22previousIds%22%3a%5b-1%5d%2c%22nextIds%22%3a%5b${lastId}%5d%7d`,
		);
		const viaGet = await call(sim, 'GET', next);
		expect(viaGet.status).toBe(405);
		expect(viaGet.body).toEqual({ Message: "The requested resource does not support http method 'GET'." });

		// A contact created mid-paging has a higher id, so a later page picks it up.
		const companyID = sim.store.all('Companies')[0].id;
		sim.store.insert('Contacts', { companyID, firstName: 'Late', lastName: 'Arrival', isActive: 1 });
		const all = [...ids(first)];
		let url: string | null = next;
		let pages = 1;
		while (url) {
			const page = await call(sim, 'POST', url, { body: filter });
			expect(page.status).toBe(200);
			all.push(...ids(page));
			url = page.body.pageDetails.nextPageUrl;
			pages++;
			if (pages === 2) {
				const back = await call(sim, 'POST', page.body.pageDetails.prevPageUrl, { body: filter });
				expect(ids(back)).toEqual(ids(first));
			}
		}
		expect(pages).toBe(3);
		expect(all).toHaveLength(1235);
		expect(new Set(all).size).toBe(1235);
		expect([...all].sort((a, b) => a - b)).toEqual(all);
	});

	it('follows a GET query with GET, echoing the search, and honours MaxRecords', async () => {
		const search = JSON.stringify({ MaxRecords: 100, filter: [{ op: 'gt', field: 'id', value: 0 }] });
		let url: string | null = `${sim.zoneUrl()}V1.0/Contacts/query?search=${encodeURIComponent(search)}`;
		let total = 0;
		let pages = 0;
		while (url) {
			const page = await call(sim, 'GET', url);
			expect(page.body.pageDetails.requestCount).toBe(100);
			total += page.body.items.length;
			url = page.body.pageDetails.nextPageUrl;
			if (url) expect(new URL(url).searchParams.get('search')).toBe(search);
			pages++;
		}
		expect(total).toBe(1235);
		expect(pages).toBe(13);
	});

	it('builds 100,000 records and answers queries over them (speed is the benchmark\'s job)', async () => {
		const large = await startSimulator({ seed: 'empty' });
		try {
			large.seedLarge('Contacts', 100_000, { sameTimestamp: true });
			const first = await query(large, 'Contacts', { MaxRecords: 1, filter: [{ op: 'exist', field: 'id' }] });
			const { id: firstId, createDate } = first.body.items[0];
			const sameStamp = await call(large, 'POST', 'V1.0/Contacts/query/count', { body: { filter: [{ op: 'eq', field: 'createDate', value: createDate }] } });
			expect(sameStamp.body.queryCount).toBe(100_000);
			// Ids are consecutive, so the last ten follow from the first.
			const tail = await query(large, 'Contacts', { filter: [{ op: 'gt', field: 'id', value: firstId + 99_989 }] });
			expect(ids(tail)).toHaveLength(10);
			const byName = await call(large, 'POST', 'V1.0/Contacts/query/count', { body: { filter: [{ op: 'contains', field: 'lastName', value: '9999' }] } });
			expect(byName.body.queryCount).toBeGreaterThan(0);
		} finally {
			await large.close();
		}
	});
});

describe('limits', () => {
	it('rejects the request over the thread limit at once, per integration code and entity', async () => {
		const sim = await startSimulator({ latencyMs: 300 });
		try {
			const slowQuery = () => query(sim, 'Companies', { filter: [{ op: 'exist', field: 'id' }] });
			const replies = await Promise.all([slowQuery(), slowQuery(), slowQuery(), slowQuery(), call(sim, 'GET', 'V1.0/Tickets/7001')]);
			const rejected = replies.filter((reply) => reply.status !== 200);
			expect(rejected).toHaveLength(1);
			expect(rejected[0].status).toBe(500);
			expect(rejected[0].body).toEqual({
				errors: ['Itgenatr005: Thread Threshold Exceeded - The Autotask API thread threshold of 3 threads has been exceeded.'],
			});
			expect(sim.counters.threadRejections).toBe(1);
			expect(sim.counters.maxInFlight[`${sim.users.default.integrationCode}:Companies`]).toBe(3);

			// Zone lookups are exempt.
			const lookups = await Promise.all(
				[1, 2, 3, 4, 5].map(() => call(sim, 'GET', `${sim.zoneLookupUrl}?user=${sim.users.default.userName}`, { anonymous: true })),
			);
			expect(lookups.every((reply) => reply.status === 200)).toBe(true);
		} finally {
			await sim.close();
		}
	});

	it('enforces the hourly threshold on a rolling window of the simulator clock', async () => {
		const sim = await startSimulator({ seed: 'empty', hourlyLimit: 5, now: START });
		try {
			for (let index = 0; index < 4; index++) expect((await call(sim, 'GET', 'V1.0/Companies/1')).status).toBe(200);
			const threshold = await call(sim, 'GET', 'V1.0/ThresholdInformation');
			expect(threshold.body).toEqual({ externalRequestThreshold: 5, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 5 });
			const over = await call(sim, 'GET', 'V1.0/Companies/1');
			expect(over.status).toBe(429);
			expect(over.body.errors[0]).toMatch(/threshold/);
			sim.clock.advance(61 * 60_000);
			expect((await call(sim, 'GET', 'V1.0/Companies/1')).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});

describe('faults', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ seed: 'small' });
	});
	afterAll(() => sim.close());
	afterEach(() => sim.faults.clear());

	const companyBody = () => ({ companyName: `Fault Co ${Math.random()}`, companyType: 1, phone: '1', ownerResourceID: sim.users.default.resourceId });
	const companyCount = () => sim.store.all('Companies').length;

	it('answers 429 (with Retry-After), 500, 503 and thread-threshold faults on the scheduled request', async () => {
		sim.faults.schedule([
			{ match: { kind: 'get' }, nth: 2, type: '429', retryAfterSeconds: 7 },
			{ match: { kind: 'get' }, nth: 3, type: '500' },
			{ match: { kind: 'get' }, nth: 4, type: '503' },
			{ match: { kind: 'get' }, nth: 5, type: 'threadThreshold' },
		]);
		const statuses: number[] = [];
		for (let index = 0; index < 6; index++) {
			const reply = await call(sim, 'GET', 'V1.0/Tickets/7001');
			statuses.push(reply.status);
			if (reply.status === 429) expect(reply.headers.get('retry-after')).toBe('7');
			if (index === 4) expect(reply.body.errors[0]).toMatch(/^Itgenatr005/);
		}
		expect(statuses).toEqual([200, 429, 500, 503, 500, 200]);
	});

	it('answers faults with the IIS HTML page, plain text or an empty body when asked', async () => {
		sim.faults.schedule([
			{ match: { kind: 'get' }, nth: 1, type: '503', body: 'iisHtml' },
			{ match: { kind: 'get' }, nth: 2, type: '500', body: 'text' },
			{ match: { kind: 'get' }, nth: 3, type: '503', body: 'empty' },
		]);
		const url = `${sim.zoneUrl()}V1.0/Tickets/7001`;
		const { userName, secret, integrationCode } = sim.users.default;
		const replies = [];
		for (let index = 0; index < 3; index++) {
			const response = await fetch(url, { headers: { UserName: userName, Secret: secret, ApiIntegrationCode: integrationCode } });
			replies.push({ status: response.status, type: response.headers.get('content-type'), text: await response.text() });
		}
		expect(replies[0]).toMatchObject({ status: 503, type: 'text/html' });
		expect(replies[0].text).toContain('<TITLE>Service Unavailable</TITLE>');
		expect(replies[0].text).toContain('HTTP Error 503. The service is unavailable.');
		expect(replies[1]).toEqual({ status: 500, type: 'text/plain; charset=utf-8', text: 'Internal Server Error' });
		expect(replies[2]).toMatchObject({ status: 503, text: '' });
	});

	it('drops the connection before processing: the create does not happen', async () => {
		sim.faults.schedule([{ match: { method: 'POST', entity: 'companies' }, nth: 1, type: 'drop' }]);
		const before = companyCount();
		const faultsBefore = sim.counters.faultsInjected;
		await expect(call(sim, 'POST', 'V1.0/Companies', { body: companyBody() })).rejects.toThrow();
		expect(companyCount()).toBe(before);
		expect(sim.counters.faultsInjected).toBe(faultsBefore + 1);
	});

	it('performs the write before dropAfterCommit and 500AfterCommit', async () => {
		sim.faults.schedule([
			{ match: { kind: 'create' }, nth: 1, type: 'dropAfterCommit' },
			{ match: { kind: 'create' }, nth: 2, type: '500AfterCommit' },
		]);
		const before = companyCount();
		await expect(call(sim, 'POST', 'V1.0/Companies', { body: companyBody() })).rejects.toThrow();
		expect(companyCount()).toBe(before + 1);
		const failed = await call(sim, 'POST', 'V1.0/Companies', { body: companyBody() });
		expect(failed.status).toBe(500);
		expect(companyCount()).toBe(before + 2);
	});

	it('repeats every-nth and seeded-probability patterns exactly', async () => {
		const pattern = async (rule: Parameters<Simulator['faults']['schedule']>[0][number]) => {
			sim.faults.clear();
			sim.faults.schedule([rule]);
			const statuses: number[] = [];
			for (let index = 0; index < 8; index++) statuses.push((await call(sim, 'GET', 'V1.0/Tickets/7001')).status);
			return statuses;
		};
		expect(await pattern({ every: 3, type: '503' })).toEqual([200, 200, 503, 200, 200, 503, 200, 200]);
		const random = await pattern({ probability: 0.5, seed: 42, type: '500' });
		expect(await pattern({ probability: 0.5, seed: 42, type: '500' })).toEqual(random);
		expect(random).toContain(500);
		expect(random).toContain(200);
	});
});
