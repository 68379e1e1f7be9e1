/**
 * Autotask Trigger (webhook) at workflow level: the node's webhook lifecycle and webhook() run in
 * n8n-core contexts (test/harness/webhookHost.ts) against the simulator, which sends real signed
 * callouts to the host's URL with Autotask's retry and deactivation rules (timing scaled down).
 */
import { createHmac } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AutotaskWebhookTrigger } from '../nodes/AutotaskWebhookTrigger/AutotaskWebhookTrigger.node';
import { buildNode, callMethod, createWebhookHost, registerPackageNode, shutdownHarness } from './harness';
import type { WebhookHost } from './harness';
import { credentialsFor, useRetryPolicy } from './helpers/simulatorSetup';
import { startSimulator, type Simulator } from './simulator';

const TRIGGER = registerPackageNode(new AutotaskWebhookTrigger());
const FAST = { timeoutMs: 1_000, retryDelaysMs: [30, 30, 30, 30], deactivateAfter: 3 };

useRetryPolicy({ baseDelayMs: 1, maxDelayMs: 5 });
afterAll(shutdownHarness);

let sim: Simulator;
const hosts: WebhookHost[] = [];

beforeEach(async () => {
	sim = await startSimulator({ webhookTiming: FAST });
	sim.clock.auto(true);
});

afterEach(async () => {
	await Promise.all(hosts.splice(0).map((host) => host.close()));
	await sim.close();
});

function triggerNode(parameters: IDataObject = {}, webhookId = 'f0e1d2c3-0000-4000-8000-000000000001') {
	return {
		...buildNode(TRIGGER, { entity: 'Tickets', events: ['created', 'updated'], subscribedFields: ['title', 'status'], ...parameters } as INodeParameters, {
			name: 'Autotask Trigger (webhook)',
		}),
		id: 'node-1',
		webhookId,
	};
}

async function host(options: { parameters?: IDataObject; workflowId?: string; staticData?: IDataObject; webhookId?: string } = {}): Promise<WebhookHost> {
	const created = await createWebhookHost({
		node: triggerNode(options.parameters, options.webhookId),
		credentials: credentialsFor(sim),
		workflowId: options.workflowId,
		staticData: options.staticData,
	});
	hosts.push(created);
	return created;
}

/** A resource other than the credential's own (whose changes the webhook excludes by default). */
const someoneElse = () => sim.store.all('Resources').find((resource) => resource.id !== sim.users.default.resourceId)?.id as number;
const ticketIds = () => sim.store.all('Tickets').map((ticket) => ticket.id as number);
const webhooks = () => sim.store.all('TicketWebhooks');
const emittedIds = (h: WebhookHost) => h.executions.flatMap((execution) => execution.items.map((item) => item.id as number));

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

async function post(url: string, body: string, signature?: string): Promise<number> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (signature !== undefined) headers['X-Hook-Signature'] = signature;
	return (await fetch(url, { method: 'POST', headers, body })).status;
}

