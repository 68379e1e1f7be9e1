'use strict';
/*
 * Autotask Trigger (webhook) in a real `n8n start` with the workflow active, against the simulator
 * process (which calls out to n8n's production webhook URL, signed, with Autotask's retries; its
 * timing and failures are set through /__admin/webhooks). Checks: activation removes an orphan of
 * an earlier activation and creates one webhook; a ticket change reaches an execution (the delay
 * from the simulator's callout to the execution's start is printed, not asserted); a forged call
 * gets 401 and starts nothing; a delivery sent again starts nothing; n8n stopped while 50 tickets
 * change (short retry schedule, so Autotask's 25-failure deactivation happens within seconds):
 * after the restart each change is emitted exactly once; deactivating deletes the webhook.
 */
const crypto = require('node:crypto');

const TYPE = 'autotaskWebhookTrigger';
const WAIT_MS = Number(process.env.E2E_WEBHOOK_WAIT_MS || 60_000);

/** The node's mark (nodes/AutotaskWebhookTrigger/registration.ts webhookMark). */
const markOf = (workflowId, nodeId) => `n8n ${workflowId} ${crypto.createHash('sha256').update(nodeId).digest('hex').slice(0, 10)}`;

function emitted(executions) {
	return executions.map((e) => {
		const run = e.data?.resultData?.runData?.['Autotask Trigger (webhook)']?.[0];
		return { id: e.id, startedAt: e.startedAt, status: e.status, items: (run?.data?.main?.[0] ?? []).map((i) => i.json) };
	});
}

