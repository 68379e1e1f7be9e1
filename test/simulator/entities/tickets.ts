import { fieldTable, picklist } from './fieldTable';
import { apiVendor, personType, thermometerRating } from './picklists';
import type { EntityDef } from './types';

/** Field metadata as captured from a real tenant; its tenant picklists are replaced by a small sample tenant. */
const fields = fieldTable(
	`
	apiVendorID                                integer   0      readOnly picklist:apiVendor
	assignedResourceID                         integer   0      ref:Resource
	assignedResourceRoleID                     integer   0      ref:Role
	billingCodeID                              integer   0      ref:BillingCode
	changeApprovalBoard                        integer   0      picklist
	changeApprovalStatus                       integer   0      picklist
	changeApprovalType                         integer   0      picklist
	changeInfoField1                           string    8000
	changeInfoField2                           string    8000
	changeInfoField3                           string    8000
	changeInfoField4                           string    8000
	changeInfoField5                           string    8000
	companyID                                  integer   0      required ref:Company
	companyLocationID                          integer   0      ref:CompanyLocation
	completedByResourceID                      integer   0      readOnly ref:Resource
	completedDate                              datetime  0      readOnly
	configurationItemID                        integer   0      ref:ConfigurationItem
	contactID                                  integer   0      ref:Contact
	contractID                                 integer   0      ref:Contract
	contractServiceBundleID                    long      0      ref:ContractServiceBundle
	contractServiceID                          long      0      ref:ContractService
	createDate                                 datetime  0      readOnly
	createdByContactID                         integer   0      ref:Contact
	creatorResourceID                          integer   0      readOnly ref:Resource
	creatorType                                integer   0      readOnly notQueryable picklist:personType
	currentServiceThermometerRating            integer   0      readOnly picklist:thermometer
	description                                string    8000
	dueDateTime                                datetime  0
	estimatedHours                             decimal   0
	externalID                                 string    50
	firstResponseAssignedResourceID            integer   0      readOnly ref:Resource
	firstResponseDateTime                      datetime  0      readOnly
	firstResponseDueDateTime                   datetime  0      readOnly
	firstResponseInitiatingResourceID          integer   0      readOnly ref:Resource
	hoursToBeScheduled                         decimal   0      readOnly
	id                                         long      0      required readOnly
	impersonatorCreatorResourceID              integer   0      readOnly ref:Resource
	isAssignedToComanaged                      boolean   0      readOnly
	issueType                                  integer   0      picklist
	isVisibleToComanaged                       boolean   0
	lastActivityDate                           datetime  0      readOnly
	lastActivityPersonType                     integer   0      readOnly notQueryable picklist:personType
	lastActivityResourceID                     integer   0      readOnly ref:Resource
	lastCustomerNotificationDateTime           datetime  0      readOnly
	lastCustomerVisibleActivityDateTime        datetime  0      readOnly
	lastTrackedModificationDateTime            datetime  0      readOnly
	monitorID                                  long      0
	monitorTypeID                              integer   0      picklist
	opportunityID                              integer   0      ref:Opportunity
	organizationalLevelAssociationID           integer   0      ref:OrganizationalLevelAssociation
	previousServiceThermometerRating           integer   0      readOnly picklist:thermometer
	priority                                   integer   0      required picklist
	problemTicketId                            integer   0      ref:Ticket
	projectID                                  integer   0      ref:Project
	purchaseOrderNumber                        string    50
	queueID                                    integer   0      picklist
	resolution                                 string    32000
	resolutionPlanDateTime                     datetime  0      readOnly
	resolutionPlanDueDateTime                  datetime  0      readOnly
	resolvedDateTime                           datetime  0      readOnly
	resolvedDueDateTime                        datetime  0      readOnly
	rmaStatus                                  integer   0      picklist
	rmaType                                    integer   0      picklist
	rmmAlertID                                 string    50     readOnly
	serviceLevelAgreementHasBeenMet            boolean   0      readOnly
	serviceLevelAgreementID                    integer   0      picklist
	serviceLevelAgreementPausedNextEventHours  decimal   0      readOnly notQueryable
	serviceThermometerTemperature              integer   0      readOnly
	source                                     integer   0      picklist
	status                                     integer   0      required picklist
	subIssueType                               integer   0      picklist parent:IssueType
	ticketCategory                             integer   0      picklist
	ticketNumber                               string    50
	ticketType                                 integer   0      picklist
	title                                      string    255    required
	`,
	{
		apiVendor,
		personType,
		thermometer: thermometerRating,
		changeApprovalBoard: picklist(
			[
				[1, 'Standard Change Board'],
				[2, 'Emergency Change Board'],
			],
			{ isSystem: false },
		),
		changeApprovalStatus: picklist([
			[1, 'Not Assigned'],
			[2, 'Assigned'],
			[3, 'Requested'],
			[4, 'Partially Approved'],
			[5, 'Approved'],
			[6, 'Rejected'],
		]),
		changeApprovalType: picklist([
			[1, 'All approvers must approve'],
			[2, 'One approver must approve'],
		]),
		issueType: picklist(
			[
				[1, 'Hardware'],
				[2, 'Software'],
				[3, 'Network'],
				[4, 'Legacy Systems'],
			],
			{ inactive: [4], isSystem: false },
		),
		// Dependent on issueType: the third element is the parent issueType value.
		subIssueType: picklist(
			[
				[11, 'Laptop', 1],
				[12, 'Printer', 1],
				[13, 'Fax Machine', 1],
				[21, 'Email', 2],
				[22, 'Office Suite', 2],
				[31, 'VPN', 3],
				[32, 'Wi-Fi', 3],
			],
			{ inactive: [13], isSystem: false },
		),
		monitorTypeID: picklist([
			[23, 'AntivirusMonitor'],
			[13, 'BackupMonitor'],
			[4, 'ComponentMonitor'],
			[2, 'CPUMonitor'],
			[10, 'DiskUsageMonitor'],
			[7, 'EventLogMonitor'],
			[3, 'MemoryMonitor'],
			[16, 'NetworkMonitor'],
			[1, 'OnlineStatusMonitor'],
			[20, 'PatchMonitor'],
			[6, 'ServiceMonitor'],
		]),
		priority: picklist(
			[
				[1, 'High'],
				[2, 'Medium'],
				[3, 'Low'],
				[4, 'Critical'],
			],
			{ defaultValue: 2, isSystem: false },
		),
		queueID: picklist(
			[
				[5, 'Client Portal'],
				[6, 'Post Sale'],
				[8, 'Monitoring Alert'],
				[29682833, 'Level I Support'],
				[29682969, 'Level II Support'],
			],
			{ isSystem: false },
		),
		rmaStatus: picklist([
			[1, 'Requested'],
			[2, 'Authorized'],
			[3, 'Denied'],
			[4, 'Open'],
			[5, 'On Hold'],
			[6, 'Withdrawn'],
			[7, 'Waiting for Customer'],
			[8, 'In Progress'],
			[9, 'Finished'],
			[10, 'Finished (Not Returned)'],
		]),
		rmaType: picklist([
			[1, 'Return'],
			[2, 'Repair'],
			[3, 'Replace'],
		]),
		serviceLevelAgreementID: picklist(
			[
				[1, 'Standard SLA'],
				[2, 'Premium SLA'],
			],
			{ isSystem: false },
		),
		source: picklist([
			[-2, 'Insourced'],
			[-1, 'Client Portal'],
			[1, 'Other'],
			[2, 'Phone'],
			[4, 'Email'],
			[5, 'Web Portal'],
			[6, 'In Person/Onsite'],
			[8, 'Monitoring Alert'],
			[11, 'Exec Report'],
			[12, 'Automation'],
		]),
		status: picklist(
			[
				[1, 'New'],
				[5, 'Complete'],
				[7, 'Waiting Customer'],
				[8, 'In Progress'],
				[9, 'Waiting Materials'],
				[10, 'Dispatched'],
				[12, 'Waiting Vendor'],
				[13, 'Waiting Approval'],
				[15, 'Change Order'],
				[16, 'Customer Note Added'],
			],
			{ defaultValue: 1, isSystem: false },
		),
		ticketCategory: picklist(
			[
				[1, 'Standard (non-editable)'],
				[2, 'AEM Alert'],
				[3, 'Standard'],
				[4, 'Datto Alert'],
				[5, 'RMA'],
				[6, 'Datto Networking Alert'],
			],
			{ defaultValue: 3, inactive: [1, 2, 4, 6] },
		),
		ticketType: picklist(
			[
				[1, 'Service Request'],
				[2, 'Incident'],
				[3, 'Problem'],
				[4, 'Change Request'],
				[5, 'Alert'],
			],
			{ defaultValue: 1 },
		),
	},
);

