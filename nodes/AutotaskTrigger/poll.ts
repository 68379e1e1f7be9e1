import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { labelItems } from '../common/referenceLabels';
import { AutotaskClient, credentialResourceId } from '../transport';
import { buildFilter, filterParameters, LazyMetadata, readers, readSettings, toItems } from './context';
import type { TriggerSettings } from './context';
import { actorSources, NEVER_OWN, ownChangeTest } from './ownChanges';
import { resolvePlan } from './plan';
import type { DetectionPlan } from './plan';
import { fetchTestEvent } from './sample';
import { fingerprint, loadState, saveState, STATE_VERSION } from './state';
import type { DetectionState, TriggerState } from './state';
import { pollAscendingId } from './strategies/ascendingId';
import { pollSnapshot } from './strategies/snapshot';
import { pollTimestamp } from './strategies/timestamp';
import type { OwnChangeTest, PageReader, PollOutcome } from './strategies/types';
import { asNodeError } from '../common/nodeError';

/**
 * The n8n side of the trigger: reads the settings and the state, runs the entity's strategy, and
 * commits the new state only after the whole poll (reading, deciding, shaping) succeeded. Any
 * failure throws before anything is written, so the next poll starts from the same place.
 */

interface DetectionInput {
	read: PageReader;
	readUnfiltered?: PageReader;
	maxEvents: number;
	isOwnChange: OwnChangeTest;
}

async function detect(
	plan: DetectionPlan,
	previous: DetectionState | undefined,
	input: DetectionInput,
): Promise<PollOutcome<DetectionState>> {
	switch (plan.strategy) {
		case 'timestamp':
			return await pollTimestamp(plan, {
				...input,
				state: previous?.strategy === 'timestamp' ? previous : undefined,
				localNow: () => Date.now(),
				monotonicNow: () => performance.now(),
			});
		case 'ascendingId':
			return await pollAscendingId(plan, { ...input, state: previous?.strategy === 'ascendingId' ? previous : undefined });
		case 'snapshot':
			return await pollSnapshot(plan, { ...input, state: previous?.strategy === 'snapshot' ? previous : undefined });
	}
}

/** What the state belongs to: a change of entity, event, filters, detection options or credential re-arms. */
function configuration(ctx: IPollFunctions, settings: TriggerSettings, client: AutotaskClient, rawFilter: unknown): string {
	return fingerprint({
		entity: settings.entity,
		event: settings.event,
		filter: rawFilter,
		changeTimestamp: settings.changeTimestamp,
		ignoreOwnChanges: settings.ignoreOwnChanges,
		credential: ctx.getNode().credentials?.autotaskUserApi?.id ?? null,
		userName: client.userName.toLowerCase(),
		impersonation: client.impersonationResourceId ?? null,
	});
}

async function pollForEvents(
	ctx: IPollFunctions,
	client: AutotaskClient,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const node = ctx.getNode();
	const staticData = ctx.getWorkflowStaticData('node');
	const { spec, raw } = filterParameters(ctx);
	// Expressions in the filter are resolved anew each poll; an unchanged result reuses the built filter.
	const source = fingerprint(spec);
	const config = configuration(ctx, settings, client, raw);
	const previous = loadState(staticData, config);
	const metadata = new LazyMetadata(client, settings.entity);

	const plan =
		previous?.plan ??
		resolvePlan({
			entity: settings.entity,
			event: settings.event,
			fields: await metadata.fields(),
			changeTimestamp: settings.changeTimestamp,
		});
	const conditions =
		previous?.filter.source === source ? previous.filter.conditions : await buildFilter(ctx, spec, metadata);
	let ownResourceId: number | undefined;
	let isOwnChange = NEVER_OWN;
	if (settings.ignoreOwnChanges) {
		const actors = actorSources(node, settings.entity, plan);
		ownResourceId = previous?.ownResourceId ?? (await credentialResourceId(client, node));
		isOwnChange = ownChangeTest(actors, {
			resourceId: ownResourceId,
			impersonationResourceId: client.impersonationResourceId,
		});
	}

	const outcome = await detect(plan.detection, previous?.detection, {
		...readers(client, settings.entity, conditions),
		maxEvents: settings.maxEvents,
		isOwnChange,
	});
	const items = outcome.changes.length > 0 ? await toItems(outcome.changes, settings, metadata) : [];
	await labelItems(client, node, settings.entity, items, settings.referenceLabels);

	const next: TriggerState = {
		version: STATE_VERSION,
		config,
		plan,
		filter: { source, conditions },
		...(ownResourceId === undefined ? {} : { ownResourceId }),
		detection: outcome.state,
	};
	saveState(staticData, next);
	return items.length > 0 ? [items] : null;
}

/** The trigger's poll(): events in trigger mode, a recent sample record in manual mode. */
export async function pollTrigger(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		const settings = readSettings(ctx);
		const client = await AutotaskClient.forContext(ctx);
		if (ctx.getMode() === 'manual') return await fetchTestEvent(ctx, client, settings);
		return await pollForEvents(ctx, client, settings);
	} catch (error) {
		throw asNodeError(ctx.getNode(), error);
	}
}

