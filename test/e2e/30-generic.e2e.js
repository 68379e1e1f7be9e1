'use strict';
/*
 * Autotask (any entity) in a real n8n: create (root entity and child entity under its parent), get,
 * update, delete, get many (built conditions and raw JSON filter, limit), count and describe; plus
 * a continue-on-fail run with good and bad items. Asserted on n8n's output and on the simulator.
 */
const { itemsOf } = require('./lib/checks');

const TYPE = 'autotask';

module.exports = {
	name: 'Autotask (any entity)',
	needs: [TYPE, 'simulator'],
	async run(ctx, t) {
		const { assert, api } = ctx;
		const companies = await api.query('Companies', [{ op: 'eq', field: 'isActive', value: true }]);
		const [company, otherCompany] = companies;
		const stamp = Date.now().toString(36);
		const title = `E2E printer down ${stamp}`;

		const wf = ctx.workflow('e2e generic operations');
		const start = wf.manualTrigger();
		wf.autotask('Create Ticket', TYPE, {
			operation: 'create',
			entity: 'Tickets',
			fieldsSource: 'json',
			fieldsJson: JSON.stringify({ companyID: company.id, title, status: 'New', priority: 'High' }),
			options: {},
		}, { after: start });
		wf.autotask('Get Ticket', TYPE, { operation: 'get', entity: 'Tickets', recordId: '={{ $json.id }}', options: {} }, { after: 'Create Ticket' });
		wf.autotask('Update Ticket', TYPE, {
			operation: 'update',
			entity: 'Tickets',
			recordId: '={{ $json.id }}',
			fieldsSource: 'json',
			fieldsJson: '={{ JSON.stringify({ title: $json.title + " (fixed)", status: "Complete" }) }}',
			options: {},
		}, { after: 'Get Ticket' });
		wf.autotask('Add Note', TYPE, {
			operation: 'create',
			entity: 'TicketNotes',
			parentId: '={{ $json.id }}',
			fieldsSource: 'json',
			fieldsJson: JSON.stringify({ title: 'E2E note', description: 'Added by the e2e suite', noteType: 'Task Notes', publish: 'Internal Only' }),
			options: {},
		}, { after: 'Update Ticket' });
		wf.autotask('Tickets Of Company (limit 2)', TYPE, {
			operation: 'getMany',
			entity: 'Tickets',
			filterMode: 'build',
			filterCombinator: 'and',
			filterConditions: { condition: [{ field: 'companyID', operator: 'eq', value: String(company.id) }] },
			returnAll: false,
			limit: 2,
			options: {},
		}, { after: start });
		wf.autotask('Tickets By JSON Filter', TYPE, {
			operation: 'getMany',
			entity: 'Tickets',
			filterMode: 'json',
			filterJson: JSON.stringify([{ op: 'beginsWith', field: 'title', value: 'E2E printer down' }]),
			returnAll: true,
			options: {},
		}, { after: 'Add Note' });
		wf.autotask('Count Tickets', TYPE, {
			operation: 'count',
			entity: 'Tickets',
			filterMode: 'build',
			filterCombinator: 'and',
			filterConditions: { condition: [{ field: 'companyID', operator: 'eq', value: String(otherCompany.id) }] },
		}, { after: 'Tickets By JSON Filter' });
		wf.autotask('Describe Tickets', TYPE, { operation: 'describe', entity: 'Tickets', options: {} }, { after: start });
		wf.autotask('Create Contact', TYPE, {
			operation: 'create',
			entity: 'Contacts',
			parentId: String(otherCompany.id),
			fieldsSource: 'json',
			fieldsJson: JSON.stringify({ firstName: 'Eve', lastName: `E2E${stamp}`, emailAddress: `eve.${stamp}@client.example`, isActive: 1 }),
			options: {},
		}, { after: start });
		wf.autotask('Delete Contact', TYPE, {
			operation: 'delete',
			entity: 'Contacts',
			recordId: '={{ $json.id }}',
			parentId: String(otherCompany.id),
		}, { after: 'Create Contact' });

		const cof = ctx.workflow('e2e generic continue-on-fail');
		const rows = cof.rows('Rows', [
			{ title: `E2E cof ok ${stamp}`, companyID: company.id },
			{ title: '', companyID: company.id }, // required field empty
			{ title: `E2E cof bad company ${stamp}`, companyID: 987654321 }, // reference to nothing
			{ title: `E2E cof bad priority ${stamp}`, companyID: company.id, priority: 'Whenever' }, // not in the picklist
		], { after: cof.manualTrigger() });
		cof.autotask('Create Each', TYPE, {
			operation: 'create',
			entity: 'Tickets',
			fieldsSource: 'json',
			fieldsJson: '={{ JSON.stringify({ title: $json.title, companyID: $json.companyID, status: 1, priority: $json.priority ?? 2 }) }}',
			options: {},
		}, { after: rows, continueOnFail: true });
		const missing = cof.rows('Ids', [{ id: 999999991 }, { id: 7001 }], { after: 'Start' });
		cof.autotask('Get Each', TYPE, { operation: 'get', entity: 'Tickets', recordId: '={{ $json.id }}', options: {} }, { after: missing, continueOnFail: true });

		const refused = cof.rows('Invalid Rows', [
			{ title: '', companyID: company.id, row: 'no title' },
			{ title: `E2E error output ${stamp}`, companyID: company.id, priority: 'Whenever', row: 'bad priority' },
		], { after: 'Start' });
		cof.autotask('Create Or Route', TYPE, {
			operation: 'create',
			entity: 'Tickets',
			fieldsSource: 'json',
			fieldsJson: '={{ JSON.stringify({ title: $json.title, companyID: $json.companyID, status: 1, priority: $json.priority ?? 2 }) }}',
			options: {},
		}, { after: refused, onError: 'continueErrorOutput' });

		const [r1, r2] = await ctx.runWorkflows([wf, cof]);

		await t('operations workflow runs to success', async () => {
			assert.ok(r1.ok, `execution failed: ${JSON.stringify(r1.error)?.slice(0, 800)}`);
		});
		let ticketId;
		await t('create a ticket with picklists by label, get it back', async () => {
			const [created] = itemsOf(r1, 'Create Ticket', 1);
			ticketId = created.id;
			assert.equal(created.title, title);
			assert.equal(created.priority, 1);
			const [got] = itemsOf(r1, 'Get Ticket', 1);
			assert.equal(got.id, ticketId);
			assert.match(String(got.createDate), /Z$/, 'dates are ISO 8601 UTC');
		});
		await t('update by expression: title and status written', async () => {
			const [updated] = itemsOf(r1, 'Update Ticket', 1);
			assert.equal(updated.title, `${title} (fixed)`);
			const stored = await api.get('Tickets', ticketId);
			assert.equal(stored.title, `${title} (fixed)`);
			assert.equal(stored.status, 5);
		});
		await t('create a child entity (TicketNotes) under its parent ticket', async () => {
			const [note] = itemsOf(r1, 'Add Note', 1);
			assert.equal(note.ticketID, ticketId);
			const stored = await api.query('TicketNotes', [{ op: 'eq', field: 'ticketID', value: ticketId }]);
			assert.equal(stored.length, 1);
			assert.equal(stored[0].noteType, 3);
		});
		await t('get many with built conditions and a limit, and with a raw JSON filter', async () => {
			const limited = itemsOf(r1, 'Tickets Of Company (limit 2)');
			const all = await api.query('Tickets', [{ op: 'eq', field: 'companyID', value: company.id }]);
			assert.equal(limited.length, Math.min(2, all.length));
			assert.ok(limited.every((i) => i.companyID === company.id));
			const byJson = itemsOf(r1, 'Tickets By JSON Filter');
			assert.ok(byJson.some((i) => i.id === ticketId), 'the new ticket is not found by the JSON filter');
			assert.ok(byJson.every((i) => String(i.title).startsWith('E2E printer down')));
		});
		await t('count equals the simulator count', async () => {
			const [counted] = itemsOf(r1, 'Count Tickets', 1);
			// no run writes tickets of this company
			const expected = await api.count('Tickets', [{ op: 'eq', field: 'companyID', value: otherCompany.id }]);
			const value = counted.count ?? counted.queryCount;
			assert.equal(value, expected, JSON.stringify(counted));
		});
		await t('describe lists the entity capabilities and fields', async () => {
			const items = itemsOf(r1, 'Describe Tickets');
			const text = JSON.stringify(items);
			assert.ok(items.length >= 1);
			for (const f of ['title', 'status', 'priority', 'companyID']) assert.ok(text.includes(`"${f}"`), `field ${f} missing`);
			assert.match(text, /canCreate|create/i);
		});
		await t('create then delete a contact under its company', async () => {
			const [created] = itemsOf(r1, 'Create Contact', 1);
			assert.equal(created.companyID, otherCompany.id);
			itemsOf(r1, 'Delete Contact', 1);
			const left = await api.query('Contacts', [{ op: 'eq', field: 'id', value: created.id }]);
			assert.equal(left.length, 0, 'the contact still exists');
		});
		await t('continue-on-fail: one ticket created, three refused, each error on its own item', async () => {
			assert.ok(r2.ok, `execution failed: ${JSON.stringify(r2.error)?.slice(0, 800)}`);
			const raw = ctx.common.nodeRaw(r2.run, 'Create Each').data.main[0];
			assert.equal(raw.length, 4, JSON.stringify(raw.map((i) => i.json)).slice(0, 800));
			assert.deepEqual(raw.map((i) => i.pairedItem?.item ?? i.pairedItem), [0, 1, 2, 3]);
			const [ok, noTitle, badCompany, badPriority] = raw.map((i) => i.json);
			assert.equal(ok.error, undefined, JSON.stringify(ok).slice(0, 300));
			assert.match(String(noTitle.error), /title/i);
			assert.match(String(badCompany.error), /compan|987654321/i);
			assert.match(String(badPriority.error), /priority|Whenever/i);
			const made = await api.query('Tickets', [{ op: 'contains', field: 'title', value: `cof` }]);
			assert.deepEqual(made.filter((x) => x.title.endsWith(stamp)).map((x) => x.title), [`E2E cof ok ${stamp}`]);
		});
		await t('continue (using error output): refused items leave by the error output with their input and details', async () => {
			const [regular, errors] = ctx.common.nodeRaw(r2.run, 'Create Or Route').data.main;
			assert.equal((regular ?? []).length, 0, JSON.stringify(regular).slice(0, 400));
			assert.equal((errors ?? []).length, 2, JSON.stringify(errors).slice(0, 400));
			const [noTitle, badPriority] = errors.map((i) => i.json);
			assert.equal(noTitle.row, 'no title');
			assert.match(String(noTitle.error), /title/i);
			assert.equal(badPriority.row, 'bad priority');
			assert.match(String(badPriority.error), /priority|Whenever/i);
			const made = await api.query('Tickets', [{ op: 'eq', field: 'title', value: `E2E error output ${stamp}` }]);
			assert.equal(made.length, 0, 'a refused item was written');
		});
		await t('continue-on-fail: get of a missing id says which id, the next item still runs', async () => {
			const [missingItem, found] = itemsOf(r2, 'Get Each', 2);
			assert.match(String(missingItem.error), /999999991/);
			assert.equal(found.id, 7001);
		});
	},
};
