import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { entityOptions, queryableEntities } from '../common/catalog';
import { filterProperties } from '../common/filters';
import { FLATTEN_UDFS_OPTION, optionsCollection, PICKLIST_LABELS_OPTION } from '../common/parameters';
import { referenceLabelOptions } from '../common/referenceLabels';
import { optionNameSubtitle } from '../common/subtitle';
import type { TriggerEvent } from './strategies/types';

/** The trigger's parameters (n8n adds the poll times itself). */

export const DEFAULT_MAX_EVENTS = 1000;

/**
 * The events, in the order n8n's node panel lists them as the trigger's actions (it reads the
 * options of the first property displayed as "Event"). The portal-access and resource events
 * belong to one entity each, so choosing one of them chooses the entity too: that keeps them
 * findable from the panel, where no entity has been chosen yet.
 */
const EVENT_OPTIONS: Array<INodePropertyOptions & { value: TriggerEvent }> = [
	{ name: 'Record Created', value: 'created', action: 'On record created', description: 'A new record of the chosen entity appears' },
	{ name: 'Record Updated', value: 'updated', action: 'On record updated', description: 'An existing record of the chosen entity changes' },
	{
		name: 'Record Created or Updated',
		value: 'createdOrUpdated',
		action: 'On record created or updated',
		description: 'Either; the event type in the output says which',
	},
	{
		name: 'Portal Access Granted',
		value: 'accessGranted',
		action: 'On client portal access granted',
		description: "A contact's client portal user can log in (isClientPortalActive turns on, including users created with access)",
	},
	{
		name: 'Portal Access Revoked',
		value: 'accessRevoked',
		action: 'On client portal access revoked',
		description: "A contact's client portal user can no longer log in (isClientPortalActive turns off)",
	},
	{
		name: 'Resource Activated',
		value: 'activated',
		action: 'On resource activated',
		description: 'A staff member (Resource) becomes active (isActive turns on)',
	},
	{
		name: 'Resource Deactivated',
		value: 'deactivated',
		action: 'On resource deactivated',
		description: 'A staff member (Resource) becomes inactive (isActive turns off)',
	},
];

/** The events that watch one entity of their own; the others watch the chosen entity. */
const EVENT_ENTITY: Partial<Record<TriggerEvent, string>> = {
	accessGranted: 'ClientPortalUsers',
	accessRevoked: 'ClientPortalUsers',
	activated: 'Resources',
	deactivated: 'Resources',
};

const RECORD_EVENTS = EVENT_OPTIONS.map((option) => option.value).filter((event) => !EVENT_ENTITY[event]);

/** The entity a trigger watches: the event's own, or the chosen one. */
export function watchedEntity(event: string, chosenEntity: string): string {
	return EVENT_ENTITY[event as TriggerEvent] ?? chosenEntity;
}

/** The canvas subtitle: "Record Updated: Tickets", "Portal Access Granted". */
export const TRIGGER_SUBTITLE = optionNameSubtitle(
	'event',
	EVENT_OPTIONS,
	`(${JSON.stringify(RECORD_EVENTS)}.includes($parameter["event"]) ? $parameter["entity"] : "")`,
);

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: EVENT_OPTIONS,
		default: 'createdOrUpdated',
		required: true,
	},
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		options: entityOptions(queryableEntities()),
		default: 'Tickets',
		required: true,
		description: 'The kind of Autotask record to watch',
		displayOptions: { show: { event: RECORD_EVENTS } },
	},
	{
		displayName:
			'Only records matching the filter trigger the workflow. Each poll fetches only what changed; the first activation starts from now.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
	},
	...filterProperties({}, ['event']),
	optionsCollection([
		{
			displayName: 'Changes to Watch Name or ID',
			name: 'changeTimestamp',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTimestampFields', loadOptionsDependsOn: ['entity', 'event'] },
			default: '',
			displayOptions: { show: { '/event': ['updated', 'createdOrUpdated'] } },
			description:
				'What counts as a change where the entity records several kinds. Automatic follows Autotask\'s advice to integrations: any activity (for Tickets: edits, notes and time entries), so nothing is missed. Choose "changes to tracked fields only" to ignore notes and time entries. Changing this re-arms the trigger from now. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		FLATTEN_UDFS_OPTION,
		{
			displayName: 'Ignore Changes Made by This Credential',
			name: 'ignoreOwnChanges',
			type: 'boolean',
			default: false,
			description:
				'Whether to skip records this credential created or changed last (and those written while impersonating the credential\'s resource), so a workflow that updates records does not trigger itself. Needs an entity that records who changed it (Tickets, Projects, Tasks, Time Entries, ...).',
		},
		{
			displayName: 'Max Events per Poll',
			name: 'maxEvents',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_EVENTS,
			description:
				'At most this many events start the workflow per poll, oldest change first; the rest come on the next polls, none is dropped',
		},
		PICKLIST_LABELS_OPTION,
		...referenceLabelOptions(['entity', 'event']),
	]),
];