/** Service tickets. Create and update, never delete. */
export const tickets: EntityDef = {
	name: 'Tickets',
	singular: 'Ticket',
	fields,
	firstId: 7001,
	writes: { create: true, update: true, delete: false },
	hasUserDefinedFields: true,
	supportsWebhookCallouts: true,
	audit: {
		createdAt: ['createDate'],
		// Note the spelling: "Modification" here, "Modified" on Companies.
		modifiedAt: ['lastActivityDate', 'lastTrackedModificationDateTime'],
		createdBy: ['creatorResourceID'],
		modifiedBy: ['lastActivityResourceID'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
	},
	defaults: {
		creatorType: 1,
		lastActivityPersonType: 1,
		ticketCategory: 3,
		ticketType: 1,
		isVisibleToComanaged: false,
		isAssignedToComanaged: false,
	},
	generate: (id, now) => ({
		ticketNumber: `T${now.toISOString().slice(0, 10).replace(/-/g, '')}.${String(id % 10000).padStart(4, '0')}`,
	}),
	rules: [
		// REAL message (WYRE-AI/msp-claude-plugins#32).
		({ merged }) =>
			(merged.assignedResourceID === null) === (merged.assignedResourceRoleID === null)
				? []
				: ['When assigning a Resource, you must assign both a assignedResourceID and assignedResourceRoleID.'],
	],
	// A contact and the contact's company, a technician and the role the seed tickets use: every
	// reference points at a record that exists (reference labels are read from them).
	synthesize: (index, { pickId, store }) => {
		const contactID = pickId('Contacts', index);
		return {
			companyID: store.getRecord('Contacts', contactID)?.companyID ?? pickId('Companies', index),
			contactID,
			assignedResourceID: pickId('Resources', index),
			assignedResourceRoleID: 29683000,
			title: `Synthetic ticket ${index}`,
			status: 1,
			priority: 2,
		};
	},
};