describe('Autotask Trigger (webhook)', () => {
	it('lists the fields a webhook can watch from live metadata, UDFs included', async () => {
		sim.store.defineUdf('Tickets', { name: 'Escalation Level', type: 'string' });
		const options = await callMethod('loadOptions', 'getWebhookFields', { node: triggerNode(), credentials: credentialsFor(sim) });
		expect(options).toEqual(expect.arrayContaining([{ name: 'title', value: 'title' }, { name: 'Escalation Level (UDF)', value: 'udf:Escalation Level' }]));
	});

	it('activation creates one marked webhook with its field, UDF and excluded-resource rows; deactivation deletes it', async () => {
		sim.store.defineUdf('Tickets', { name: 'Escalation Level', type: 'string' });
		const h = await host({ parameters: { subscribedFields: ['title', 'udf:Escalation Level'], options: { alwaysFields: ['ticketNumber'] } } });
		await h.activate();
		expect(webhooks()).toHaveLength(1);
		const [webhook] = webhooks();
		expect(webhook).toMatchObject({ isActive: true, webhookUrl: h.url, deactivationUrl: h.url, isSubscribedToCreateEvents: true, isSubscribedToDeleteEvents: false });
		expect(String(webhook.name)).toMatch(/^n8n test-webhook-workflow [0-9a-f]{10}$/);
		const state = h.staticData().autotaskWebhook as IDataObject;
		expect(state.secret).toBe(webhook.secretKey);
		expect(String(state.secret).length).toBeGreaterThanOrEqual(32);
		const rows = sim.store.all('TicketWebhookFields').filter((row) => row.webhookID === webhook.id);
		expect(rows.map((row) => [row.isSubscribedField, row.isDisplayAlwaysField]).sort()).toEqual([[false, true], [true, false]]);
		expect(sim.store.all('TicketWebhookUdfFields').filter((row) => row.webhookID === webhook.id)).toHaveLength(1);
		expect(sim.store.all('TicketWebhookExcludedResources').map((row) => row.resourceID)).toEqual([sim.users.default.resourceId]);
		await h.deactivate();
		expect(webhooks()).toHaveLength(0);
		expect(h.staticData().autotaskWebhook).toBeUndefined();
	});

	it('a ticket change reaches one execution shaped like the polling trigger, with what the callout said', async () => {
		const h = await host();
		await h.activate();
		const [ticketId] = ticketIds();
		sim.store.update('Tickets', ticketId, { title: 'Printer on fire' }, { by: someoneElse() });
		await until('the execution', () => h.executions.length === 1);
		await sim.webhooks.idle();
		const [item] = h.executions[0].items;
		expect(item).toMatchObject({ id: ticketId, title: 'Printer on fire' });
		expect(item.event).toMatchObject({ type: 'updated', entity: 'Tickets', id: ticketId, source: 'webhook', changedFields: ['title'], personId: someoneElse() });
		expect(h.executions).toHaveLength(1);
	});

	it('answers 401 to unsigned, forged, malformed and foreign calls, and starts nothing', async () => {
		const h = await host();
		await h.activate();
		const secret = String((h.staticData().autotaskWebhook as IDataObject).secret);
		const guid = String(webhooks()[0].webhookGuid);
		const body = JSON.stringify({ Action: 'Update', Guid: guid, EntityType: 'Ticket', Id: ticketIds()[0], Fields: {} });
		const sign = (text: string, key = secret) => `sha1=${createHmac('sha1', key).update(text).digest('base64')}`;
		expect(await post(h.url, body)).toBe(401);
		expect(await post(h.url, body, sign(body, 'not-the-secret'))).toBe(401);
		expect(await post(h.url, `${body} `, sign(body))).toBe(401);
		expect(await post(h.url, 'not json', sign('not json'))).toBe(401);
		const otherWebhook = body.replace(guid, '00000000-0000-4000-8000-000000000000');
		expect(await post(h.url, otherWebhook, sign(otherWebhook))).toBe(401);
		const deactivation = JSON.stringify({ Action: 'Deactivated', Guid: guid, Id: webhooks()[0].id });
		expect(await post(h.url, deactivation)).toBe(401);
		expect(h.executions).toHaveLength(0);
		expect(webhooks()[0].isActive).toBe(true);
	});

	it('a retried delivery starts one execution', async () => {
		const h = await host();
		await h.activate();
		sim.store.update('Tickets', ticketIds()[0], { status: 5 }, { by: someoneElse() });
		await until('the execution', () => h.executions.length === 1);
		await sim.webhooks.idle();
		const [attempt] = sim.webhooks.attempts;
		// Autotask sends the same bytes again when it saw no 2xx in time.
		expect(await post(h.url, attempt.body, attempt.signature)).toBe(200);
		expect(await post(h.url, attempt.body, attempt.signature)).toBe(200);
		expect(h.executions).toHaveLength(1);
	});

	it('removes an orphan of an earlier activation, and a copied workflow gets its own webhook', async () => {
		const first = await host();
		await first.activate();
		// The same workflow activated again after losing its static data: the old webhook is an orphan.
		const again = await host({ webhookId: 'f0e1d2c3-0000-4000-8000-000000000002' });
		await again.activate();
		expect(webhooks()).toHaveLength(1);
		expect(webhooks()[0].webhookUrl).toBe(again.url);
		// A copy (another workflow id, its own webhook id) with the original's static data.
		const copy = await host({ workflowId: 'copied-workflow', webhookId: 'f0e1d2c3-0000-4000-8000-000000000003', staticData: { 'node:Autotask Trigger (webhook)': again.staticData() } });
		await copy.activate();
		expect(webhooks().map((webhook) => webhook.webhookUrl).sort()).toEqual([again.url, copy.url].sort());
		sim.store.update('Tickets', ticketIds()[0], { title: 'seen by both' }, { by: someoneElse() });
		await until('both executions', () => again.executions.length === 1 && copy.executions.length === 1);
	});

	it('a change whose deliveries all failed reaches the workflow exactly once, with the next callout', async () => {
		const h = await host();
		await h.activate();
		const [lost, next] = ticketIds();
		sim.webhooks.failCallouts({ kind: 'refuse' }, 5);
		sim.store.update('Tickets', lost, { title: 'all five attempts fail' }, { by: someoneElse() });
		await sim.webhooks.idle();
		expect(sim.webhooks.failedEvents).toHaveLength(1);
		sim.store.update('Tickets', next, { title: 'delivered' }, { by: someoneElse() });
		await until('the execution', () => h.executions.length === 1);
		await sim.webhooks.idle();
		const items = h.executions[0].items;
		expect(items.map((item) => [item.id, (item.event as IDataObject).source])).toEqual([
			[next, 'webhook'],
			[lost, 'catchUp'],
		]);
		sim.store.update('Tickets', next, { title: 'delivered again' }, { by: someoneElse() });
		await until('the second execution', () => h.executions.length === 2);
		expect(emittedIds(h).sort()).toEqual([lost, next, next].sort());
	});

	it('the verified deactivation notice turns the webhook back on and catches up what the failures lost', async () => {
		const h = await host();
		await h.activate();
		const ids = ticketIds().slice(0, 4);
		sim.webhooks.failCallouts({ kind: 'status', status: 503 });
		for (const id of ids) sim.store.update('Tickets', id, { title: `while failing ${id}` }, { by: someoneElse() });
		await sim.webhooks.idle();
		sim.webhooks.clearFailures();
		expect(sim.webhooks.attempts.filter((attempt) => attempt.purpose === 'deactivation')).toHaveLength(1);
		await until('the catch-up execution', () => emittedIds(h).length >= ids.length);
		expect(webhooks()[0].isActive).toBe(true);
		expect(emittedIds(h).sort()).toEqual([...ids].sort());
		expect(h.executions.flatMap((e) => e.items).every((item) => (item.event as IDataObject).source === 'catchUp')).toBe(true);
	});

	it('n8n stopped while 50 tickets change: after the restart each change is emitted exactly once', async () => {
		sim.webhooks.timing({ deactivateAfter: 25, timeoutMs: 200, retryDelaysMs: [5, 5, 5, 5] });
		const h = await host();
		await h.activate();
		const template = sim.store.all('Tickets')[0];
		for (let n = ticketIds().length; n < 50; n++) {
			sim.store.insert('Tickets', { companyID: template.companyID, title: `filler ${n}`, status: 1, priority: 2 }, { recordChange: false });
		}
		await h.stop();
		const changed = ticketIds().slice(0, 50);
		expect(changed).toHaveLength(50);
		for (const id of changed) sim.store.update('Tickets', id, { title: `changed while n8n was down ${id}` }, { by: someoneElse() });
		await sim.webhooks.idle();
		expect(webhooks()[0].isActive).toBe(false); // 25 failed events in a row
		// n8n 2.x runs no lifecycle hook for a webhook it has registered: the node's watchdog
		// (trigger()) turns the webhook back on and asks for the catch-up.
		await h.restart();
		await until('the webhook to be on again', () => webhooks()[0].isActive === true);
		await until('all 50 changes', () => emittedIds(h).length >= 50, 20_000);
		// A late retry or the next callout must not bring any of them again.
		sim.store.update('Tickets', changed[0], { status: 5 }, { by: someoneElse() });
		await until('the next execution', () => emittedIds(h).length >= 51);
		await sim.webhooks.idle();
		const ids = emittedIds(h);
		expect(ids.slice(0, 50).sort((a, b) => a - b)).toEqual([...changed].sort((a, b) => a - b));
		expect(ids).toHaveLength(51);
	});
});
