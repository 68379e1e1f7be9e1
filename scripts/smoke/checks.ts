/**
 * The checks of `npm run smoke:live`: what a user with a real tenant (or CI, with the simulator)
 * needs to know before trusting the nodes. Every request goes through the package's own transport
 * inside real n8n-core contexts (the workflow harness), authenticated by n8n's credentials helper
 * like a running n8n does; requests are counted there. Read-only unless a write round trip is asked.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { AutotaskUserApi } from '../../credentials/AutotaskUserApi.credentials';
import { Autotask } from '../../nodes/Autotask/Autotask.node';
import { AutotaskResource } from '../../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskTrigger } from '../../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { changeTimestampLabel, resolvePlan } from '../../nodes/AutotaskTrigger/plan';
import type { TriggerEvent } from '../../nodes/AutotaskTrigger/strategies/types';
import { AutotaskClient, PAGE_SIZE } from '../../nodes/transport';
import type { AutotaskRecord, FieldInfo } from '../../nodes/transport';
import {
	MANUAL_TRIGGER,
	TestCredentialsHelper,
	buildNode,
	chain,
	createPoller,
	loadOptionsContext,
	registerCredentialType,
	registerPackageNode,
	runWorkflow,
} from '../../test/harness';

// The compiled harness cannot find credentials/*.credentials.ts next to itself: register by hand.
registerCredentialType(new AutotaskUserApi());
const AUTOTASK = registerPackageNode(new Autotask());
const RESOURCE = registerPackageNode(new AutotaskResource());
const TRIGGER = registerPackageNode(new AutotaskTrigger());

/** The entities whose metadata, counts and trigger plans the report shows. */
export const KEY_ENTITIES = ['Tickets', 'Companies', 'Contacts', 'ClientPortalUsers', 'Resources'];

/** A Return All reads at most this many records; above it, a read of two pages stands in for it. */
export const RETURN_ALL_CAP = 2500;
const BOUNDARY_READ = 2 * PAGE_SIZE;

export type CheckStatus = 'ok' | 'failed' | 'skipped';

export interface CheckResult {
	name: string;
	status: CheckStatus;
	/** One line for the plain report. */
	summary: string;
	details: IDataObject;
	/** Authenticated requests the check sent (the zone lookup needs none). */
	requests: number;
}

export interface SmokeReport {
	target: 'tenant' | 'simulator';
	mode: 'read-only' | 'write';
	startedAt: string;
	finishedAt: string;
	checks: CheckResult[];
	requests: number;
	ok: boolean;
}

export interface SmokeOptions {
	/** The autotaskUserApi credential data (userName, secret, integrationCode, zone, ...). */
	credentials: ICredentialDataDecryptedObject;
	target: 'tenant' | 'simulator';
	/** Create a note on this ticket, update it, and read it back. */
	writeTicketId?: number;
}

interface Session {
	helper: TestCredentialsHelper;
	client: AutotaskClient;
	credentials: ICredentialDataDecryptedObject;
	fields: Map<string, FieldInfo[]>;
}

class CheckFailed extends Error {
	constructor(
		message: string,
		readonly details: IDataObject = {},
	) {
		super(message);
	}
}

/** What an error says, with its n8n description (where the hint and the retry note are). */
function describeError(error: unknown): string {
	const { message, description } = error as { message?: string; description?: string | null };
	return [message ?? String(error), description].filter((part) => part).join(' | ');
}

async function check(
	session: Session,
	name: string,
	body: () => Promise<{ summary: string; details?: IDataObject; status?: CheckStatus }>,
): Promise<CheckResult> {
	const before = session.helper.authenticated.length;
	const requests = () => session.helper.authenticated.length - before;
	try {
		const outcome = await body();
		return { name, status: outcome.status ?? 'ok', summary: outcome.summary, details: outcome.details ?? {}, requests: requests() };
	} catch (error) {
		const details = error instanceof CheckFailed ? error.details : {};
		return { name, status: 'failed', summary: describeError(error), details, requests: requests() };
	}
}

const nameOf = (record: IDataObject | undefined) =>
	record ? [record.firstName, record.lastName].filter((part) => part).join(' ') || String(record.userName ?? '') : '';

