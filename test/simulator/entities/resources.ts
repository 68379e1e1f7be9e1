import { fieldTable, picklist } from './fieldTable';
import { emailType, emptyPicklist, greeting } from './picklists';
import type { EntityDef } from './types';

/** Field metadata as captured from a real tenant; tenant picklists (locations, security levels) replaced. */
const fields = fieldTable(
	`
	accountingReferenceID     string    100
	dateFormat                string    20   readOnly picklist
	defaultServiceDeskRoleID  long      0    notQueryable ref:Role
	email                     string    254  required
	email2                    string    254
	email3                    string    254
	emailTypeCode             string    20   required picklist:emailType
	emailTypeCode2            string    20   picklist:emailType
	emailTypeCode3            string    20   picklist:emailType
	firstName                 string    50   required
	gender                    string    1    picklist
	greeting                  integer   0    picklist
	hireDate                  datetime  0    required readOnly
	homePhone                 string    25
	id                        long      0    required readOnly
	initials                  string    32
	internalCost              decimal   0    readOnly
	isActive                  boolean   0    required
	lastName                  string    50   required
	licenseType               integer   0    required readOnly picklist
	locationID                integer   0    required readOnly picklist
	middleName                string    50
	mobilePhone               string    25
	numberFormat              string    20   required picklist
	officeExtension           string    10
	officePhone               string    25
	payrollIdentifier         string    32
	payrollType               integer   0    required picklist
	resourceType              string    15   required picklist
	suffix                    integer   0    picklist:empty
	surveyResourceRating      decimal   0    readOnly
	timeFormat                string    20   readOnly picklist
	title                     string    50
	travelAvailabilityPct     string    15   picklist
	userName                  string    32   required
	userType                  integer   0    required readOnly picklist
	`,
	{
		emailType,
		greeting,
		empty: emptyPicklist,
		dateFormat: picklist(
			['MM/dd/yyyy', 'MM-dd-yyyy', 'MM.dd.yyyy', 'dd/MM/yyyy', 'dd-MM-yyyy', 'dd.MM.yyyy', 'yyyy/MM/dd', 'yyyy-MM-dd', 'yyyy.MM.dd'].map(
				(format): [string, string] => [format, format],
			),
			{ defaultValue: 'dd/MM/yyyy' },
		),
		gender: picklist([
			['F', 'Female'],
			['M', 'Male'],
			['N', 'Non-binary'],
			['P', 'Prefer not to say'],
		]),
		licenseType: picklist([
			[1, 'Administrator'],
			[2, 'Executive'],
			[3, 'Professional'],
			[4, 'Team Member'],
			[5, 'Time & Attendance Only'],
			[6, 'Dashboard User'],
			[7, 'API User'],
			[8, 'Contractor'],
			[9, 'Co-managed Help Desk'],
		]),
		locationID: picklist(
			[
				[1, 'Head Office'],
				[2, 'Remote'],
			],
			{ defaultValue: 1, isSystem: false },
		),
		numberFormat: picklist([
			['X,XXX.XX', 'X,XXX.XX'],
			['X.XXX,XX', 'X.XXX,XX'],
		]),
		payrollType: picklist([
			[1, 'Salary'],
			[2, 'Hourly'],
			[3, 'Contractor'],
			[4, 'Salary Non Exempt'],
		]),
		resourceType: picklist([
			['Contractor', 'Contractor'],
			['Employee', 'Employee'],
		]),
		timeFormat: picklist([
			['hh:mm tt', 'hh:mm tt'],
			['h:mm tt', 'h:mm tt'],
			['HH:mm', 'HH:mm'],
		]),
		travelAvailabilityPct: picklist(
			['0%', 'up to 100%', 'up to 25%', 'up to 50%', 'up to 75%'].map((value): [string, string] => [value, value]),
		),
		userType: picklist(
			[
				[1, 'System Administrator'],
				[2, 'Technician'],
				[3, 'Dispatcher'],
				[4, 'API User (system)'],
			],
			{ isSystem: false },
		),
	},
);

/** Staff members. Query and update only; every API user is itself a Resource. No timestamps. */
export const resources: EntityDef = {
	name: 'Resources',
	singular: 'Resource',
	fields,
	firstId: 29682885,
	writes: { create: false, update: true, delete: false },
	hasUserDefinedFields: false,
	supportsWebhookCallouts: false,
	audit: {},
	defaults: {
		dateFormat: 'dd/MM/yyyy',
		timeFormat: 'HH:mm',
		numberFormat: 'X,XXX.XX',
		emailTypeCode: 'PRIMARY',
		isActive: true,
		licenseType: 3,
		locationID: 1,
		payrollType: 1,
		resourceType: 'Employee',
		userType: 2,
	},
	// Autotask: "The API user's security level must have admin access to Resources/Users (HR)".
	canUpdate: (user) => user.resourceAdmin,
	synthesize: (index, { store }) => ({
		firstName: 'Staff',
		lastName: `Member ${index}`,
		userName: `staff${index}`,
		email: `staff${index}@sandbox.example`,
		hireDate: store.clock.now(),
	}),
};
