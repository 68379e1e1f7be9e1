/**
 * The simulator's webhook entities and callouts: CRUD rules, payload shape and signature, the
 * retry schedule, deactivation after consecutive failures with the deactivation notice, and the
 * controls that make callouts fail on purpose. A local receiver stands in for n8n.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSimulator, type Simulator } from './simulator';

interface Received {
	path: string;
	body: string;
	signature: string | undefined;
}

class Receiver {
	readonly received: Received[] = [];
	status = 200;
	private server?: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((request: IncomingMessage, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				this.received.push({
					path: request.url ?? '',
					body: Buffer.concat(chunks).toString('utf8'),
					signature: request.headers['x-hook-signature'] as string | undefined,
				});
				response.statusCode = this.status;
				response.end();
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server?.closeAllConnections();
			this.server?.close(() => resolve());
		});
	}
}

const SECRET = 'a-secret-of-some-length';

async function call(sim: Simulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const user = sim.users.default;
	const response = await fetch(`${sim.zoneUrl()}V1.0/${path}`, {
		method,
		headers: { UserName: user.userName, Secret: user.secret, ApiIntegrationCode: user.integrationCode, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function fieldIds(sim: Simulator, family: string): Promise<Map<string, number>> {
	const reply = await call(sim, 'GET', `${family}WebhookFields/entityInformation/fields`);
	const fieldId = reply.body.fields.find((field: { name: string }) => field.name === 'fieldID');
	return new Map(fieldId.picklistValues.map((entry: { label: string; value: string }) => [entry.label, Number(entry.value)]));
}

async function createTicketWebhook(sim: Simulator, receiver: Receiver, subscribed: string[], always: string[] = []): Promise<number> {
	const created = await call(sim, 'POST', 'TicketWebhooks', {
		name: 'test hook',
		webhookUrl: `${receiver.url}/hook`,
		deactivationUrl: `${receiver.url}/deactivated`,
		secretKey: SECRET,
		isActive: true,
		sendThresholdExceededNotification: false,
		isSubscribedToCreateEvents: true,
		isSubscribedToUpdateEvents: true,
		isSubscribedToDeleteEvents: true,
	});
	expect(created.status).toBe(200);
	const id = created.body.itemId as number;
	const ids = await fieldIds(sim, 'Ticket');
	for (const name of subscribed) {
		const row = await call(sim, 'POST', `TicketWebhooks/${id}/Fields`, { fieldID: ids.get(name), isSubscribedField: true, isDisplayAlwaysField: false });
		expect(row.status).toBe(200);
	}
	for (const name of always) {
		await call(sim, 'POST', `TicketWebhooks/${id}/Fields`, { fieldID: ids.get(name), isSubscribedField: false, isDisplayAlwaysField: true });
	}
	return id;
}

describe('simulator webhooks', () => {
	let sim: Simulator;
	let receiver: Receiver;
	let ticketId: number;

	beforeEach(async () => {
		sim = await startSimulator({ webhookTiming: { timeoutMs: 200, retryDelaysMs: [20, 20, 20, 20], deactivateAfter: 3 } });
		receiver = new Receiver();
		await receiver.start();
		ticketId = sim.store.all('Tickets')[0].id as number;
	});

	afterEach(async () => {
		await sim.close();
		await receiver.close();
	});

	it('offers the webhook entities of the 2026 list with their child paths and the webhook record fields', async () => {
		const fields = await call(sim, 'GET', 'TicketWebhooks/entityInformation/fields');
		expect(fields.body.fields.map((field: { name: string }) => field.name)).toEqual([
			'deactivationUrl', 'id', 'isActive', 'isReady', 'isSubscribedToCreateEvents', 'isSubscribedToDeleteEvents',
			'isSubscribedToUpdateEvents', 'name', 'notificationEmailAddress', 'ownerResourceID', 'secretKey',
			'sendThresholdExceededNotification', 'webhookGuid', 'webhookUrl',
		]);
		for (const family of ['Company', 'Contact', 'ConfigurationItem', 'Ticket', 'TicketNote']) {
			expect((await call(sim, 'POST', `${family}Webhooks/query`, { filter: [{ op: 'exist', field: 'id' }] })).status).toBe(200);
			expect((await call(sim, 'GET', `${family}WebhookExcludedResources/entityInformation/fields`)).status).toBe(200);
		}
		expect((await call(sim, 'GET', 'TicketNoteWebhookUdfFields/entityInformation')).status).toBe(404);
		// Excluded resources are created and deleted, never updated (no PATCH in the operation list).
		expect((await call(sim, 'PATCH', 'TicketWebhooks/1/ExcludedResources', { id: 1 })).status).toBe(405);
	});

	it('validates a new webhook: required fields and absolute URLs', async () => {
		const missing = await call(sim, 'POST', 'TicketWebhooks', { name: 'x', isActive: true });
		expect(missing.status).toBe(500);
		expect(JSON.stringify(missing.body)).toMatch(/secretKey/);
		const relative = await call(sim, 'POST', 'TicketWebhooks', {
			name: 'x', isActive: true, webhookUrl: '/relative', deactivationUrl: 'http://ok.example/d', secretKey: SECRET, sendThresholdExceededNotification: false,
		});
		expect(JSON.stringify(relative.body)).toMatch(/webhookUrl must be an absolute/);
	});

	it('calls out a subscribed change, signed over the exact bytes, in the documented shape', async () => {
		const webhookId = await createTicketWebhook(sim, receiver, ['title'], ['status']);
		const webhook = (await call(sim, 'GET', `TicketWebhooks/${webhookId}`)).body.item;
		expect(webhook.webhookGuid).toMatch(/^[0-9a-f-]{36}$/);
		expect(webhook.ownerResourceID).toBe(sim.users.default.resourceId);
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'Printer <on fire> & "smoking" ✓' });
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, description: 'not subscribed' });
		await sim.webhooks.idle();
		expect(receiver.received).toHaveLength(1);
		const [callout] = receiver.received;
		expect(callout.body).toContain('\\u003con fire\\u003e \\u0026 \\u0022smoking\\u0022 \\u2713');
		const expected = `sha1=${createHmac('sha1', SECRET).update(callout.body).digest('base64')}`;
		expect(callout.signature).toBe(expected);
		const payload = JSON.parse(callout.body);
		expect(Object.keys(payload)).toEqual(['Action', 'Guid', 'EntityType', 'Id', 'Fields', 'EventTime', 'SequenceNumber', 'PersonID']);
		expect(payload).toMatchObject({ Action: 'Update', Guid: webhook.webhookGuid, EntityType: 'Ticket', Id: ticketId, SequenceNumber: 1, PersonID: sim.users.default.resourceId });
		expect(Object.keys(payload.Fields).sort()).toEqual(['status', 'title']);
	});

	it('skips changes by an excluded resource and calls out creates and deletes', async () => {
		const webhookId = await createTicketWebhook(sim, receiver, ['title']);
		await call(sim, 'POST', `TicketWebhooks/${webhookId}/ExcludedResources`, { resourceID: sim.users.default.resourceId });
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'by the excluded resource' });
		const other = sim.store.all('Resources').find((resource) => resource.id !== sim.users.default.resourceId) as { id: number };
		sim.store.update('Tickets', ticketId, { title: 'by someone else' }, { by: other.id });
		await sim.webhooks.idle();
		expect(receiver.received.map((r) => JSON.parse(r.body).PersonID)).toEqual([other.id]);
	});

	it('retries a failed callout on its schedule and gives up after five attempts', async () => {
		await createTicketWebhook(sim, receiver, ['title']);
		receiver.status = 500;
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'never delivered' });
		await sim.webhooks.idle();
		expect(receiver.received).toHaveLength(5);
		expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
		expect(sim.webhooks.failedEvents).toHaveLength(1);
		receiver.status = 200;
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'delivered' });
		await sim.webhooks.idle();
		expect(receiver.received).toHaveLength(6);
	});

	it('times a callout out and counts injected failures as attempts', async () => {
		await createTicketWebhook(sim, receiver, ['title']);
		sim.webhooks.failCallouts({ kind: 'timeout' }, 2);
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'third time lucky' });
		await sim.webhooks.idle();
		expect(sim.webhooks.attempts.map((a) => [a.attempt, a.status, a.error ?? ''])).toEqual([
			[1, 0, 'timeout'],
			[2, 0, 'timeout'],
			[3, 200, ''],
		]);
		expect(receiver.received).toHaveLength(1);
	});

	it('deactivates the webhook after consecutive failed events and sends the signed notice to the deactivation URL', async () => {
		const webhookId = await createTicketWebhook(sim, receiver, ['title']);
		sim.webhooks.failCallouts({ kind: 'refuse' });
		for (let n = 0; n < 4; n++) await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: `change ${n}` });
		await sim.webhooks.idle();
		sim.webhooks.clearFailures();
		expect(sim.webhooks.failedEvents).toHaveLength(3);
		const webhook = (await call(sim, 'GET', `TicketWebhooks/${webhookId}`)).body.item;
		expect(webhook.isActive).toBe(false);
		const notice = receiver.received.find((r) => r.path === '/deactivated');
		expect(notice).toBeDefined();
		expect(JSON.parse(notice?.body ?? '{}')).toMatchObject({ Action: 'Deactivated', Guid: webhook.webhookGuid });
		expect(notice?.signature).toBe(`sha1=${createHmac('sha1', SECRET).update(notice?.body ?? '').digest('base64')}`);
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'after deactivation' });
		await sim.webhooks.idle();
		expect(receiver.received.filter((r) => r.path === '/hook')).toHaveLength(0);
	});

	it('calls out UDF changes through UdfFields rows and stops once the webhook is deleted', async () => {
		sim.store.defineUdf('Tickets', { name: 'Escalation', type: 'string' });
		const webhookId = await createTicketWebhook(sim, receiver, ['title']);
		const udfMeta = await call(sim, 'GET', 'TicketWebhookUdfFields/entityInformation/fields');
		const udfIds = udfMeta.body.fields.find((field: { name: string }) => field.name === 'udfFieldID').picklistValues;
		const escalation = udfIds.find((entry: { label: string }) => entry.label === 'Escalation');
		expect((await call(sim, 'POST', `TicketWebhooks/${webhookId}/UdfFields`, { udfFieldID: escalation.value, isSubscribedField: true })).status).toBe(200);
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, userDefinedFields: [{ name: 'Escalation', value: 'high' }] });
		await sim.webhooks.idle();
		expect(JSON.parse(receiver.received[0].body).Fields).toEqual({ Escalation: 'high' });
		expect((await call(sim, 'DELETE', `TicketWebhooks/${webhookId}`)).status).toBe(200);
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'unheard' });
		await sim.webhooks.idle();
		expect(receiver.received).toHaveLength(1);
	});

	it('offers the same controls over HTTP under /__admin/webhooks for a simulator in its own process', async () => {
		await createTicketWebhook(sim, receiver, ['title']);
		const admin = async (method: string, action: string, body?: unknown) => {
			const response = await fetch(`${sim.url}/__admin/webhooks/${action}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
			return { status: response.status, body: (await response.json()) as any };
		};
		expect((await admin('POST', 'timing', { retryDelaysMs: [5] })).body.timing.retryDelaysMs).toEqual([5]);
		expect((await admin('POST', 'fail', { kind: 'status', status: 502, count: 2 })).status).toBe(200);
		expect((await admin('POST', 'fail', { kind: 'explode' })).status).toBe(400);
		await call(sim, 'PATCH', 'Tickets', { id: ticketId, title: 'two attempts, both fail' });
		expect((await admin('GET', 'idle')).body).toEqual({ idle: true });
		const { attempts, failedEvents } = (await admin('GET', 'attempts')).body;
		expect(attempts.map((attempt: { status: number }) => attempt.status)).toEqual([502, 502]);
		expect(failedEvents).toHaveLength(1);
		expect((await admin('POST', 'clear-failures')).status).toBe(200);
		expect((await admin('GET', 'nothing')).status).toBe(404);
	});
});
