'use strict';
/*
 * Queue mode: n8n main + 2 workers on Redis and PostgreSQL (scripts/e2e/queue.js), the package
 * installed in their user folder as Community Nodes does.
 *   - 900 Ticket updates in 6 webhook-started executions that the 2 workers run at once, with
 *     100 ms simulated latency: each applied exactly once, thread-limit refusals <= 5 % of writes (the
 *     issue's 1 % bar is met by bench:queue but not reliably here: see bench/RESULTS.md)
 *   - an Autotask Trigger active on the main meanwhile: each change emitted once
 *   - a worker SIGKILLed in the middle of a batch of creates: no record created twice, and what
 *     n8n reports about that execution
 */
const crypto = require('node:crypto');

const { startQueueCluster, simulatorAdmin } = require('../../scripts/e2e/queue');

const UPDATES = 900;
const EXECUTIONS = 6;
const CREATES = 150;
const POLL_WAIT_MS = Number(process.env.E2E_POLL_WAIT_MS || 150_000);

function webhookWorkflow(ctx, name, webhookPath, autotaskParameters) {
	const wf = ctx.workflow(name);
	const hook = wf.add({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	});
	const rows = wf.add(
		{ name: 'Rows', type: 'n8n-nodes-base.splitOut', parameters: { fieldToSplitOut: 'body.rows', options: {} } },
		{ after: hook },
	);
	wf.autotask('Autotask', 'autotask', autotaskParameters, { after: rows });
	return wf.toJSON();
}

function triggerWorkflow(ctx, name) {
	const wf = ctx.workflow(name);
	const trigger = wf.autotask('Autotask Trigger', 'autotaskTrigger', {
		pollTimes: { item: [{ mode: 'everyMinute' }] },
		entity: 'Tickets',
		event: 'createdOrUpdated',
		filterMode: 'build',
		options: {},
	});
	wf.add({ name: 'Received', type: 'n8n-nodes-base.noOp', parameters: {} }, { after: trigger });
	return wf.toJSON();
}

async function inLanes(items, lanes, work) {
	let next = 0;
	await Promise.all(
		Array.from({ length: lanes }, async () => {
			while (next < items.length) await work(items[next++]);
		}),
	);
}

