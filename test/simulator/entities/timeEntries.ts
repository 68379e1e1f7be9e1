import { fieldTable, picklist } from './fieldTable';
import type { EntityDef } from './types';

/** Field names from the TimeEntryModel swagger; flags and lengths from the entity docs. */
const fields = fieldTable(
	`
	billingApprovalDateTime         datetime  0     readOnly
	billingApprovalLevelMostRecent  integer   0     readOnly
	billingApprovalResourceID       integer   0     readOnly ref:Resource
	billingCodeID                   integer   0     ref:BillingCode
	contractID                      integer   0     ref:Contract
	contractServiceBundleID         long      0     ref:ContractServiceBundle
	contractServiceID               long      0     ref:ContractService
	createDateTime                  datetime  0     readOnly
	creatorUserID                   integer   0     readOnly ref:Resource
	dateWorked                      datetime  0     required
	endDateTime                     datetime  0
	hoursToBill                     decimal   0
	hoursWorked                     decimal   0
	id                              long      0     required readOnly
	impersonatorCreatorResourceID   integer   0     readOnly ref:Resource
	impersonatorUpdaterResourceID   integer   0     readOnly ref:Resource
	internalBillingCodeID           integer   0     ref:BillingCode
	internalNotes                   string    8000
	isNonBillable                   boolean   0
	lastModifiedDateTime            datetime  0     readOnly
	lastModifiedUserID              integer   0     readOnly ref:Resource
	offsetHours                     decimal   0
	resourceID                      integer   0     required ref:Resource
	roleID                          integer   0     ref:Role
	showOnInvoice                   boolean   0
	startDateTime                   datetime  0
	summaryNotes                    string    8000
	taskID                          integer   0     ref:Task
	ticketID                        integer   0     ref:Ticket
	timeEntryType                   integer   0     readOnly picklist
	`,
	{
		timeEntryType: picklist([
			[2, 'Ticket'],
			[6, 'Task'],
			[7, 'Regular Time'],
		]),
	},
);

/** Time worked. Create, update and delete at the root. */
export const timeEntries: EntityDef = {
	name: 'TimeEntries',
	singular: 'TimeEntry',
	fields,
	firstId: 40001,
	writes: { create: true, update: true, delete: true },
	hasUserDefinedFields: false,
	supportsWebhookCallouts: false,
	audit: {
		createdAt: ['createDateTime'],
		modifiedAt: ['lastModifiedDateTime'],
		createdBy: ['creatorUserID'],
		modifiedBy: ['lastModifiedUserID'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
		impersonatorOnUpdate: 'impersonatorUpdaterResourceID',
	},
	defaults: { isNonBillable: false, showOnInvoice: true },
	// Time worked on a ticket is activity on it, like a note (Autotask's REST best practices).
	afterWrite: (store, entry, actorResourceId) => {
		if (typeof entry.ticketID !== 'number') return;
		store.touch('Tickets', entry.ticketID, {
			lastActivityDate: store.clock.now(),
			lastActivityResourceID: actorResourceId,
		}, actorResourceId);
	},
	rules: [
		({ merged }) =>
			merged.hoursWorked !== null || (merged.startDateTime !== null && merged.endDateTime !== null)
				? []
				: ['A time entry needs either hoursWorked or both startDateTime and endDateTime.'],
	],
	synthesize: (index, { pickId, store }) => ({
		resourceID: pickId('Resources', index),
		ticketID: pickId('Tickets', index),
		dateWorked: store.clock.now(),
		hoursWorked: 1,
		timeEntryType: 2,
		summaryNotes: `Synthetic work ${index}`,
	}),
};
