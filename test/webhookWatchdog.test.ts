/**
 * The webhook trigger's watchdog (`trigger()`, nodes/AutotaskWebhookTrigger/watchdog.ts) on its own:
 * a trigger context whose cron the test fires by hand, against the simulator. The webhook and its
 * state come from a real activation through the workflow harness.
 */
import type { IDataObject, IHttpRequestOptions, INodeParameters, ITriggerFunctions } from 'n8n-workflow';

import { AutotaskWebhookTrigger } from '../nodes/AutotaskWebhookTrigger/AutotaskWebhookTrigger.node';
import { signatureOf } from '../nodes/AutotaskWebhookTrigger/signature';
import { watchWebhook } from '../nodes/AutotaskWebhookTrigger/watchdog';
import { buildNode, createWebhookHost, registerPackageNode, shutdownHarness } from './harness';
import type { WebhookHost } from './harness';
import { createFakeContext } from './helpers/fakeContext';
import { credentialsFor, useRetryPolicy } from './helpers/simulatorSetup';
import { startSimulator, type Simulator } from './simulator';
import { requireEntity } from './simulator/entities/catalog';

const TRIGGER = registerPackageNode(new AutotaskWebhookTrigger());

useRetryPolicy({ baseDelayMs: 1, maxDelayMs: 5 });
afterAll(shutdownHarness);

let sim: Simulator;
let host: WebhookHost;

beforeEach(async () => {
	sim = await startSimulator({ webhookTiming: { timeoutMs: 1_000, retryDelaysMs: [30], deactivateAfter: 3 } });
	host = await createWebhookHost({
		node: {
			...buildNode(TRIGGER, { entity: 'Tickets', events: ['created', 'updated'], subscribedFields: ['title', 'status'] } as INodeParameters, { name: 'Autotask Trigger (webhook)' }),
			id: 'node-1',
			webhookId: 'f0e1d2c3-0000-4000-8000-0000000000aa',
		},
		credentials: credentialsFor(sim),
	});
	await host.activate();
	// The host's own trigger() is not the one under test: stop it so only the test's runs.
	await host.stop();
});

afterEach(async () => {
	await host.close();
	await sim.close();
});

interface Watched {
	cron?: () => void;
	catchUps: IHttpRequestOptions[];
	warnings: string[];
}

/** A trigger context over the simulator with the activated node's static data. */
function triggerContext(mode: 'trigger' | 'manual', activation: 'init' | 'activate'): { ctx: ITriggerFunctions; watched: Watched } {
	const { ctx: base } = createFakeContext({ ...credentialsFor(sim).autotaskUserApi, customBaseUrl: '' });
	const watched: Watched = { catchUps: [], warnings: [] };
	const ctx = {
		...base,
		getMode: () => mode,
		getActivationMode: () => activation,
		getWorkflowStaticData: () => host.staticData(),
		logger: { warn: (message: string) => watched.warnings.push(message), debug: () => undefined, info: () => undefined, error: () => undefined },
		helpers: {
			...(base.helpers as object),
			registerCron: (_cron: unknown, onTick: () => void) => {
				watched.cron = onTick;
			},
			httpRequest: async (options: IHttpRequestOptions) => {
				watched.catchUps.push(options);
				return {};
			},
		},
	};
	return { ctx: ctx as unknown as ITriggerFunctions, watched };
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const webhook = () => sim.store.all('TicketWebhooks')[0];
const updates = () => sim.requests.filter((entry) => entry.method === 'PATCH' && /webhooks/i.test(entry.path));

describe('webhook trigger watchdog', () => {
	it('in manual mode does nothing: no cron, no request', async () => {
		const { ctx, watched } = triggerContext('manual', 'activate');
		sim.resetCounters();
		expect(await watchWebhook(ctx)).toEqual({});
		expect(watched.cron).toBeUndefined();
		expect(sim.requests).toHaveLength(0);
	});

	it('after n8n starts, asks itself for a catch-up: a signed CatchUp POST to its own URL', async () => {
		const { ctx, watched } = triggerContext('trigger', 'init');
		await watchWebhook(ctx);
		const [request] = await until('the catch-up request', () => watched.catchUps.length > 0 && watched.catchUps);
		const state = host.staticData().autotaskWebhook as IDataObject;
		expect(request.url).toBe(state.url);
		expect(JSON.parse(String(request.body))).toMatchObject({ Action: 'CatchUp', Guid: state.webhookGuid });
		expect((request.headers as IDataObject)['X-Hook-Signature']).toBe(signatureOf(String(state.secret), String(request.body)));
		expect(updates()).toHaveLength(0);
	});

	it('on a plain activation, checks without asking for a catch-up while the webhook is on', async () => {
		const { ctx, watched } = triggerContext('trigger', 'activate');
		sim.resetCounters();
		await watchWebhook(ctx);
		await until('the webhook read', () => sim.requests.some((entry) => entry.method === 'GET' && /webhooks/i.test(entry.path)));
		watched.cron?.();
		await until('the second read', () => sim.requests.filter((entry) => entry.method === 'GET' && /webhooks/i.test(entry.path)).length >= 2);
		expect(updates()).toHaveLength(0);
		expect(watched.catchUps).toHaveLength(0);
		expect(watched.warnings).toEqual([]);
	});

	it('every 5 minutes: a webhook Autotask deactivated is turned back on, with a warning and a catch-up', async () => {
		const { ctx, watched } = triggerContext('trigger', 'activate');
		sim.resetCounters();
		await watchWebhook(ctx);
		expect(watched.cron).toBeDefined();
		await until('the first check', () => sim.requests.some((entry) => /webhooks/i.test(entry.path)));
		sim.resetCounters();
		sim.store.update('TicketWebhooks', webhook().id as number, { isActive: false }, { recordChange: false });
		watched.cron?.();
		await until('the webhook to be on again', () => webhook().isActive === true);
		await until('the catch-up request', () => watched.catchUps.length > 0);
		expect(updates()).toHaveLength(1);
		expect(watched.warnings.join('\n')).toMatch(/had deactivated the webhook \d+ .*it is on again/);
	});

	it('a webhook deleted in Autotask is reported, not recreated; a failing check is logged, not thrown', async () => {
		const { ctx, watched } = triggerContext('trigger', 'activate');
		sim.resetCounters();
		await watchWebhook(ctx);
		await until('the first check', () => sim.requests.some((entry) => /webhooks/i.test(entry.path)));
		const webhooks = requireEntity('TicketWebhooks');
		sim.store.deleteRecord(webhooks, webhook().id as number, sim.store.actorFor({}));
		watched.cron?.();
		await until('the warning', () => watched.warnings.length > 0);
		expect(watched.warnings[0]).toMatch(/no longer exists; deactivate and activate the workflow/);
		expect(sim.store.all('TicketWebhooks')).toHaveLength(0);

		sim.faults.schedule([{ type: '500', match: { entity: 'TicketWebhooks' } }]);
		watched.cron?.();
		await until('the second warning', () => watched.warnings.length > 1);
		expect(watched.warnings[1]).toMatch(/^Checking the Autotask webhook of ".+" failed: /);
	});
});