async function zoneDetection(session: Session): Promise<{ summary: string; details: IDataObject }> {
	const zone = await session.client.zone({ fresh: true });
	const how = String(session.credentials.zone ?? 'auto');
	const lookup = how === 'auto' ? String(session.credentials.zoneLookupUrl ?? '') : '';
	return {
		summary: `${zone.zoneName} at ${zone.restRoot}${how === 'auto' ? ' (auto-detected: one lookup, without credentials)' : ' (from the credential)'}`,
		details: { zoneName: zone.zoneName, restRoot: zone.restRoot, detection: how, ...(lookup ? { lookupUrl: lookup } : {}) },
	};
}

/** Who Am I exactly as the Resource node answers it (the node's own lookup, through n8n-core). */
async function whoAmI(session: Session): Promise<{ summary: string; details: IDataObject }> {
	const run = await runWorkflow(
		chain([buildNode(MANUAL_TRIGGER), buildNode(RESOURCE, { operation: 'whoAmI', options: { picklistLabels: 'none' } })]),
		{ credentialsHelper: session.helper },
	);
	if (run.status === 'error') throw new CheckFailed([run.error?.message, run.error?.description].filter((p) => p).join(' | '));
	const [item] = run.output(run.executedNodes[run.executedNodes.length - 1]);
	const me = item.json;
	const impersonated = me.impersonatedResource as IDataObject | undefined;
	const pick = (record: IDataObject) => ({
		id: record.id,
		userName: record.userName,
		name: nameOf(record),
		isActive: record.isActive,
	});
	return {
		summary:
			`resource ${String(me.id)} "${nameOf(me)}" (userName ${String(me.userName)})` +
			(impersonated ? `; impersonating resource ${String(impersonated.id)} "${nameOf(impersonated)}"` : '; no impersonation'),
		details: { resource: pick(me), impersonatedResource: impersonated ? pick(impersonated) : null },
	};
}

async function thresholdInformation(session: Session): Promise<{ summary: string; details: IDataObject }> {
	const info = await session.client.request<IDataObject>({
		method: 'GET',
		path: 'ThresholdInformation',
		entity: 'ThresholdInformation',
		kind: 'read',
	});
	return {
		summary: `${String(info.currentTimeframeRequestCount)} of ${String(info.externalRequestThreshold)} requests used in the last ${String(info.requestThresholdTimeframe)} minutes`,
		details: info,
	};
}

async function metadata(session: Session, entity: string): Promise<{ summary: string; details: IDataObject }> {
	const info = await session.client.entityInfo(entity);
	const fields = await session.client.fields(entity);
	session.fields.set(entity, fields);
	const udfs = await session.client.udfs(entity);
	const can = (['canQuery', 'canCreate', 'canUpdate', 'canDelete'] as const).filter((key) => info[key]).map((key) => key.slice(3).toLowerCase());
	const datetimes = fields.filter((field) => field.dataType.toLowerCase() === 'datetime').map((field) => field.name);
	const userName = fields.find((field) => field.name === 'userName');
	return {
		summary: `${fields.length} fields, ${udfs.length} UDFs; API allows ${can.join('/') || 'nothing'}; your access: query ${info.userAccessForQuery}, update ${info.userAccessForUpdate}`,
		details: {
			entityInformation: info as unknown as IDataObject,
			fieldCount: fields.length,
			udfCount: udfs.length,
			dateTimeFields: datetimes,
			...(userName ? { userNameMaxLength: userName.length } : {}),
		},
	};
}

