import { fieldTable } from './fieldTable';
import { apiVendor, emptyPicklist, greeting } from './picklists';
import type { EntityDef } from './types';

/** Field metadata as captured from a real tenant. Note isActive is an integer (1/0), not a boolean. */
const fields = fieldTable(
	`
	additionalAddressInformation   string    100  webhook
	addressLine                    string    128  webhook
	addressLine1                   string    128  webhook
	alternatePhone                 string    32   webhook
	apiVendorID                    integer   0    readOnly picklist:apiVendor
	bulkEmailOptOutTime            datetime  0    readOnly
	city                           string    32   webhook
	companyID                      integer   0    required readOnly ref:Company webhook
	companyLocationID              integer   0    ref:CompanyLocation webhook
	countryID                      integer   0    ref:Country webhook
	createDate                     datetime  0    readOnly
	emailAddress                   string    254  webhook
	emailAddress2                  string    254  webhook
	emailAddress3                  string    254  webhook
	extension                      string    10   webhook
	externalID                     string    50   webhook
	facebookUrl                    string    200  webhook
	faxNumber                      string    25   webhook
	firstName                      string    50   required webhook
	id                             long      0    required readOnly
	impersonatorCreatorResourceID  integer   0    readOnly ref:Resource
	isActive                       integer   0    required webhook
	isOptedOutFromBulkEmail        boolean   0    notQueryable webhook
	lastActivityDate               datetime  0    readOnly webhook
	lastModifiedDate               datetime  0    readOnly webhook
	lastName                       string    50   required webhook
	linkedInUrl                    string    200  webhook
	middleInitial                  string    50   webhook
	mobilePhone                    string    25   webhook
	namePrefix                     integer   0    picklist:greeting webhook
	nameSuffix                     integer   0    picklist:empty webhook
	note                           string    50   webhook
	phone                          string    25   webhook
	primaryContact                 boolean   0    webhook
	receivesEmailNotifications     boolean   0    webhook
	roomNumber                     string    50   webhook
	solicitationOptOut             boolean   0    readOnly notQueryable webhook
	solicitationOptOutTime         datetime  0    readOnly
	state                          string    40   webhook
	surveyOptOut                   boolean   0    readOnly notQueryable webhook
	title                          string    50   webhook
	twitterUrl                     string    200  webhook
	zipCode                        string    16   webhook
	`,
	{ apiVendor, greeting, empty: emptyPicklist },
);

/** People at companies. Queried at the root; written only through /Companies/{id}/Contacts. */
export const contacts: EntityDef = {
	name: 'Contacts',
	singular: 'Contact',
	fields,
	firstId: 30682001,
	writes: { create: true, update: true, delete: true },
	parent: { entity: 'Companies', segment: 'Contacts', field: 'companyID' },
	hasUserDefinedFields: true,
	supportsWebhookCallouts: true,
	audit: {
		createdAt: ['createDate'],
		modifiedAt: ['lastActivityDate', 'lastModifiedDate'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
	},
	defaults: {
		primaryContact: false,
		receivesEmailNotifications: true,
		isOptedOutFromBulkEmail: false,
		solicitationOptOut: false,
		surveyOptOut: false,
	},
	rules: [
		({ merged }) =>
			merged.isActive === 0 || merged.isActive === 1 || merged.isActive === null
				? []
				: [`Field [isActive] must be 1 (active) or 0 (inactive).`],
	],
	// Autotask refuses to delete contacts that other records depend on.
	deleteBlockers: (store, id) => {
		const reasons: string[] = [];
		if (store.findFirst('ClientPortalUsers', (user) => user.contactID === id)) {
			reasons.push('The Contact cannot be deleted because it has Client Portal access.');
		}
		if (store.findFirst('Tickets', (ticket) => ticket.contactID === id)) {
			reasons.push('The Contact cannot be deleted because it is the contact of one or more tickets.');
		}
		return reasons;
	},
	synthesize: (index, { pickId }) => ({
		companyID: pickId('Companies', index),
		firstName: 'Contact',
		lastName: `Number ${index}`,
		emailAddress: `contact${index}@synthetic.example`,
		isActive: 1,
	}),
};
