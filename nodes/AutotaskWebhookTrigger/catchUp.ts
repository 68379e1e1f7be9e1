import type { AutotaskClient } from '../transport';
import type { AutotaskRecord } from '../transport/types';
import type { Change } from './items';
import type { WebhookSettings } from './settings';
import { CATCH_UP_OVERLAP_MS, changeKey, CLOCK_SKEW_MS, toEpoch } from './state';
import type { WebhookState } from './state';

/**
 * The catch-up read: every record whose tracked modification time is at or after the cursor
 * (less an overlap for late commits; never earlier than the trigger was armed, less the clock skew
 * allowed between n8n and Autotask), oldest
 * first. A record state already emitted (its key is in `seen`) is skipped; deletes cannot be read
 * back and are not caught up. Returns the changes and the cursor that covers them.
 */
export async function readMissedChanges(
	client: AutotaskClient,
	settings: WebhookSettings,
	state: WebhookState,
	excluded: Set<number>,
): Promise<{ changes: Change[]; cursor: string }> {
	const { entity, createdAt, modifiedAt, modifiedBy } = settings.entity;
	const armed = toEpoch(state.armedAt) ?? 0;
	const from = Math.max(armed - CLOCK_SKEW_MS, (toEpoch(state.cursor) ?? armed) - CATCH_UP_OVERLAP_MS);
	const records: AutotaskRecord[] = [];
	for await (const page of client.queryPages(entity, { filter: [{ op: 'gte', field: modifiedAt, value: new Date(from).toISOString() }] })) {
		records.push(...page);
	}
	const stamp = (record: AutotaskRecord) => toEpoch(record[modifiedAt]) ?? 0;
	records.sort((a, b) => stamp(a) - stamp(b) || a.id - b.id);

	let cursor = toEpoch(state.cursor) ?? armed;
	const changes: Change[] = [];
	for (const record of records) {
		cursor = Math.max(cursor, stamp(record));
		const key = changeKey(record.id, record[modifiedAt]);
		if (key in state.seen) continue;
		state.seen[key] = stamp(record);
		const created = toEpoch(record[createdAt]);
		const type = created !== undefined && created >= from && created >= stamp(record) - 1000 ? 'created' : 'updated';
		if (!settings.events.includes(type)) continue;
		const by = modifiedBy ? Number(record[modifiedBy]) : Number.NaN;
		if (excluded.has(by)) continue;
		changes.push({ type, id: record.id, record, source: 'catchUp' });
	}
	return { changes, cursor: new Date(cursor).toISOString() };
}