/** Counts the key entities, then reads all records of the smallest one above one page. */
async function pagedRead(session: Session): Promise<{ summary: string; details: IDataObject; status?: CheckStatus }> {
	const counts: IDataObject = {};
	for (const entity of KEY_ENTITIES) counts[entity] = await session.client.count(entity, []);
	const above = KEY_ENTITIES.filter((entity) => Number(counts[entity]) > PAGE_SIZE).sort(
		(a, b) => Number(counts[a]) - Number(counts[b]),
	);
	if (above.length === 0) {
		return { status: 'skipped', summary: `no key entity has more than ${PAGE_SIZE} records`, details: { counts } };
	}
	const entity = above[0];
	const count = Number(counts[entity]);
	const limit = count <= RETURN_ALL_CAP ? undefined : BOUNDARY_READ;
	const before = session.helper.authenticated.length;
	const pageSizes: number[] = [];
	const ids: number[] = [];
	for await (const page of session.client.queryPages(entity, { filter: [], includeFields: ['id'], limit })) {
		pageSizes.push(page.length);
		ids.push(...page.map((record: AutotaskRecord) => record.id));
	}
	const requests = session.helper.authenticated.length - before;
	const ascending = ids.every((id, index) => index === 0 || id > ids[index - 1]);
	const expected = limit ?? count;
	const details: IDataObject = { counts, entity, count, read: ids.length, limit: limit ?? null, pageSizes, requests, ascendingUniqueIds: ascending };
	const kind = limit === undefined ? 'Return All' : `first ${limit} (more than ${RETURN_ALL_CAP} records)`;
	if (!ascending || pageSizes.length < 2 || ids.length !== expected) {
		throw new CheckFailed(
			`${entity} ${kind}: read ${ids.length} of ${expected} records in ${pageSizes.length} pages (${requests} requests); ids ascending and unique: ${ascending}`,
			details,
		);
	}
	return {
		summary: `${entity} ${kind}: ${ids.length} of ${count} records in ${pageSizes.length} pages, ${requests} requests; counts: ${KEY_ENTITIES.map((e) => `${e} ${String(counts[e])}`).join(', ')}`,
		details,
	};
}

async function entityFields(session: Session, entity: string): Promise<FieldInfo[]> {
	const known = session.fields.get(entity);
	if (known) return known;
	const fields = await session.client.fields(entity);
	session.fields.set(entity, fields);
	return fields;
}

function describePlan(entity: string, event: TriggerEvent, fields: FieldInfo[]): IDataObject {
	const { detection } = resolvePlan({ entity, event, fields });
	if (detection.strategy !== 'timestamp') return { strategy: detection.strategy };
	return { strategy: 'timestamp', field: detection.versionField, meaning: changeTimestampLabel(detection.versionField) };
}

async function triggerPlans(session: Session): Promise<{ summary: string; details: IDataObject }> {
	const details: IDataObject = {};
	const lines: string[] = [];
	for (const entity of KEY_ENTITIES) {
		const fields = await entityFields(session, entity);
		const updated = describePlan(entity, 'updated', fields);
		const created = describePlan(entity, 'created', fields);
		details[entity] = { updated, created };
		lines.push(`${entity}: changes by ${String(updated.field ?? updated.strategy)}, creations by ${String(created.field ?? created.strategy)}`);
	}
	return { summary: lines.join('; '), details };
}

/** Arms a Tickets trigger exactly as an activated workflow would: reads only, emits nothing. */
async function dryRunPoll(session: Session): Promise<{ summary: string; details: IDataObject }> {
	const poller = createPoller({
		node: buildNode(TRIGGER, { entity: 'Tickets', event: 'createdOrUpdated', options: {} }),
		credentialsHelper: session.helper,
	});
	const emitted = await poller.poll();
	const state = poller.liveStaticData().autotaskTrigger as IDataObject | undefined;
	const plan = (state?.plan as IDataObject | undefined)?.detection as IDataObject | undefined;
	const detection = state?.detection as IDataObject | undefined;
	if (emitted !== null || !plan || !detection) {
		throw new CheckFailed('The first poll of a new trigger should arm it without emitting anything', {
			emitted: emitted?.[0]?.length ?? 0,
		});
	}
	const handled = Object.values((detection.handled as IDataObject | undefined) ?? {}).reduce<number>(
		(sum, ids) => sum + (Array.isArray(ids) ? ids.length : 0),
		0,
	);
	return {
		summary: `Tickets trigger armed on ${String(plan.versionField ?? plan.strategy)}: ${handled} ticket versions of the last hour known, watermark ${String(detection.watermark)}`,
		details: { strategy: plan.strategy, field: plan.versionField ?? null, watermark: detection.watermark ?? null, versionsKnown: handled },
	};
}

/** A picklist's default active value, else its first active one (tenants name their own). */
function defaultPicklistValue(fields: FieldInfo[], name: string): number | undefined {
	const values = (fields.find((field) => field.name === name)?.picklistValues ?? []).filter((value) => value.isActive);
	const chosen = values.find((value) => value.isDefaultValue) ?? values[0];
	return chosen ? Number(chosen.value) : undefined;
}

