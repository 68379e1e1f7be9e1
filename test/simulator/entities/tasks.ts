import { fieldTable, picklist } from './fieldTable';
import { personType } from './picklists';
import type { EntityDef } from './types';

/** Field names from the TaskModel swagger; flags and lengths from the entity docs. */
const fields = fieldTable(
	`
	assignedResourceID               integer   0     ref:Resource
	assignedResourceRoleID           integer   0     ref:Role
	billingCodeID                    integer   0     ref:BillingCode
	canClientPortalUserCompleteTask  boolean   0
	companyLocationID                integer   0     ref:CompanyLocation
	completedByResourceID            integer   0     readOnly ref:Resource
	completedByType                  integer   0     readOnly picklist:personType
	completedDateTime                datetime  0     readOnly
	createDateTime                   datetime  0     readOnly
	creatorResourceID                integer   0     readOnly ref:Resource
	creatorType                      integer   0     readOnly picklist:personType
	departmentID                     integer   0     ref:Department
	description                      string    8000
	endDateTime                      datetime  0
	estimatedHours                   decimal   0
	externalID                       string    50
	hoursToBeScheduled               decimal   0     readOnly
	id                               long      0     required readOnly
	isTaskBillable                   boolean   0
	isVisibleInClientPortal          boolean   0
	lastActivityDateTime             datetime  0     readOnly
	lastActivityPersonType           integer   0     readOnly picklist:personType
	lastActivityResourceID           integer   0     readOnly ref:Resource
	phaseID                          integer   0     ref:Phase
	priority                         integer   0
	priorityLabel                    integer   0     picklist
	projectID                        integer   0     required readOnly ref:Project
	purchaseOrderNumber              string    50
	remainingHours                   decimal   0
	startDateTime                    datetime  0
	status                           integer   0     required picklist
	taskCategoryID                   integer   0     picklist
	taskNumber                       string    50    readOnly
	taskType                         integer   0     required picklist
	title                            string    255   required
	`,
	{
		personType,
		priorityLabel: picklist(
			[
				[1, 'High'],
				[2, 'Medium'],
				[3, 'Low'],
			],
			{ isSystem: false },
		),
		status: picklist(
			[
				[1, 'New'],
				[5, 'Complete'],
				[8, 'In Progress'],
			],
			{ defaultValue: 1, isSystem: false },
		),
		taskCategoryID: picklist([[1, 'Standard']], { isSystem: false }),
		// REAL values (WYRE-AI/autotask-mcp#46).
		taskType: picklist([
			[1, 'FixedWork'],
			[2, 'FixedDuration'],
		]),
	},
);

/** Project tasks. Queried at the root; written only through /Projects/{id}/Tasks; never deleted. */
export const tasks: EntityDef = {
	name: 'Tasks',
	singular: 'Task',
	fields,
	firstId: 29400001,
	writes: { create: true, update: true, delete: false },
	parent: { entity: 'Projects', segment: 'Tasks', field: 'projectID' },
	hasUserDefinedFields: true,
	supportsWebhookCallouts: false,
	audit: {
		createdAt: ['createDateTime'],
		modifiedAt: ['lastActivityDateTime'],
		createdBy: ['creatorResourceID'],
		modifiedBy: ['lastActivityResourceID'],
	},
	defaults: {
		creatorType: 1,
		lastActivityPersonType: 1,
		isTaskBillable: true,
		isVisibleInClientPortal: false,
		canClientPortalUserCompleteTask: false,
	},
	generate: (id) => ({ taskNumber: `T${id}` }),
	synthesize: (index, { pickId }) => ({
		projectID: pickId('Projects', index),
		title: `Synthetic task ${index}`,
		status: 1,
		taskType: 1,
	}),
};
