import type { CronExpression, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { AutotaskClient } from '../transport';
import { requestCatchUp } from './catchUpRequest';
import { webhookEntity, webhooksOf } from './entities';
import { loadState } from './state';

/** How often the watchdog checks that Autotask has not deactivated the webhook. */
const CHECK_EVERY: CronExpression = '0 */5 * * * *';
const RESTARTS = ['init', 'leadershipChange'];

/**
 * n8n 2.x does not run a webhook node's lifecycle hooks when it starts (the webhook is already
 * registered), and a webhook Autotask deactivated after 25 failed events calls no more. So the node
 * is also a trigger: when n8n starts it asks for a catch-up, and every 5 minutes it turns a
 * deactivated webhook back on and asks for a catch-up. It only reads the static data; the catch-up
 * itself runs in a webhook call, which owns the state.
 */
export async function watchWebhook(ctx: ITriggerFunctions): Promise<ITriggerResponse> {
	if (ctx.getMode() === 'manual') return {};
	const check = async (afterStart: boolean) => {
		try {
			const state = loadState(ctx.getWorkflowStaticData('node'));
			const entity = state ? webhookEntity(state.entity) : undefined;
			if (!state || !entity) return;
			const client = await AutotaskClient.forContext(ctx);
			const record = await client.get(webhooksOf(entity), state.webhookId);
			if (!record) {
				ctx.logger.warn(`The Autotask webhook ${state.webhookId} of "${ctx.getNode().name}" no longer exists; deactivate and activate the workflow to create a new one`);
				return;
			}
			let reactivated = false;
			if (record.isActive !== true) {
				await client.update({ entity: webhooksOf(entity) }, { id: state.webhookId, isActive: true });
				ctx.logger.warn(`Autotask had deactivated the webhook ${state.webhookId} of "${ctx.getNode().name}" (repeated delivery failures); it is on again and missed changes are being caught up`);
				reactivated = true;
			}
			if (afterStart || reactivated) requestCatchUp(ctx.helpers.httpRequest, state);
		} catch (error) {
			ctx.logger.warn(`Checking the Autotask webhook of "${ctx.getNode().name}" failed: ${(error as Error).message}`);
		}
	};
	void check(RESTARTS.includes(ctx.getActivationMode()));
	ctx.helpers.registerCron({ expression: CHECK_EVERY }, () => void check(false));
	return {};
}