const ticketDates = (ticket: AutotaskRecord | undefined) => ({
	lastActivityDate: ticket?.lastActivityDate ?? null,
	lastTrackedModificationDateTime: ticket?.lastTrackedModificationDateTime ?? null,
});

/** Creates a note on the named ticket, updates it, reads both back; and what the note did to the ticket. */
async function writeRoundTrip(session: Session, ticketId: number): Promise<{ summary: string; details: IDataObject }> {
	const client = session.client;
	const before = await client.getOrFail('Tickets', ticketId);
	const fields = await entityFields(session, 'TicketNotes');
	const noteType = defaultPicklistValue(fields, 'noteType');
	const publish = defaultPicklistValue(fields, 'publish');
	const stamp = new Date().toISOString();
	const path = { entity: 'TicketNotes', parent: { entity: 'Tickets', id: ticketId, segment: 'Notes' } };
	const noteId = await client.create(path, {
		title: 'n8n-nodes-autotask-psa smoke test',
		description: `Written by npm run smoke:live at ${stamp}. Safe to ignore.`,
		...(noteType === undefined ? {} : { noteType }),
		...(publish === undefined ? {} : { publish }),
	});
	await client.update(path, { id: noteId, title: 'n8n-nodes-autotask-psa smoke test (updated)' });
	const note = await client.getOrFail('TicketNotes', noteId);
	const after = await client.getOrFail('Tickets', ticketId);
	const moved = (field: 'lastActivityDate' | 'lastTrackedModificationDateTime') =>
		before[field] !== after[field] ? 'moved' : 'did not move';
	const details: IDataObject = {
		ticketId,
		noteId,
		noteTitle: note.title,
		impersonatorCreatorResourceID: note.impersonatorCreatorResourceID ?? null,
		ticketBefore: ticketDates(before),
		ticketAfter: ticketDates(after),
	};
	if (note.title !== 'n8n-nodes-autotask-psa smoke test (updated)') {
		throw new CheckFailed(`TicketNote ${noteId} was created but reads back with the title "${String(note.title)}"`, details);
	}
	return {
		summary: `note ${noteId} created on ticket ${ticketId}, updated and read back; the ticket's lastActivityDate ${moved('lastActivityDate')}, its lastTrackedModificationDateTime ${moved('lastTrackedModificationDateTime')} (the API cannot delete ticket notes: remove it in Autotask if you wish)`,
		details,
	};
}

/** Runs every check in order; a failing check is reported and the next one still runs. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
	const startedAt = new Date().toISOString();
	const helper = new TestCredentialsHelper({ autotaskUserApi: options.credentials });
	const ctx = loadOptionsContext({ node: buildNode(AUTOTASK, { operation: 'getMany' }), credentialsHelper: helper });
	const client = await AutotaskClient.forContext(ctx);
	const session: Session = {
		helper,
		client,
		credentials: { zone: 'auto', ...(helper.stored('autotaskUserApi') ?? {}) },
		fields: new Map(),
	};
	const checks: CheckResult[] = [];
	checks.push(await check(session, 'Zone detection', async () => await zoneDetection(session)));
	checks.push(await check(session, 'Who Am I', async () => await whoAmI(session)));
	checks.push(await check(session, 'ThresholdInformation', async () => await thresholdInformation(session)));
	for (const entity of KEY_ENTITIES) {
		checks.push(await check(session, `Metadata: ${entity}`, async () => await metadata(session, entity)));
	}
	checks.push(await check(session, 'Counts and a read across a page boundary', async () => await pagedRead(session)));
	checks.push(await check(session, 'Trigger strategy per entity', async () => await triggerPlans(session)));
	checks.push(await check(session, 'Dry-run poll (Tickets trigger)', async () => await dryRunPoll(session)));
	if (options.writeTicketId !== undefined) {
		const ticketId = options.writeTicketId;
		checks.push(await check(session, 'Write round trip (ticket note)', async () => await writeRoundTrip(session, ticketId)));
	}
	return {
		target: options.target,
		mode: options.writeTicketId === undefined ? 'read-only' : 'write',
		startedAt,
		finishedAt: new Date().toISOString(),
		checks,
		requests: helper.authenticated.length,
		ok: checks.every((result) => result.status !== 'failed'),
	};
}
