import type { IHookFunctions } from 'n8n-workflow';

import { AutotaskClient, credentialResourceId } from '../transport';
import { webhookEntity, webhooksOf } from './entities';
import { requestCatchUp } from './catchUpRequest';
import { createWebhook, deleteOrphans, newSecret, webhookMark } from './registration';
import { configFingerprint, readSettings } from './settings';
import { loadState, rememberState, saveState, slotOf, STATE_VERSION } from './state';
import type { WebhookState } from './state';

/**
 * n8n's webhook lifecycle: `checkExists` on every activation (also when n8n starts), `create` when
 * it says no, `delete` on deactivation. Autotask holds the webhook; the node's static data holds
 * its id, GUID, secret and the catch-up state.
 */

const RESTARTS = ['init', 'leadershipChange'];

function identity(ctx: IHookFunctions) {
	const workflowId = String(ctx.getWorkflow().id ?? '');
	const node = ctx.getNode();
	const slot = slotOf(ctx.getMode());
	return {
		slot,
		mark: webhookMark(workflowId, node.id, slot === 'test'),
		key: `${workflowId}:${node.id}:${slot}`,
		credentialId: node.credentials?.autotaskUserApi?.id ?? null,
	};
}

/**
 * Stores the state in the workflow's static data and in this process, then asks for the catch-up
 * read when one is due (and Catch Up is on).
 */
function keepState(ctx: IHookFunctions, state: WebhookState, catchUp: boolean): void {
	const { slot, key } = identity(ctx);
	saveState(ctx.getWorkflowStaticData('node'), state, slot);
	rememberState(key, state);
	if (state.catchUpDue && catchUp) requestCatchUp(ctx.helpers.httpRequest, state);
}

export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const { slot, mark, credentialId } = identity(this);
	const state = loadState(staticData, slot);
	if (!state) return false;
	const settings = readSettings(this);
	const client = await AutotaskClient.forContext(this);
	const url = this.getNodeWebhookUrl('default') ?? '';
	if (state.config !== configFingerprint(settings, credentialId, client.userName) || state.url !== url) return false;
	const record = await client.get(webhooksOf(settings.entity), state.webhookId);
	if (!record || record.name !== mark || record.webhookUrl !== url) return false;
	if (record.isActive !== true) {
		// Autotask deactivated it (25 failed events in a row, e.g. while n8n was down): turn it back on.
		await client.update({ entity: webhooksOf(settings.entity) }, { id: state.webhookId, isActive: true });
		state.catchUpDue = true;
	}
	await deleteOrphans(client, mark, state.webhookId);
	if (RESTARTS.includes(this.getActivationMode())) state.catchUpDue = true;
	keepState(this, state, settings.catchUp);
	return true;
}

export async function createWebhookForWorkflow(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const { slot, mark, credentialId } = identity(this);
	const previous = loadState(staticData, slot);
	const settings = readSettings(this);
	const client = await AutotaskClient.forContext(this);
	const url = this.getNodeWebhookUrl('default') ?? '';
	const config = configFingerprint(settings, credentialId, client.userName);
	await deleteOrphans(client, mark);
	const ownResourceId = settings.ignoreOwnChanges ? (previous?.ownResourceId ?? (await credentialResourceId(client, this.getNode()))) : undefined;
	const excludedResourceIds = ownResourceId === undefined ? settings.excludedResourceIds : [ownResourceId, ...settings.excludedResourceIds];
	const secret = newSecret();
	const created = await createWebhook(client, this.getNode(), { mark, url, secret, subscription: { ...settings, excludedResourceIds } });
	// A webhook that vanished while the settings stayed the same (deleted in Autotask, or the URL
	// changed) keeps the catch-up position, so nothing from the gap is lost.
	const carried = previous?.config === config ? previous : undefined;
	const now = new Date().toISOString();
	const state: WebhookState = {
		version: STATE_VERSION,
		config,
		entity: settings.entity.entity,
		webhookId: created.id,
		webhookGuid: created.guid,
		secret,
		url,
		...(ownResourceId === undefined ? {} : { ownResourceId }),
		armedAt: carried?.armedAt ?? now,
		cursor: carried?.cursor ?? now,
		catchUpDue: carried !== undefined,
		// Guess: a new webhook numbers its callouts from 1, so a first callout above 1 means a gap.
		lastSequence: 0,
		seen: carried?.seen ?? {},
		deliveries: {},
	};
	keepState(this, state, settings.catchUp);
	return true;
}

export async function deleteWebhookOfWorkflow(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const { slot, mark, key } = identity(this);
	const state = loadState(staticData, slot);
	const client = await AutotaskClient.forContext(this);
	const entity = state ? webhookEntity(state.entity) : undefined;
	if (state && entity && (await client.get(webhooksOf(entity), state.webhookId))) {
		await client.delete({ entity: webhooksOf(entity) }, state.webhookId);
	}
	await deleteOrphans(client, mark);
	// Deactivated by the user: the next activation starts from then, like a first one.
	saveState(staticData, undefined, slot);
	rememberState(key, undefined);
	return true;
}
