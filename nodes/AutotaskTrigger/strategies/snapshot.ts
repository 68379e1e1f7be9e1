/**
 * Snapshot strategy: for entities that record no timestamps at all (ClientPortalUsers, Resources),
 * and for the events that depend on a value flipping (portal access granted/revoked, resource
 * activated/deactivated).
 *
 * - Every poll reads all records matching the filters (ceil(N/500) requests) and compares each with
 *   a compact fingerprint kept in the state: a 48-bit hash of all watched field values (is it
 *   changed?) plus an 18-bit signature per field (which fields changed?). Nothing else of a record
 *   is kept, so the state stays small (about 14 + 3 x fields characters per record: 3,000 portal
 *   users take about 110 KB).
 * - A record new to the snapshot is a created record when its id is above the horizon: the
 *   largest id that existed when the previous poll began (with filters, learned from one id-only
 *   query without the filters; ids are allocated upwards). One at or below the horizon existed
 *   before and started matching the filters: it is reported as updated, without changedFields
 *   (its previous values are unknown). Records that disappear are forgotten.
 * - isClientPortalActive (ClientPortalUsers) and isActive (Resources) changing from false to true
 *   or back are the access/activation events; a record created with the flag on counts as granted
 *   or activated.
 * - With a per-poll maximum, changes are emitted in id order; a change left over keeps its old
 *   fingerprint, so the next poll finds it again (with its latest values). A poll that emits nothing
 *   only updates fingerprints of changes it deliberately skipped, so discarding it is harmless.
 * - At most SNAPSHOT_MAX_RECORDS records; more is an error that says so (add filters).
 * - The watched fields are fixed when the trigger is armed (the record's fields, except password,
 *   which the API never returns); fields the API adds later are watched after the next re-arm.
 */
