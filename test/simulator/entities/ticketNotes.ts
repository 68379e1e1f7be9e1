import { fieldTable, picklist } from './fieldTable';
import type { EntityDef } from './types';

/** Field names from the TicketNoteModel swagger; flags and lengths from the entity docs. */
const fields = fieldTable(
	`
	createDateTime                 datetime  0      readOnly
	creatorResourceID              integer   0      readOnly ref:Resource
	description                    string    32000  required
	id                             long      0      required readOnly
	impersonatorCreatorResourceID  integer   0      readOnly ref:Resource
	impersonatorUpdaterResourceID  integer   0      readOnly ref:Resource
	lastActivityDate               datetime  0      readOnly
	noteType                       integer   0      required picklist
	publish                        integer   0      required picklist
	ticketID                       integer   0      required readOnly ref:Ticket
	title                          string    250    required
	`,
	{
		noteType: picklist(
			[
				[1, 'Task Summary'],
				[2, 'Task Detail'],
				[3, 'Task Notes'],
			],
			{ defaultValue: 1, isSystem: false },
		),
		publish: picklist(
			[
				[1, 'All Autotask Users'],
				[2, 'Internal Only'],
				[3, 'Internal & Co-Managed'],
			],
			{ defaultValue: 1 },
		),
	},
);

/** Notes on tickets. Queried at the root; written only through /Tickets/{id}/Notes; never deleted. */
export const ticketNotes: EntityDef = {
	name: 'TicketNotes',
	singular: 'TicketNote',
	fields,
	firstId: 29700001,
	writes: { create: true, update: true, delete: false },
	parent: { entity: 'Tickets', segment: 'Notes', field: 'ticketID' },
	hasUserDefinedFields: false,
	supportsWebhookCallouts: true,
	audit: {
		createdAt: ['createDateTime'],
		modifiedAt: ['lastActivityDate'],
		createdBy: ['creatorResourceID'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
		impersonatorOnUpdate: 'impersonatorUpdaterResourceID',
	},
	// A note is activity on its ticket (but not a tracked modification of the ticket itself).
	afterWrite: (store, note, actorResourceId) =>
		store.touch('Tickets', note.ticketID as number, {
			lastActivityDate: store.clock.now(),
			lastActivityResourceID: actorResourceId,
		}, actorResourceId),
	synthesize: (index, { pickId }) => ({
		ticketID: pickId('Tickets', index),
		title: `Synthetic note ${index}`,
		description: `Note body ${index}`,
		noteType: 1,
		publish: 1,
	}),
};
