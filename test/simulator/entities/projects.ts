import { fieldTable, picklist } from './fieldTable';
import { personType } from './picklists';
import type { EntityDef } from './types';

/** Field names from the ProjectModel swagger; flags and lengths from the entity docs. */
const fields = fieldTable(
	`
	actualBilledHours                     decimal   0     readOnly
	actualHours                           decimal   0     readOnly
	changeOrdersBudget                    decimal   0
	changeOrdersRevenue                   decimal   0
	companyID                             integer   0     required ref:Company
	companyOwnerResourceID                integer   0     ref:Resource
	completedDateTime                     datetime  0     readOnly
	completedPercentage                   integer   0     readOnly
	contractID                            integer   0     ref:Contract
	createDateTime                        datetime  0     readOnly
	creatorResourceID                     integer   0     readOnly ref:Resource
	department                            integer   0     picklist
	description                           string    8000
	duration                              integer   0     readOnly
	endDateTime                           datetime  0     required
	estimatedSalesCost                    decimal   0
	estimatedTime                         decimal   0     readOnly
	extProjectNumber                      string    50
	extProjectType                        integer   0     picklist
	id                                    long      0     required readOnly
	impersonatorCreatorResourceID         integer   0     readOnly ref:Resource
	laborEstimatedCosts                   decimal   0     readOnly
	laborEstimatedMarginPercentage        decimal   0     readOnly
	laborEstimatedRevenue                 decimal   0     readOnly
	lastActivityDateTime                  datetime  0     readOnly
	lastActivityPersonType                integer   0     readOnly picklist:personType
	lastActivityResourceID                integer   0     readOnly ref:Resource
	organizationalLevelAssociationID      integer   0     ref:OrganizationalLevelAssociation
	originalEstimatedRevenue              decimal   0
	projectCostEstimatedMarginPercentage  decimal   0     readOnly
	projectCostsBudget                    decimal   0
	projectCostsRevenue                   decimal   0     readOnly
	projectLeadResourceID                 integer   0     ref:Resource
	projectName                           string    100   required
	projectNumber                         string    50    readOnly
	projectType                           integer   0     required picklist
	purchaseOrderNumber                   string    50
	sgda                                  decimal   0
	startDateTime                         datetime  0     required
	status                                integer   0     required picklist
	statusDateTime                        datetime  0     readOnly
	statusDetail                          string    2000
	`,
	{
		personType,
		department: picklist(
			[
				[1, 'Service Desk'],
				[2, 'Professional Services'],
			],
			{ isSystem: false },
		),
		extProjectType: picklist([[1, 'Fixed Price']], { isSystem: false }),
		projectType: picklist([
			[3, 'Proposal'],
			[4, 'Template'],
			[5, 'Client'],
			[6, 'Internal'],
			[8, 'Baseline'],
		]),
		status: picklist(
			[
				[0, 'Inactive'],
				[1, 'New'],
				[2, 'In Progress'],
				[5, 'Complete'],
			],
			{ defaultValue: 1, isSystem: false },
		),
	},
);

/** Projects. Create and update, never delete; tasks live under them. */
export const projects: EntityDef = {
	name: 'Projects',
	singular: 'Project',
	fields,
	firstId: 301,
	writes: { create: true, update: true, delete: false },
	hasUserDefinedFields: true,
	supportsWebhookCallouts: false,
	audit: {
		createdAt: ['createDateTime'],
		modifiedAt: ['lastActivityDateTime'],
		createdBy: ['creatorResourceID'],
		modifiedBy: ['lastActivityResourceID'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
	},
	defaults: { lastActivityPersonType: 1 },
	generate: (id, now) => ({
		projectNumber: `P${now.toISOString().slice(0, 10).replace(/-/g, '')}.${String(id % 10000).padStart(4, '0')}`,
	}),
	synthesize: (index, { pickId, store }) => ({
		companyID: pickId('Companies', index),
		projectName: `Synthetic project ${index}`,
		projectType: 5,
		status: 1,
		startDateTime: store.clock.now(),
		endDateTime: new Date(store.clock.now().getTime() + 30 * 86_400_000),
	}),
};
