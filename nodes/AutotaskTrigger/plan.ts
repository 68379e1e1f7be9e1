import { UserError } from 'n8n-workflow';

import { valueKind } from '../common/fields';
import type { FieldLike } from '../common/fields';
import type { AscendingIdPlan } from './strategies/ascendingId';
import type { FlagEvents, SnapshotPlan } from './strategies/snapshot';
import type { TimestampPlan } from './strategies/timestamp';
import type { TriggerEvent } from './strategies/types';

/**
 * Picks how an entity is polled, from its live field metadata. The tables below only say which
 * names to prefer when an entity has several candidates; a name is used only if the metadata has
 * it (as a queryable date/time, or as a resource reference).
 */

/**
 * Change timestamps, the automatic choice first. Autotask's REST best practices tell integrations
 * that poll for changes to use LastActivityDate for Tickets and Companies: it moves on every edit of
 * the record and on activity around it (a note, a time entry), so it misses nothing the narrower
 * "tracked modification" timestamps see. Those and the plain modification dates follow.
 */
export const MODIFICATION_TIMESTAMPS = [
	'lastActivityDate',
	'lastActivityDateTime',
	'lastModifiedDateTime',
	'lastModifiedDate',
	'lastModifiedTime',
	'lastTrackedModificationDateTime',
	'lastTrackedModifiedDateTime',
];

/** What a change timestamp means, in the words the trigger's dropdown shows. */
const CHANGE_TIMESTAMP_MEANINGS: Record<string, string> = {
	lastactivitydate: 'Any activity (edits, notes, time entries)',
	lastactivitydatetime: 'Any activity (edits, notes, time entries)',
	lasttrackedmodificationdatetime: 'Changes to tracked fields only (not notes or other activity)',
	lasttrackedmodifieddatetime: 'Changes to tracked fields only (not notes or other activity)',
	lastmodifieddatetime: 'Edits to the record itself',
	lastmodifieddate: 'Edits to the record itself',
	lastmodifiedtime: 'Edits to the record itself',
	lastcustomervisibleactivitydatetime: 'Activity the customer can see',
	lastcustomernotificationdatetime: 'The customer was notified',
};

/** The dropdown label of a change timestamp: its meaning where known, and always its field name. */
export function changeTimestampLabel(field: string): string {
	const meaning = CHANGE_TIMESTAMP_MEANINGS[field.toLowerCase()];
	return meaning ? `${meaning}: ${field}` : field;
}

/** Whether the field is one of the timestamps whose meaning the dropdown explains. */
export function isKnownChangeTimestamp(field: string): boolean {
	return field.toLowerCase() in CHANGE_TIMESTAMP_MEANINGS;
}

export const CREATION_TIMESTAMPS = ['createDate', 'createDateTime', 'createdDate', 'createdDateTime', 'creationDate'];

/** Where a record says which person created or last changed it. */
export interface ActorSource {
	field: string;
	/** 1 = resource, 2 = contact; a contact with the same number is not us. */
	personTypeField?: string;
	/** Set to the API user's own resource when it wrote while impersonating. */
	impersonatorField?: string;
}

const MODIFIERS: ActorSource[] = [
	{ field: 'lastActivityResourceID', personTypeField: 'lastActivityPersonType' },
	{ field: 'lastModifiedByResourceID' },
	{ field: 'lastModifiedResourceID' },
	{ field: 'lastModifiedUserID' },
	{ field: 'lastActivityPersonID', personTypeField: 'lastActivityPersonType' },
];
const CREATORS: ActorSource[] = [
	{ field: 'creatorResourceID', personTypeField: 'creatorType' },
	{ field: 'createdByResourceID' },
	{ field: 'creatorUserID' },
	{ field: 'createdByPersonID', personTypeField: 'creatorType' },
];
const UPDATE_IMPERSONATOR = 'impersonatorUpdaterResourceID';
const CREATE_IMPERSONATOR = 'impersonatorCreatorResourceID';

/** Entities with a yes/no field whose flips are events of their own. */
export const FLAG_EVENTS: Record<string, FlagEvents> = {
	clientportalusers: { field: 'isClientPortalActive', on: 'accessGranted', off: 'accessRevoked' },
	resources: { field: 'isActive', on: 'activated', off: 'deactivated' },
};

export const COMMON_EVENTS: TriggerEvent[] = ['created', 'updated', 'createdOrUpdated'];

/** The events the trigger offers for an entity. */
export function eventsFor(entity: string): TriggerEvent[] {
	const flag = FLAG_EVENTS[entity.toLowerCase()];
	return flag ? [...COMMON_EVENTS, flag.on, flag.off] : [...COMMON_EVENTS];
}

