import type { INodeProperties } from 'n8n-workflow';

import { FLATTEN_UDFS_OPTION, optionsCollection, PICKLIST_LABELS_OPTION } from '../common/parameters';
import { referenceLabelOptions } from '../common/referenceLabels';
import { WEBHOOK_ENTITIES } from './entities';

export const webhookTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		options: WEBHOOK_ENTITIES.map((entry) => ({ name: `${entry.displayName} (${entry.entity})`, value: entry.entity })),
		default: 'Tickets',
		required: true,
		description: 'The kind of Autotask record to watch. Autotask sends webhooks for these five only.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Record Created', value: 'created', description: 'A new record is saved' },
			{ name: 'Record Deleted', value: 'deleted', description: 'A record is deleted (the output has its ID and the fields Autotask sent)' },
			{ name: 'Record Updated', value: 'updated', description: 'A watched field of a record changes' },
		],
		default: ['created', 'updated'],
		required: true,
	},
	{
		displayName: 'Watched Field Names or IDs',
		name: 'subscribedFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWebhookFields', loadOptionsDependsOn: ['entity'] },
		default: [],
		required: true,
		description:
			'A change to any of these fields sends an update (at least one is needed). The list shows what Autotask lets webhooks watch, user-defined fields included. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName:
			'Activating the workflow creates a webhook in Autotask (the API user needs the "Can create WebHooks" permission); deactivating deletes it.',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
	},
	optionsCollection([
		{
			displayName: 'Always Included Field Names or IDs',
			name: 'alwaysFields',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getWebhookFields', loadOptionsDependsOn: ['entity'] },
			default: [],
			description:
				'Fields Autotask adds to every callout even when they did not change, such as an external ID. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Catch Up Missed Changes',
			name: 'catchUp',
			type: 'boolean',
			default: true,
			description:
				'Whether to read the records changed while deliveries failed (n8n stopped, the webhook deactivated, a gap in Autotask\'s sequence numbers) and emit each missed change once, marked event.source "catchUp". The read sees that a record changed, not which field, so with watched fields it may include changes to other fields.',
		},
		{
			displayName: 'Excluded Resource Names or IDs',
			name: 'excludedResources',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getResources' },
			default: [],
			description:
				'Changes made by these resources send nothing. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		FLATTEN_UDFS_OPTION,
		{
			displayName: 'Ignore Changes Made by This Credential',
			name: 'ignoreOwnChanges',
			type: 'boolean',
			default: true,
			description:
				'Whether Autotask should send nothing for changes made through this credential\'s API user (its resource is excluded), so a workflow that updates records does not trigger itself',
		},
		PICKLIST_LABELS_OPTION,
		...referenceLabelOptions(['entity']),
	]),
];
