import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { labelItems } from '../common/referenceLabels';
import type { AutotaskClient } from '../transport';
import type { AutotaskFilter, AutotaskRecord } from '../transport/types';
import { buildFilter, filterParameters, LazyMetadata, readers, toItems } from './context';
import type { TriggerSettings } from './context';
import { resolvePlan } from './plan';
import type { DetectedChange, EventType, PageReader } from './strategies/types';
import { versionOf } from './strategies/timestamp';

/**
 * "Fetch Test Event" in the editor: one recent real record shaped exactly like an event, from one
 * query (two when nothing changed recently), plus field metadata the transport caches. It never
 * reads or writes the trigger's state, so testing does not move what the active trigger sees.
 */

const RECENT_MS = 24 * 60 * 60_000;
const SAMPLE_PAGE = 500;

async function firstPage(read: PageReader, conditions: AutotaskFilter[]): Promise<AutotaskRecord[]> {
	for await (const page of read(conditions, { limit: SAMPLE_PAGE })) return page;
	return [];
}

const largestId = (records: AutotaskRecord[]) =>
	records.reduce<AutotaskRecord | undefined>((best, record) => (!best || record.id > best.id ? record : best), undefined);

export async function fetchTestEvent(
	ctx: IPollFunctions,
	client: AutotaskClient,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const metadata = new LazyMetadata(client, settings.entity);
	const plan = resolvePlan({
		entity: settings.entity,
		event: settings.event,
		fields: await metadata.fields(),
		changeTimestamp: settings.changeTimestamp,
	}).detection;
	const { read } = readers(client, settings.entity, await buildFilter(ctx, filterParameters(ctx).spec, metadata));

	let change: DetectedChange | undefined;
	if (plan.strategy === 'timestamp') {
		const since = new Date(Date.now() - RECENT_MS).toISOString();
		const recent = await firstPage(read, [{ op: 'gte', field: plan.versionField, value: since }]);
		let newest = recent.reduce<AutotaskRecord | undefined>(
			(best, record) => (!best || (versionOf(record, plan) ?? 0) > (versionOf(best, plan) ?? 0) ? record : best),
			undefined,
		);
		newest ??= (await firstPage(read, []))[0];
		const created =
			plan.event === 'created' ||
			(plan.event === 'createdOrUpdated' && !!plan.creationField && newest?.[plan.creationField] === newest?.[plan.versionField]);
		if (newest) change = { record: newest, type: created ? 'created' : 'updated' };
	} else if (plan.strategy === 'ascendingId') {
		const record = largestId(await firstPage(read, []));
		if (record) change = { record, type: 'created' };
	} else {
		const flagEvent = plan.flag && (plan.event === plan.flag.on || plan.event === plan.flag.off);
		const conditions: AutotaskFilter[] =
			plan.flag && flagEvent ? [{ op: 'eq', field: plan.flag.field, value: plan.event === plan.flag.on }] : [];
		const record = largestId(await firstPage(read, conditions));
		const type: EventType = flagEvent ? (plan.event as EventType) : 'updated';
		if (record) change = { record, type, changedFields: [] };
	}
	if (!change) return null;
	const items = await toItems([change], settings, metadata);
	await labelItems(client, ctx.getNode(), settings.entity, items, settings.referenceLabels);
	return [items];
}