export type DetectionPlan = TimestampPlan | AscendingIdPlan | SnapshotPlan;

export interface TriggerPlan {
	detection: DetectionPlan;
	/** Who created / last changed a record, where the entity records it. */
	actors: { created?: ActorSource; updated?: ActorSource };
}

export interface PlanRequest {
	entity: string;
	event: TriggerEvent;
	fields: readonly FieldLike[];
	/** The user's choice of change timestamp; empty for the automatic choice. */
	changeTimestamp?: string;
}

function byName(fields: readonly FieldLike[]): Map<string, FieldLike> {
	return new Map(fields.map((field) => [field.name.toLowerCase(), field]));
}

/** Queryable date/time fields, the only ones a trigger can poll on. */
export function timestampFields(fields: readonly FieldLike[]): FieldLike[] {
	return fields.filter((field) => valueKind(field) === 'datetime' && field.isQueryable !== false);
}

function preferred(candidates: readonly FieldLike[], names: string[], fallback: RegExp): string | undefined {
	const index = byName(candidates);
	for (const name of names) {
		const field = index.get(name.toLowerCase());
		if (field) return field.name;
	}
	return candidates.find((field) => fallback.test(field.name))?.name;
}

/** The entity's modification timestamp, chosen automatically. */
export function automaticChangeTimestamp(fields: readonly FieldLike[]): string | undefined {
	return preferred(timestampFields(fields), MODIFICATION_TIMESTAMPS, /^last\w*(Modifi|Updat)/i);
}

export function creationTimestamp(fields: readonly FieldLike[]): string | undefined {
	return preferred(timestampFields(fields), CREATION_TIMESTAMPS, /^creat(e|ed|ion)(Date|Time)/i);
}

function actorSource(fields: readonly FieldLike[], candidates: ActorSource[], impersonator: string): ActorSource | undefined {
	const index = byName(fields);
	const found = candidates.find((candidate) => index.has(candidate.field.toLowerCase()));
	if (!found) return undefined;
	const source: ActorSource = { field: index.get(found.field.toLowerCase())!.name };
	const personType = found.personTypeField && index.get(found.personTypeField.toLowerCase());
	if (personType) source.personTypeField = personType.name;
	const impersonatorField = index.get(impersonator.toLowerCase());
	if (impersonatorField) source.impersonatorField = impersonatorField.name;
	return source;
}

function chosenChangeTimestamp(request: PlanRequest): string | undefined {
	const choice = request.changeTimestamp?.trim();
	if (!choice) return automaticChangeTimestamp(request.fields);
	const field = byName(timestampFields(request.fields)).get(choice.toLowerCase());
	if (!field) {
		throw new UserError(`"${choice}" is not a queryable date/time field of ${request.entity}`, {
			description: 'Choose the change timestamp from the list, or leave it on Automatic.',
		});
	}
	return field.name;
}

/**
 * The polling strategy for an entity and event: a timestamp where the metadata has one, the
 * ascending id for "created" without a creation timestamp, and a snapshot for the rest.
 */
export function resolvePlan(request: PlanRequest): TriggerPlan {
	const { entity, event, fields } = request;
	if (!eventsFor(entity).includes(event)) {
		throw new UserError(`The event "${event}" is not available for ${entity}`, {
			description: `${entity} offers: ${eventsFor(entity).join(', ')}.`,
		});
	}
	const actors = {
		created: actorSource(fields, CREATORS, CREATE_IMPERSONATOR),
		updated: actorSource(fields, MODIFIERS, UPDATE_IMPERSONATOR),
	};
	const flag = FLAG_EVENTS[entity.toLowerCase()];
	if (flag && (event === flag.on || event === flag.off)) {
		return { detection: { strategy: 'snapshot', event, entity, flag }, actors };
	}
	const creation = creationTimestamp(fields);
	if (event === 'created') {
		const detection: DetectionPlan = creation
			? { strategy: 'timestamp', event, versionField: creation, creationField: creation, matchCreation: false }
			: { strategy: 'ascendingId', event };
		return { detection, actors };
	}
	const modification = chosenChangeTimestamp(request);
	if (!modification) return { detection: { strategy: 'snapshot', event, entity, flag }, actors };
	// eventsFor() above leaves only the two change events here.
	const changeEvent = event as 'updated' | 'createdOrUpdated';
	return {
		detection: {
			strategy: 'timestamp',
			event: changeEvent,
			versionField: modification,
			creationField: creation,
			matchCreation: changeEvent === 'createdOrUpdated' && creation !== undefined && creation !== modification,
		},
		actors,
	};
}