module.exports = {
	name: 'Autotask Trigger (webhook) in a running n8n (latency, 401, retries, orphans, restart catch-up)',
	phase: 'server',
	needs: [TYPE, 'simulator'],
	async run(ctx, t) {
		const { assert, api, sim } = ctx;
		const { waitFor, sleep, log } = ctx.common;
		const admin = async (method, action, body) => {
			const res = await fetch(`${sim.url}/__admin/webhooks/${action}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
			return await res.json();
		};
		await admin('POST', 'timing', { timeoutMs: 2000, retryDelaysMs: [200, 200, 200, 200], deactivateAfter: 25 });

		const company = (await api.query('Companies', [{ op: 'eq', field: 'isActive', value: true }]))[0];
		const stamp = Date.now().toString(36);
		const tickets = [];
		for (let n = 0; n < 50; n++) {
			tickets.push((await api.create('Tickets', { companyID: company.id, title: `E2E webhook ${stamp} #${n}`, status: 1, priority: 2 })).itemId);
		}

		let server = ctx.server;
		const wf = ctx.workflow(`e2e webhook trigger ${stamp}`);
		const triggerName = wf.autotask('Autotask Trigger (webhook)', TYPE, {
			entity: 'Tickets',
			events: ['created', 'updated'],
			subscribedFields: ['title', 'status'],
			// The simulator's API user is the credential: its own changes are excluded by default.
			options: { ignoreOwnChanges: false },
		});
		const triggerNode = wf.nodes.find((n) => n.name === triggerName);
		triggerNode.webhookId = crypto.randomUUID();
		wf.add({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, { after: triggerName });
		const created = await server.api.createWorkflow(wf.toJSON());
		const mark = markOf(created.id, triggerNode.id);
		const webhookUrl = `${server.url}/webhook/${triggerNode.webhookId}/webhook`;
		const marked = async () => (await api.query('TicketWebhooks', [{ op: 'eq', field: 'name', value: mark }]));
		const executions = async () => emitted(await server.api.executions(created.id));
		const ids = (runs) => runs.flatMap((r) => r.items.map((i) => i.id));

		const orphan = await api.create('TicketWebhooks', {
			name: mark,
			webhookUrl: `${server.url}/webhook/earlier-activation/webhook`,
			deactivationUrl: `${server.url}/webhook/earlier-activation/webhook`,
			secretKey: 'an-earlier-secret-key',
			isActive: true,
			sendThresholdExceededNotification: false,
		});

		await t('activation removes the orphan of an earlier activation and creates one webhook', async () => {
			await server.api.activate(created.id);
			// n8n 2.x answers the activation before the publication has run the webhook hooks.
			const hooks = await waitFor(
				'the webhook to be created and the orphan removed',
				async () => {
					const found = await marked();
					if (found.length !== 1 || found[0].id === orphan.itemId) return null;
					// and its watched-field rows (created right after the webhook)
					const rows = await api.query('TicketWebhookFields', [{ op: 'eq', field: 'webhookID', value: found[0].id }]);
					return rows.length === 2 ? found : null;
				},
				{ timeoutMs: WAIT_MS, intervalMs: 250 },
			);
			assert.equal(hooks.length, 1, JSON.stringify(hooks));
			assert.notEqual(hooks[0].id, orphan.itemId);
			assert.equal(hooks[0].webhookUrl, webhookUrl);
			assert.equal(hooks[0].isActive, true);
		});

		await t('a ticket change reaches an execution (delay from the callout printed)', async () => {
			const before = (await admin('GET', 'attempts')).attempts.length;
			await api.update('Tickets', { id: tickets[0], title: `E2E webhook ${stamp} changed` });
			const runs = await waitFor('the execution', async () => ((await executions()).length >= 1 ? executions() : null), { timeoutMs: WAIT_MS, intervalMs: 250 }).catch(async (error) => {
				const { attempts } = await admin('GET', 'attempts');
				throw new Error(`${error.message}; callouts: ${JSON.stringify(attempts.slice(before).map((a) => [a.url, a.status, a.error]))}`);
			});
			const attempt = (await admin('GET', 'attempts')).attempts.slice(before).find((a) => a.purpose === 'callout' && a.status === 200);
			assert.ok(attempt, 'a delivered callout');
			const delayMs = Date.parse(runs[0].startedAt) - attempt.sentAt;
			log(`callout sent -> execution started: ${delayMs} ms (callout answered in ${attempt.endedAt - attempt.sentAt} ms)`);
			assert.deepEqual(ids(runs), [tickets[0]]);
			assert.equal(runs[0].items[0].event.type, 'updated');
			assert.equal(runs[0].items[0].event.source, 'webhook');
			assert.equal(runs[0].items[0].title, `E2E webhook ${stamp} changed`);
		});

		await t('a forged or unsigned call gets 401 and starts nothing; a delivery sent again starts nothing', async () => {
			const [delivered] = (await admin('GET', 'attempts')).attempts.filter((a) => a.purpose === 'callout' && a.status === 200).slice(-1);
			const forged = await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': 'sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, body: delivered.body });
			assert.equal(forged.status, 401);
			const unsigned = await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: delivered.body });
			assert.equal(unsigned.status, 401);
			const again = await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': delivered.signature }, body: delivered.body });
			assert.equal(again.status, 200);
			await sleep(2000);
			assert.equal((await executions()).length, 1);
		});

		await t('n8n stopped while 50 tickets change: after the restart each change is emitted exactly once', async () => {
			const before = ids(await executions());
			await ctx.stopServer();
			for (const id of tickets) await api.update('Tickets', { id, title: `E2E webhook ${stamp} changed while n8n was down` });
			await admin('GET', 'idle');
			const [hook] = await marked();
			log(`while n8n was down: webhook isActive=${hook.isActive}, failed events ${(await admin('GET', 'attempts')).failedEvents.length}`);
			server = await ctx.startServer();
			const runs = await waitFor(
				'all 50 changes',
				async () => {
					const all = await executions();
					return ids(all).length >= before.length + 50 ? all : null;
				},
				{ timeoutMs: WAIT_MS * 2, intervalMs: 1000 },
			).catch(async (error) => {
				const { attempts } = await admin('GET', 'attempts');
				const hooks = await marked();
				throw new Error(`${error.message}; webhook ${JSON.stringify(hooks.map((h) => [h.id, h.isActive]))}; last callouts ${JSON.stringify(attempts.slice(-5).map((a) => [a.purpose, a.status, a.error]))}; emitted ${ids(await executions()).length}`);
			});
			await sleep(3000);
			const after = ids(await executions()).slice(before.length);
			assert.deepEqual([...after].sort((a, b) => a - b), [...tickets].sort((a, b) => a - b), `emitted after restart: ${JSON.stringify(after)}`);
			assert.equal((await marked())[0].isActive, true);
			void runs;
		});

		await t('deactivating the workflow deletes the webhook', async () => {
			await server.api.deactivate(created.id);
			await waitFor('the webhook to be deleted', async () => (await marked()).length === 0, { timeoutMs: WAIT_MS, intervalMs: 250 });
		});
	},
};
