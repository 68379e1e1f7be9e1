import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { queryableEntities } from '../common/catalog';
import { filterProperties } from '../common/filters';
import { FLATTEN_UDFS_OPTION, PICKLIST_LABELS_OPTION } from '../common/parameters';
import type { TriggerEvent } from './strategies/types';

/** The trigger's parameters (n8n adds the poll times itself). */

export const DEFAULT_MAX_EVENTS = 1000;

const EVENT_OPTIONS: Record<TriggerEvent, INodePropertyOptions> = {
	created: { name: 'Record Created', value: 'created', description: 'A new record appears' },
	updated: { name: 'Record Updated', value: 'updated', description: 'An existing record changes' },
	createdOrUpdated: {
		name: 'Record Created or Updated',
		value: 'createdOrUpdated',
		description: 'Either; the event type in the output says which',
	},
	accessGranted: {
		name: 'Portal Access Granted',
		value: 'accessGranted',
		description: 'isClientPortalActive turns on (including users created with access)',
	},
	accessRevoked: { name: 'Portal Access Revoked', value: 'accessRevoked', description: 'isClientPortalActive turns off' },
	activated: { name: 'Resource Activated', value: 'activated', description: 'isActive turns on' },
	deactivated: { name: 'Resource Deactivated', value: 'deactivated', description: 'isActive turns off' },
};

const COMMON: TriggerEvent[] = ['created', 'updated', 'createdOrUpdated'];

function eventProperty(events: TriggerEvent[], displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: events.map((event) => EVENT_OPTIONS[event]),
		default: 'createdOrUpdated',
		required: true,
		displayOptions,
	};
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		options: queryableEntities().map((entry) => ({ name: `${entry.displayName} (${entry.name})`, value: entry.name })),
		default: 'Tickets',
		required: true,
		description: 'The kind of Autotask record to watch',
	},
	// n8n's node panel lists the options of the first "event" property as the trigger's events, so the
	// events every entity has come first.
	eventProperty(COMMON, { hide: { entity: ['ClientPortalUsers', 'Resources'] } }),
	eventProperty([...COMMON, 'accessGranted', 'accessRevoked'], { show: { entity: ['ClientPortalUsers'] } }),
	eventProperty([...COMMON, 'activated', 'deactivated'], { show: { entity: ['Resources'] } }),
	{
		displayName:
			'Only records matching the filter trigger the workflow. Each poll fetches only what changed; the first activation starts from now.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
	},
	...filterProperties({}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Changes to Watch Name or ID',
				name: 'changeTimestamp',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTimestampFields', loadOptionsDependsOn: ['entity'] },
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
		],
	},
];
