'use strict';
/*
 * Autotask Trigger in a real `n8n start`: two active workflows polling every minute, one on Tickets
 * (timestamp strategy, created or updated) and one on ClientPortalUsers (snapshot strategy, access
 * revoked). Records are changed in the simulator; the executions n8n records (read through its
 * public API) must hold exactly the changed records, once. Then n8n is stopped, records change
 * while it is down, n8n starts again: those changes arrive once, and nothing seen before is
 * emitted again.
 */
const POLL_WAIT_MS = Number(process.env.E2E_POLL_WAIT_MS || 150_000); // a poll every minute, plus slack
const QUIET_MS = Number(process.env.E2E_QUIET_MS || 70_000); // at least one more poll

const TYPE = 'autotaskTrigger';

function triggerWorkflow(ctx, name, parameters) {
	const wf = ctx.workflow(name);
	const trigger = wf.autotask('Autotask Trigger', TYPE, {
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		...parameters,
	});
	wf.add({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, { after: trigger });
	return wf.toJSON();
}

/** The items the trigger emitted, per execution, oldest execution first. */
function emitted(executions) {
	return executions.map((e) => {
		const run = e.data?.resultData?.runData?.['Autotask Trigger']?.[0];
		return { id: e.id, status: e.status, items: (run?.data?.main?.[0] ?? []).map((i) => i.json) };
	});
}

module.exports = {
	name: 'Autotask Trigger in a running n8n (polling, restart, catch-up)',
	phase: 'server',
	needs: [TYPE, 'simulator'],
	async run(ctx, t) {
		const { assert, api } = ctx;
		const { waitFor, sleep, log } = ctx.common;
		const companies = await api.query('Companies', [{ op: 'eq', field: 'isActive', value: true }]);
		const company = companies[0];
		const portalUsers = await api.query('ClientPortalUsers', [{ op: 'eq', field: 'isClientPortalActive', value: true }]);
		assert.ok(portalUsers.length >= 2, 'need two portal users with access');
		const [userX, userY] = portalUsers.slice(-2);
		const stamp = Date.now().toString(36);

		let server = ctx.server;
		const tickets = await server.api.createWorkflow(
			triggerWorkflow(ctx, `e2e trigger tickets ${stamp}`, { entity: 'Tickets', event: 'createdOrUpdated', filterMode: 'build', options: {} }),
		);
		const portal = await server.api.createWorkflow(
			triggerWorkflow(ctx, `e2e trigger portal ${stamp}`, { entity: 'ClientPortalUsers', event: 'accessRevoked', filterMode: 'build', options: {} }),
		);

		await t('both trigger workflows activate (first poll starts from now: no execution)', async () => {
			await server.api.activate(tickets.id);
			await server.api.activate(portal.id);
			assert.equal((await server.api.getWorkflow(tickets.id)).active, true);
			assert.equal((await server.api.getWorkflow(portal.id)).active, true);
			await sleep(3000);
			assert.deepEqual(await server.api.executions(tickets.id, { includeData: false }), []);
			assert.deepEqual(await server.api.executions(portal.id, { includeData: false }), []);
		});

		// ---- changes while n8n runs ----
		const t1 = await api.create('Tickets', { companyID: company.id, title: `E2E trigger one ${stamp}`, status: 1, priority: 2 });
		const t2 = await api.create('Tickets', { companyID: company.id, title: `E2E trigger two ${stamp}`, status: 1, priority: 2 });
		const existing = (await api.query('Tickets', [{ op: 'lt', field: 'id', value: t1.itemId }]))[0];
		await api.update('Tickets', { id: existing.id, title: `${existing.title} (changed ${stamp})` });
		await api.update('ClientPortalUsers', { id: userX.id, isClientPortalActive: false });
		const firstWave = { tickets: [t1.itemId, t2.itemId, existing.id].sort((a, b) => a - b), portal: [userX.id] };
		log(`changed tickets ${firstWave.tickets.join(', ')} and revoked portal user ${userX.id}; waiting for the polls`);

		const itemIds = (runs) => runs.flatMap((r) => r.items.map((i) => i.id)).sort((a, b) => a - b);
		await t('running: each change is emitted once, with the record and its event', async () => {
			const ticketRuns = await waitFor(
				'the ticket changes to be emitted',
				async () => {
					const runs = emitted(await server.api.executions(tickets.id));
					return itemIds(runs).length >= firstWave.tickets.length ? runs : null;
				},
				{ timeoutMs: POLL_WAIT_MS, intervalMs: 3000 },
			);
			const portalRuns = await waitFor(
				'the revoked access to be emitted',
				async () => {
					const runs = emitted(await server.api.executions(portal.id));
					return itemIds(runs).length >= 1 ? runs : null;
				},
				{ timeoutMs: POLL_WAIT_MS, intervalMs: 3000 },
			);
			assert.deepEqual(itemIds(ticketRuns), firstWave.tickets);
			assert.ok(ticketRuns.every((r) => r.status === 'success' && r.items.length > 0));
			const changed = ticketRuns.flatMap((r) => r.items).find((i) => i.id === existing.id);
			assert.equal(changed.title, `${existing.title} (changed ${stamp})`);
			for (const item of ticketRuns.flatMap((r) => r.items)) {
				assert.equal(item.event?.entity, 'Tickets', JSON.stringify(item.event));
				assert.ok(['created', 'updated', 'createdOrUpdated'].includes(item.event?.type), JSON.stringify(item.event));
			}
			assert.deepEqual(itemIds(portalRuns), firstWave.portal);
			const revoked = portalRuns[0].items[0];
			assert.equal(revoked.event?.type, 'accessRevoked', JSON.stringify(revoked.event));
			assert.equal(revoked.isClientPortalActive, false);
		});

		await t('running: the next polls emit nothing again', async () => {
			await sleep(QUIET_MS);
			assert.deepEqual(itemIds(emitted(await server.api.executions(tickets.id))), firstWave.tickets);
			assert.deepEqual(itemIds(emitted(await server.api.executions(portal.id))), firstWave.portal);
		});

		// ---- changes while n8n is down ----
		await ctx.stopServer();
		const t3 = await api.create('Tickets', { companyID: company.id, title: `E2E trigger three ${stamp}`, status: 1, priority: 2 });
		await api.update('Tickets', { id: t1.itemId, title: `E2E trigger one ${stamp} (changed while down)` });
		await api.update('ClientPortalUsers', { id: userX.id, isClientPortalActive: true }); // a grant: not watched
		await api.update('ClientPortalUsers', { id: userY.id, isClientPortalActive: false });
		const secondWave = { tickets: [t1.itemId, t3.itemId].sort((a, b) => a - b), portal: [userY.id] };
		log(`n8n stopped; changed tickets ${secondWave.tickets.join(', ')} and revoked ${userY.id}; restarting n8n`);
		server = await ctx.startServer();

		await t('after a restart: changes made while down arrive once, nothing earlier is re-emitted', async () => {
			const expectedTickets = [...firstWave.tickets, ...secondWave.tickets].sort((a, b) => a - b);
			const ticketRuns = await waitFor(
				'the catch-up of ticket changes',
				async () => {
					const runs = emitted(await server.api.executions(tickets.id));
					return itemIds(runs).length >= expectedTickets.length ? runs : null;
				},
				{ timeoutMs: POLL_WAIT_MS, intervalMs: 3000 },
			);
			const portalRuns = await waitFor(
				'the catch-up of the revoked access',
				async () => {
					const runs = emitted(await server.api.executions(portal.id));
					return itemIds(runs).length >= 2 ? runs : null;
				},
				{ timeoutMs: POLL_WAIT_MS, intervalMs: 3000 },
			);
			await sleep(QUIET_MS);
			const finalTickets = emitted(await server.api.executions(tickets.id));
			const finalPortal = emitted(await server.api.executions(portal.id));
			assert.deepEqual(itemIds(finalTickets), expectedTickets, `ticket executions: ${JSON.stringify(finalTickets.map((r) => r.items.map((i) => i.id)))}`);
			assert.deepEqual(itemIds(finalPortal), [...firstWave.portal, ...secondWave.portal].sort((a, b) => a - b));
			const t1Again = finalTickets.flatMap((r) => r.items).filter((i) => i.id === t1.itemId).at(-1);
			assert.match(String(t1Again.title), /changed while down/);
			void ticketRuns;
			void portalRuns;
		});

		await t('the trigger workflows deactivate cleanly', async () => {
			await server.api.deactivate(tickets.id);
			await server.api.deactivate(portal.id);
		});
	},
};