import { UserError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { AutotaskRecord } from '../../transport/types';
import { digest } from '../hash';
import { findLargestId, idsAbove } from './ascendingId';
import type { DetectedChange, EventType, PageReader, PollInput, PollOutcome, TriggerEvent } from './types';

/** The most records a snapshot-polled trigger compares per poll. */
export const SNAPSHOT_MAX_RECORDS = 20_000;

const RECORD_HASH_LENGTH = 8;
const FIELD_SIGNATURE_LENGTH = 3;
const UNWATCHED_FIELDS = new Set(['id', 'password']);
const UDF_VALUE_KEY_PREFIX = 'userDefinedFields.';

export interface FlagEvents {
	/** A boolean field such as isClientPortalActive. */
	field: string;
	/** The event when it turns true, and when it turns false. */
	on: EventType;
	off: EventType;
}

export interface SnapshotPlan {
	strategy: 'snapshot';
	event: TriggerEvent;
	/** The entity, for messages. */
	entity: string;
	flag?: FlagEvents;
}

export interface SnapshotState {
	strategy: 'snapshot';
	/** The watched fields, in the order of each record's field signatures. */
	fields: string[];
	/** The largest id that existed when the previous poll began: records above it are new. */
	horizon: number;
	/** Space-separated `<id base 36>:<record hash><field signatures>`, ascending id. */
	records: string;
}

export interface SnapshotInput extends PollInput<SnapshotState> {
	/** Reads without the user's filters; given only when there are filters. */
	readUnfiltered?: PageReader;
}

interface Fingerprint {
	hash: string;
	/** Built only when a record changed: per-field signatures, in `fields` order. */
	signatures?: string;
}

interface StoredEntry {
	hash: string;
	signatures: string;
	text: string;
}

function flatten(record: AutotaskRecord): Map<string, unknown> {
	const values = new Map<string, unknown>();
	for (const [name, value] of Object.entries(record)) {
		if (UNWATCHED_FIELDS.has(name)) continue;
		if (name === 'userDefinedFields' && Array.isArray(value)) {
			for (const udf of value as IDataObject[]) values.set(`${UDF_VALUE_KEY_PREFIX}${String(udf.name)}`, udf.value ?? null);
		} else {
			values.set(name, value ?? null);
		}
	}
	return values;
}

function watchedFields(records: AutotaskRecord[]): string[] {
	const names = new Set<string>();
	for (const record of records) for (const name of flatten(record).keys()) names.add(name);
	return [...names].sort();
}

const encodeValue = (value: unknown) => JSON.stringify(value === undefined ? null : value);

/** The signature of one field's value: which fields changed, with a 1 in 262,144 chance of missing one. */
export function fieldSignature(field: string, value: unknown): string {
	return digest(`${field}\u0000${encodeValue(value)}`, FIELD_SIGNATURE_LENGTH);
}

function fingerprint(values: Map<string, unknown>, fields: string[], withSignatures: boolean): Fingerprint {
	const ordered = fields.map((field) => values.get(field) ?? null);
	const hash = digest(encodeValue(ordered), RECORD_HASH_LENGTH);
	if (!withSignatures) return { hash };
	return { hash, signatures: fields.map((field, i) => fieldSignature(field, ordered[i])).join('') };
}

const entryText = (id: number, print: Fingerprint) => `${id.toString(36)}:${print.hash}${print.signatures ?? ''}`;

function decodeEntries(text: string): Map<number, StoredEntry> {
	const entries = new Map<number, StoredEntry>();
	for (const entry of text.split(' ')) {
		const colon = entry.indexOf(':');
		if (colon <= 0) continue;
		const body = entry.slice(colon + 1);
		entries.set(parseInt(entry.slice(0, colon), 36), {
			hash: body.slice(0, RECORD_HASH_LENGTH),
			signatures: body.slice(RECORD_HASH_LENGTH),
			text: entry,
		});
	}
	return entries;
}

function changedFields(fields: string[], before: string, after: string): string[] {
	const changed: string[] = [];
	for (let i = 0; i < fields.length; i++) {
		const at = i * FIELD_SIGNATURE_LENGTH;
		if (before.slice(at, at + FIELD_SIGNATURE_LENGTH) !== after.slice(at, at + FIELD_SIGNATURE_LENGTH)) {
			changed.push(fields[i]);
		}
	}
	return changed;
}

/** What happened to one record, before the user's event choice is applied. */
interface Observation {
	kind: 'created' | 'entered' | 'changed';
	changedFields?: string[];
}

function eventFor(plan: SnapshotPlan, record: AutotaskRecord, seen: Observation): DetectedChange | undefined {
	const base: EventType = seen.kind === 'created' ? 'created' : 'updated';
	let type: EventType | undefined = base;
	if (plan.flag && (plan.event === plan.flag.on || plan.event === plan.flag.off)) {
		const flagOn = record[plan.flag.field] === true;
		if (seen.kind === 'created') type = flagOn ? plan.flag.on : undefined;
		else if (seen.kind === 'changed' && seen.changedFields?.includes(plan.flag.field)) {
			type = flagOn ? plan.flag.on : plan.flag.off;
		} else type = undefined;
	}
	if (type === undefined) return undefined;
	const wanted = plan.event === 'createdOrUpdated' ? type === 'created' || type === 'updated' : plan.event === type;
	if (!wanted) return undefined;
	return seen.changedFields ? { record, type, changedFields: seen.changedFields } : { record, type };
}

async function readAll(plan: SnapshotPlan, input: SnapshotInput): Promise<AutotaskRecord[]> {
	const records: AutotaskRecord[] = [];
	for await (const page of input.read([], { limit: SNAPSHOT_MAX_RECORDS + 1 })) records.push(...page);
	if (records.length > SNAPSHOT_MAX_RECORDS) {
		throw new UserError(
			`More than ${SNAPSHOT_MAX_RECORDS.toLocaleString('en-US')} ${plan.entity} records match this trigger`,
			{
				description: `${plan.entity} records carry no timestamps, so the trigger compares every matching record on each poll and keeps a fingerprint of each; it supports at most ${SNAPSHOT_MAX_RECORDS.toLocaleString('en-US')}. Add filters (for example on a company or on active records) to watch fewer.`,
			},
		);
	}
	return records.sort((a, b) => a.id - b.id);
}

/** The horizon now: the largest id that exists regardless of the filters (only asked when filtered). */
async function currentHorizon(input: SnapshotInput): Promise<number | undefined> {
	if (!input.readUnfiltered) return undefined;
	if (!input.state) return (await findLargestId(input.readUnfiltered)) ?? 0;
	const created = await idsAbove(input.readUnfiltered, input.state.horizon, Number.POSITIVE_INFINITY);
	return created.reduce((largest, id) => Math.max(largest, id), input.state.horizon);
}

/** One poll of the snapshot strategy. Reads, decides and returns the next state; writes nothing. */
export async function pollSnapshot(plan: SnapshotPlan, input: SnapshotInput): Promise<PollOutcome<SnapshotState>> {
	// Asked before the records are read, so anything created after it is above it next time.
	const horizonNow = await currentHorizon(input);
	const records = await readAll(plan, input);
	const state = input.state;
	const fields = state?.fields.length ? state.fields : watchedFields(records);
	const largestRead = records.length ? records[records.length - 1].id : 0;

	if (!state) {
		const text = records.map((record) => entryText(record.id, fingerprint(flatten(record), fields, true)));
		return {
			changes: [],
			state: { strategy: 'snapshot', fields, horizon: horizonNow ?? largestRead, records: text.join(' ') },
		};
	}

	const stored = decodeEntries(state.records);
	const next: string[] = [];
	const changes: DetectedChange[] = [];
	let firstLeftOverCreation: number | undefined;
	for (const record of records) {
		const values = flatten(record);
		const before = stored.get(record.id);
		const quick = fingerprint(values, fields, false);
		if (before && before.hash === quick.hash) {
			next.push(before.text);
			continue;
		}
		if (changes.length >= input.maxEvents) {
			// Left for the next poll: keep the old fingerprint so the change is found again.
			if (before) next.push(before.text);
			else if (record.id > state.horizon) firstLeftOverCreation ??= record.id;
			continue;
		}
		const now = fingerprint(values, fields, true);
		next.push(entryText(record.id, now));
		let seen: Observation;
		if (before) seen = { kind: 'changed', changedFields: changedFields(fields, before.signatures, now.signatures ?? '') };
		else seen = { kind: record.id > state.horizon ? 'created' : 'entered' };
		const change = eventFor(plan, record, seen);
		if (change && !input.isOwnChange(record, change.type)) changes.push(change);
	}
	let horizon = Math.max(state.horizon, horizonNow ?? largestRead);
	// A creation left for the next poll must still be above the horizon then.
	if (firstLeftOverCreation !== undefined) horizon = Math.min(horizon, firstLeftOverCreation - 1);
	return { changes, state: { strategy: 'snapshot', fields, horizon, records: next.join(' ') } };
}
