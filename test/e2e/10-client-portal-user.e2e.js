'use strict';
/*
 * Autotask Client Portal User in a real n8n (`n8n execute`): every operation (create, get, getMany,
 * update, grantAccess, revokeAccess) chained with expressions, the "already in that state" rule,
 * and a continue-on-fail run with good and bad items; asserted on n8n's output and on the simulator.
 */
const { locator } = require('./lib/workflow');
const { pick, itemsOf, assertNoSecret } = require('./lib/checks');

const TYPE = 'autotaskClientPortalUser';
const PASSWORD = 'E2e-Portal-pass1';

module.exports = {
	name: 'Autotask Client Portal User',
	needs: [TYPE, 'simulator'],
	async run(ctx, t) {
		const { assert, api } = ctx;

		// Pick data from the simulator itself: active contacts of companies without Taskfire and
		// without a portal user, one company's active portal users, one active and one revoked user.
		const companies = await api.query('Companies', [{ op: 'exist', field: 'id' }]);
		const noTaskfire = new Set(companies.filter((c) => c.isTaskFireActive !== true).map((c) => c.id));
		const contacts = await api.query('Contacts', [{ op: 'eq', field: 'isActive', value: 1 }]);
		const portalUsers = await api.query('ClientPortalUsers', [{ op: 'exist', field: 'id' }]);
		const taken = new Set(portalUsers.map((u) => u.contactID));
		const free = contacts.filter((c) => !taken.has(c.id) && noTaskfire.has(c.companyID) && c.emailAddress);
		assert.ok(free.length >= 3, `need 3 contacts without a portal user, the simulator has ${free.length}`);
		const [lifecycleContact, cofContact] = free;
		const activeUser = portalUsers.find((u) => u.isClientPortalActive === true);
		const revokedUser = portalUsers.find((u) => u.isClientPortalActive === false);
		const companyOfActive = contacts.find((c) => c.id === activeUser.contactID)?.companyID;

		// ---- workflow 1: the lifecycle, each step fed by the previous one's output (expressions) ----
		const life = ctx.workflow('e2e portal user lifecycle');
		const start = life.manualTrigger();
		const create = life.autotask('Create', TYPE, {
			operation: 'create',
			contact: locator(String(lifecycleContact.id), 'id'),
			securityLevel: 'End User',
			passwordMode: 'enter',
			password: PASSWORD,
			additionalFields: {},
			options: {},
		}, { after: start });
		const get = life.autotask('Get', TYPE, { operation: 'get', findBy: 'id', portalUserId: '={{ $json.id }}', options: {} }, { after: create });
		const update = life.autotask('Update', TYPE, {
			operation: 'update',
			findBy: 'id',
			portalUserId: '={{ $json.id }}',
			updateFields: { securityLevel: 'Client Administrator' },
			options: {},
		}, { after: get });
		const revoke = life.autotask('Revoke', TYPE, {
			operation: 'revokeAccess',
			findBy: 'userName',
			userName: '={{ $json.userName }}',
			options: {},
		}, { after: update });
		const grant = life.autotask('Grant', TYPE, {
			operation: 'grantAccess',
			findBy: 'contact',
			contact: locator('={{ $json.contactID }}', 'id'),
			options: {},
		}, { after: revoke });
		const many = life.autotask('Get Many', TYPE, {
			operation: 'getMany',
			returnAll: true,
			status: 'active',
			filters: { company: locator(String(companyOfActive), 'id') },
			options: {},
		}, { after: start });

		const lenient = life.autotask('Grant Ignoring', TYPE, {
			operation: 'grantAccess',
			findBy: 'id',
			portalUserId: String(activeUser.id),
			options: { ignoreIfAlready: true },
		}, { after: start });

		// ---- workflow 2: continue-on-fail with mixed items ----
		const cof = ctx.workflow('e2e portal user continue-on-fail');
		const rows = cof.rows('Rows', [
			{ contactId: cofContact.id, password: 'Good-pass-42' }, // ok
			{ contactId: 99999999, password: 'Good-pass-43' }, // no such contact
			{ contactId: free[2].id, password: 'has space' }, // password rule
			{ contactId: activeUser.contactID, password: 'Good-pass-44' }, // already has a portal user
		], { after: cof.manualTrigger() });
		cof.autotask('Create Each', TYPE, {
			operation: 'create',
			contact: locator('={{ $json.contactId }}', 'id'),
			securityLevel: 1,
			passwordMode: 'enter',
			password: '={{ $json.password }}',
			additionalFields: {},
			options: {},
		}, { after: rows, continueOnFail: true });
		const grantRows = cof.rows('Grant Rows', [{ id: activeUser.id }, { id: revokedUser.id }], { after: 'Start' });
		cof.autotask('Grant Each', TYPE, {
			operation: 'grantAccess',
			findBy: 'id',
			portalUserId: '={{ $json.id }}',
			options: {},
		}, { after: grantRows, continueOnFail: true });

		// ---- workflow 3: the "already in that state" rule stops a run without continue-on-fail ----
		const strict = ctx.workflow('e2e portal user already active');
		strict.autotask('Grant Active User', TYPE, {
			operation: 'grantAccess',
			findBy: 'id',
			portalUserId: String(activeUser.id),
			options: {},
		}, { after: strict.manualTrigger() });

		const [r1, r2, r3] = await ctx.runWorkflows([life, cof, strict]);

		await t('lifecycle workflow runs to success', async () => {
			assert.ok(r1.ok, `execution failed: ${JSON.stringify(r1.error)?.slice(0, 800)}`);
		});
		await t('create: portal user for the contact, status ACTIVE, no password in the output', async () => {
			const [created] = itemsOf(r1, create, 1);
			assert.equal(created.contactID, lifecycleContact.id);
			assert.equal(String(created.userName).toLowerCase(), String(lifecycleContact.emailAddress).toLowerCase());
			assert.equal(created.status, 'ACTIVE');
			for (const name of [create, get, update, revoke, grant]) assertNoSecret(ctx.common.nodeRaw(r1.run, name), PASSWORD);
			const stored = await api.get('ClientPortalUsers', created.id);
			assert.equal(stored.contactID, lifecycleContact.id);
		});
		await t('get by id (expression) returns the created user', async () => {
			const [created] = itemsOf(r1, create, 1);
			const [got] = itemsOf(r1, get, 1);
			assert.equal(got.id, created.id);
		});
		await t('update: security level by label, stored as its value', async () => {
			const [updated] = itemsOf(r1, update, 1);
			assert.equal(updated.securityLevel, 3, `securityLevel ${JSON.stringify(pick(updated, ['securityLevel', 'securityLevel_label']))}`);
			const stored = await api.get('ClientPortalUsers', updated.id);
			assert.equal(stored.securityLevel, 3);
		});
		await t('revoke by username then grant by contact: TERMINATED then ACTIVE', async () => {
			const [revoked] = itemsOf(r1, revoke, 1);
			const [granted] = itemsOf(r1, grant, 1);
			assert.equal(revoked.status, 'TERMINATED');
			assert.equal(revoked.isClientPortalActive, false);
			assert.equal(granted.status, 'ACTIVE');
			const stored = await api.get('ClientPortalUsers', granted.id);
			assert.equal(stored.isClientPortalActive, true);
		});
		await t('get many: active users of one company, as the simulator has them', async () => {
			const items = itemsOf(r1, many);
			const ofCompany = new Set(contacts.filter((c) => c.companyID === companyOfActive).map((c) => c.id));
			// as the simulator had them before the runs (the lifecycle contact is of another company)
			const expected = portalUsers
				.filter((u) => u.isClientPortalActive === true && ofCompany.has(u.contactID))
				.map((u) => u.id)
				.sort();
			assert.ok(!ofCompany.has(lifecycleContact.id));
			assert.deepEqual(items.map((i) => i.id).sort(), expected);
			assert.ok(items.every((i) => i.status === 'ACTIVE'));
		});

		await t('grant with "ignore if already in that state" returns the active user unchanged', async () => {
			const [same] = itemsOf(r1, lenient, 1);
			assert.equal(same.id, activeUser.id);
			assert.equal(same.status, 'ACTIVE');
		});

		await t('continue-on-fail: one user created, three errors, each on its own item', async () => {
			assert.ok(r2.ok, `execution failed: ${JSON.stringify(r2.error)?.slice(0, 800)}`);
			const raw = ctx.common.nodeRaw(r2.run, 'Create Each').data.main[0];
			assert.equal(raw.length, 4, `items: ${JSON.stringify(raw.map((i) => i.json)).slice(0, 800)}`);
			assert.deepEqual(raw.map((i) => i.pairedItem?.item ?? i.pairedItem), [0, 1, 2, 3]);
			const [ok, missing, badPassword, duplicate] = raw.map((i) => i.json);
			assert.equal(ok.error, undefined, JSON.stringify(ok));
			assert.equal(ok.contactID, cofContact.id);
			assert.match(String(missing.error), /99999999|not found|no contact/i);
			assert.match(String(badPassword.error), /space|password/i);
			assert.match(String(duplicate.error), /already has a client portal user/i);
			assertNoSecret(ctx.common.nodeRaw(r2.run, 'Create Each'), 'Good-pass-42');
			assertNoSecret(ctx.common.nodeRaw(r2.run, 'Create Each'), 'has space');
			const made = await api.query('ClientPortalUsers', [{ op: 'in', field: 'contactID', value: [cofContact.id, free[2].id] }]);
			assert.deepEqual(made.map((u) => u.contactID), [cofContact.id]);
		});
		await t('continue-on-fail: granting an active user is an error, a revoked one is granted', async () => {
			const [already, granted] = itemsOf(r2, 'Grant Each', 2);
			assert.match(String(already.error), /already/i);
			assert.equal(granted.status, 'ACTIVE');
			assert.equal((await api.get('ClientPortalUsers', revokedUser.id)).isClientPortalActive, true);
		});
		await t('without continue-on-fail, granting an active user fails the run and says why', async () => {
			assert.equal(r3.ok, false, 'the run succeeded');
			const message = JSON.stringify(r3.error ?? {}) + r3.log;
			assert.match(message, /already/i);
		});
	},
};