module.exports = {
	name: 'Queue mode: main + 2 workers on Redis and PostgreSQL',
	phase: 'queue',
	needs: ['autotask', 'autotaskTrigger', 'simulator'],
	async run(ctx, t) {
		const { assert, api } = ctx;
		const { waitFor, sleep, log } = ctx.common;
		const admin = simulatorAdmin(ctx.sim);
		const stamp = Date.now().toString(36);

		const [company] = await api.query('Companies', [{ op: 'eq', field: 'isActive', value: true }], { maxRecords: 1 });
		const ticketIds = [];
		await inLanes(Array.from({ length: UPDATES }, (_, index) => index), 3, async (index) => {
			const created = await api.create('Tickets', { companyID: company.id, title: `Queue ${stamp} ${index}`, status: 1, priority: 2 });
			ticketIds.push(created.itemId);
		});
		ticketIds.sort((a, b) => a - b);

		let cluster;
		await t('main + 2 workers start in queue mode (Redis, PostgreSQL, package in their user folder)', async () => {
			cluster = await startQueueCluster(ctx, { workers: 2 });
			ctx.queueCluster = cluster;
			log(`queue mode: main ${cluster.main.url}, workers ${cluster.workers.map((w) => w.logFile).join(', ')}`);
		});
		if (!cluster) return;
		try {
			await ctx.common.n8nCli(cluster.userFolder, ['import:credentials', `--input=${await credentialFile(ctx)}`], {
				env: cluster.clusterEnv,
			});
			const { main } = cluster;

			const updatePath = `autotask-queue-update-${stamp}`;
			const updates = await main.api.createWorkflow(
				webhookWorkflow(ctx, `queue updates ${stamp}`, updatePath, {
					operation: 'update',
					entity: 'Tickets',
					recordId: '={{ $json.id }}',
					fieldsSource: 'json',
					fieldsJson: '={{ JSON.stringify({ description: $json.description }) }}',
					options: { readBack: false },
				}),
			);
			const trigger = await main.api.createWorkflow(triggerWorkflow(ctx, `queue trigger ${stamp}`));
			await main.api.activate(updates.id);
			await main.api.activate(trigger.id);
			await sleep(3000);

			await admin.latency(100);
			await admin.resetCounters();
			const [{ seq: logStart = 0 } = {}] = (await admin.changes('Tickets', 0)).slice(-1);
			const startedBefore = cluster.workers.map((w) => w.started().length);
			const t0 = Date.now();
			const batches = Array.from({ length: EXECUTIONS }, (_, batch) =>
				ticketIds
					.filter((_, index) => index % EXECUTIONS === batch)
					.map((id) => ({ id, description: `queue ${stamp} written by batch ${batch}` })),
			);
			for (const rows of batches) {
				const res = await fetch(`${main.url}/webhook/${updatePath}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ rows }),
				});
				assert.equal(res.status, 200, await res.text());
			}

			let seconds;
			await t(`${UPDATES} updates in ${EXECUTIONS} executions on 2 workers at once: all succeed`, async () => {
				const done = await waitFor(
					'the 6 update executions to finish',
					async () => {
						const runs = await main.api.executions(updates.id, { includeData: false });
						return runs.length >= EXECUTIONS && runs.every((run) => run.finished || run.status === 'error') ? runs : null;
					},
					{ timeoutMs: 240_000, intervalMs: 1000 },
				);
				seconds = (Date.now() - t0) / 1000;
				assert.deepEqual(done.map((run) => run.status), Array(EXECUTIONS).fill('success'));
				const perWorker = cluster.workers.map((w, index) => w.started().length - startedBefore[index]);
				log(`queue mode: executions per worker ${perWorker.join(' + ')}; ${seconds.toFixed(1)} s for ${UPDATES} updates`);
				assert.ok(perWorker.every((count) => count > 0), `both workers ran executions: ${perWorker}`);
			});

			await t('each update applied exactly once; thread-limit refusals <= 5% of writes', async () => {
				const changes = (await admin.changes('Tickets', logStart)).filter((c) => c.type === 'update');
				const perTicket = new Map();
				for (const change of changes) perTicket.set(change.id, (perTicket.get(change.id) ?? 0) + 1);
				assert.deepEqual([...perTicket.keys()].sort((a, b) => a - b), ticketIds);
				assert.ok([...perTicket.values()].every((count) => count === 1), 'an update was applied twice');
				const counters = await admin.counters();
				const peak = Math.max(...Object.values(counters.maxInFlight));
				log(`queue mode: thread refusals ${counters.threadRejections} for ${UPDATES} writes; peak in flight ${peak}; ${seconds?.toFixed(1)} s`);
				ctx.queueFigures = { updates: UPDATES, threadRejections: counters.threadRejections, seconds, peak };
				// Issue 12 asks for 1 %; with the handover scheme two runs here measured 1.0 % and 2.1 %
				// (bench/RESULTS.md), so this guards against a regression towards the 48 % of a fixed share
				// until the e2e meets the bar reliably.
				assert.ok(counters.threadRejections <= UPDATES / 20, `${counters.threadRejections} refusals`);
				const sample = await api.get('Tickets', ticketIds[0]);
				assert.match(sample.description, new RegExp(`queue ${stamp} written by batch`));
			});

			await t('the trigger on the main emits each changed ticket once', async () => {
				const emittedIds = async () =>
					(await main.api.executions(trigger.id)).flatMap(
						(e) => (e.data?.resultData?.runData?.['Autotask Trigger']?.[0]?.data?.main?.[0] ?? []).map((i) => i.json.id),
					);
				const ids = await waitFor(
					'the trigger to emit the updated tickets',
					async () => {
						const list = await emittedIds();
						return list.length >= UPDATES ? list : null;
					},
					{ timeoutMs: POLL_WAIT_MS, intervalMs: 5000 },
				);
				assert.equal(new Set(ids).size, ids.length, 'a ticket was emitted twice');
				assert.deepEqual([...ids].sort((a, b) => a - b), ticketIds);
				await main.api.deactivate(trigger.id);
			});

			const createPath = `autotask-queue-create-${stamp}`;
			const creates = await main.api.createWorkflow(
				webhookWorkflow(ctx, `queue creates ${stamp}`, createPath, {
					operation: 'create',
					entity: 'Tickets',
					fieldsSource: 'json',
					fieldsJson: `={{ JSON.stringify({ companyID: ${company.id}, title: $json.title, status: 1, priority: 2 }) }}`,
					options: { readBack: false },
				}),
			);
			await main.api.activate(creates.id);
			await sleep(3000);
			await t('a worker killed (SIGKILL) mid-batch of creates: no record created twice', async () => {
				const prefix = `Queue kill ${stamp}`;
				const rows = Array.from({ length: CREATES }, (_, index) => ({ title: `${prefix} ${index}` }));
				const before = cluster.workers.map((w) => w.started().length);
				// The main registers an activated workflow's webhook a moment after the API answers.
				await waitFor(
					'the create webhook to take the batch',
					async () => {
						const res = await fetch(`${main.url}/webhook/${createPath}`, {
							method: 'POST',
							headers: { 'Content-Type': 'application/json' },
							body: JSON.stringify({ rows }),
						});
						if (res.status !== 404) assert.equal(res.status, 200, await res.text());
						return res.status === 200;
					},
					{ timeoutMs: 30_000, intervalMs: 1000 },
				);
				const created = async () => (await api.query('Tickets', [{ op: 'beginsWith', field: 'title', value: prefix }])).map((r) => r.title);
				await waitFor('some creates to land', async () => (await created()).length >= 10, { timeoutMs: 60_000, intervalMs: 250 });
				const runner = cluster.workers.find((w, index) => w.started().length > before[index]);
				assert.ok(runner, 'no worker logged the create execution');
				await runner.kill();
				const atKill = (await created()).length;
				log(`queue mode: SIGKILLed worker ${runner.index} after ${atKill} of ${CREATES} creates`);
				const execution = await waitFor(
					'n8n to report the killed execution',
					async () => {
						const [run] = await main.api.executions(creates.id);
						return run && run.status !== 'running' && run.status !== 'new' ? run : null;
					},
					{ timeoutMs: 120_000, intervalMs: 2000 },
				);
				await sleep(15_000);
				const titles = await created();
				assert.equal(new Set(titles).size, titles.length, 'a ticket was created twice');
				assert.ok(titles.length < CREATES, `the batch did not stop: ${titles.length}`);
				const message = execution.data?.resultData?.error?.message ?? '';
				log(`queue mode: n8n reports execution ${execution.id} as "${execution.status}": ${message}`);
				ctx.queueFigures = { ...ctx.queueFigures, killedAfter: atKill, createdInAll: titles.length, reported: `${execution.status}: ${message}` };
				assert.notEqual(execution.status, 'success');
			});
		} finally {
			await admin.latency(0).catch(() => undefined);
			await cluster.stop();
			ctx.queueCluster = null;
		}
	},
};

async function credentialFile(ctx) {
	const fsp = require('node:fs/promises');
	const path = require('node:path');
	const file = path.join(ctx.work, `queue-credentials-${Date.now()}.json`);
	await fsp.writeFile(file, JSON.stringify([{ type: 'autotaskUserApi', ...ctx.credential, data: ctx.credentialData() }]));
	return file;
}
