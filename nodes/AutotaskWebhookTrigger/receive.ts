import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { AutotaskClient } from '../transport';
import { readMissedChanges } from './catchUp';
import { CATCH_UP_ACTION } from './catchUpRequest';
import { EVENT_OF_ACTION, webhooksOf } from './entities';
import { toItems } from './items';
import type { Change } from './items';
import { parseCallout } from './payload';
import type { Callout } from './payload';
import { readSettings } from './settings';
import type { WebhookSettings } from './settings';
import { isSignedBy } from './signature';
import { bodyDigest, changeKey, loadState, newestState, oneAtATime, prune, rememberState, saveState, slotOf, toEpoch } from './state';
import type { WebhookState } from './state';

const DEACTIVATED_ACTION = 'deactivated';

function reject(ctx: IWebhookFunctions): IWebhookResponseData {
	const response = ctx.getResponseObject();
	response.status(401).send('Unauthorized').end();
	return { noWebhookResponse: true };
}

function rawBodyOf(ctx: IWebhookFunctions): Buffer | undefined {
	const raw = (ctx.getRequestObject() as { rawBody?: unknown }).rawBody;
	if (Buffer.isBuffer(raw)) return raw;
	return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : undefined;
}

/**
 * Handles one call to the webhook URL. Nothing is read, parsed or run before the signature over
 * the raw bytes checks out against this webhook's secret; anything else gets 401 and starts nothing.
 */
export async function receive(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const staticData = ctx.getWorkflowStaticData('node');
	const slot = slotOf(ctx.getMode());
	const stored = loadState(staticData, slot);
	const rawBody = rawBodyOf(ctx);
	const signature = ctx.getHeaderData()['x-hook-signature'];
	if (!stored || !rawBody || !isSignedBy(stored.secret, rawBody, signature)) return reject(ctx);
	const callout = parseCallout(rawBody);
	if (!callout || (callout.guid !== undefined && callout.guid.toLowerCase() !== stored.webhookGuid.toLowerCase())) return reject(ctx);

	const key = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}:${slot}`;
	return await oneAtATime(key, async () => {
		const state = newestState(key, loadState(staticData, slot) ?? stored);
		const digest = bodyDigest(rawBody);
		if (digest in state.deliveries) return { webhookResponse: 'OK' };
		state.deliveries[digest] = Date.now();
		const settings = readSettings(ctx);
		const client = await AutotaskClient.forContext(ctx);
		const changes = await handle(ctx, client, settings, state, callout);
		// Shaped (labels looked up) before the state records them as emitted: a failure here
		// leaves the delivery to Autotask's retry instead of losing it.
		const items = changes.length > 0 ? await toItems(changes, settings, client, ctx.getNode()) : [];
		prune(state, Date.now());
		saveState(staticData, state, slot);
		rememberState(key, state);
		if (items.length === 0) return { webhookResponse: 'OK' };
		return { workflowData: [items] };
	});
}

async function handle(ctx: IWebhookFunctions, client: AutotaskClient, settings: WebhookSettings, state: WebhookState, callout: Callout): Promise<Change[]> {
	const action = callout.action.toLowerCase();
	const changes: Change[] = [];
	if (action === DEACTIVATED_ACTION) {
		await reactivate(ctx, client, settings, state);
	} else if (action !== CATCH_UP_ACTION.toLowerCase()) {
		const delivered = await deliveredChange(client, settings, state, callout);
		if (delivered) changes.push(delivered);
	}
	if (settings.catchUp && (state.catchUpDue || action === CATCH_UP_ACTION.toLowerCase())) {
		const excluded = new Set(settings.excludedResourceIds);
		if (state.ownResourceId !== undefined) excluded.add(state.ownResourceId);
		const missed = await readMissedChanges(client, settings, state, excluded);
		changes.push(...missed.changes);
		state.cursor = missed.cursor;
		state.catchUpDue = false;
	}
	return changes;
}

/**
 * Autotask reports a webhook it gave up on (25 failed events in a row) with a "Deactivated" call.
 * It was verified like any callout; the trigger turns the webhook back on and catches up on what
 * the failures lost, and says so in n8n's log.
 */
async function reactivate(ctx: IWebhookFunctions, client: AutotaskClient, settings: WebhookSettings, state: WebhookState): Promise<void> {
	ctx.logger.warn(
		`Autotask deactivated the webhook ${state.webhookId} of "${ctx.getNode().name}" after repeated delivery failures; turning it back on and catching up on missed changes`,
		{ workflowId: ctx.getWorkflow().id },
	);
	try {
		await client.update({ entity: webhooksOf(settings.entity) }, { id: state.webhookId, isActive: true });
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Autotask deactivated the webhook ${state.webhookId} and it could not be turned back on`, {
			description: `Deactivate and activate the workflow to create a new webhook. Cause: ${(error as Error).message}`,
		});
	}
	state.catchUpDue = true;
}

async function deliveredChange(client: AutotaskClient, settings: WebhookSettings, state: WebhookState, callout: Callout): Promise<Change | undefined> {
	const type = EVENT_OF_ACTION[callout.action.toLowerCase()];
	const entityTypes = settings.entity.payloadTypes.map((name) => name.toLowerCase());
	if (!type || !settings.events.includes(type) || (callout.entityType && !entityTypes.includes(callout.entityType.toLowerCase()))) return undefined;
	// Guess (per webhook, counting up by one): a jump means Autotask dropped events in between.
	if (callout.sequenceNumber !== undefined) {
		if (state.lastSequence !== undefined && callout.sequenceNumber > state.lastSequence + 1) state.catchUpDue = true;
		state.lastSequence = Math.max(state.lastSequence ?? 0, callout.sequenceNumber);
	}
	const subscribed = new Set([...settings.subscribedFields, ...settings.subscribedUdfs].map((name) => name.toLowerCase()));
	const changedFields = type === 'updated' ? Object.keys(callout.fields).filter((name) => subscribed.has(name.toLowerCase())) : undefined;
	const common = { type, id: callout.id, source: 'webhook' as const, fields: callout.fields, changedFields, personId: callout.personId, eventTime: callout.eventTime, sequenceNumber: callout.sequenceNumber };
	const record = type === 'deleted' ? undefined : await client.get(settings.entity.entity, callout.id);
	const key = record ? changeKey(record.id, record[settings.entity.modifiedAt]) : `${callout.id}@deleted:${callout.eventTime ?? ''}`;
	if (key in state.seen) return undefined;
	const modified = record ? toEpoch(record[settings.entity.modifiedAt]) : undefined;
	state.seen[key] = modified ?? Date.now();
	// In order and without a gap, everything up to this change has arrived: the cursor may follow.
	if (modified !== undefined && !state.catchUpDue) state.cursor = new Date(Math.max(modified, toEpoch(state.cursor) ?? 0)).toISOString();
	return record ? { ...common, record } : { ...common, fields: callout.fields as IDataObject };
}
