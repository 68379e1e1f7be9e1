import { fieldTable, picklist } from './fieldTable';
import { apiVendor } from './picklists';
import type { EntityDef } from './types';

/** Field names from the CompanyModel swagger (camelCased as on the wire); flags from the docs. */
const fields = fieldTable(
	`
	additionalAddressInformation            string    100  webhook
	address1                                string    128  webhook
	address2                                string    128  webhook
	alternatePhone1                         string    25   webhook
	alternatePhone2                         string    25   webhook
	apiVendorID                             integer   0    readOnly picklist:apiVendor
	assetValue                              decimal   0
	billingAddress1                         string    150
	billingAddress2                         string    150
	billToAdditionalAddressInformation      string    100
	billToAddressToUse                      integer   0    picklist
	billToAttention                         string    50
	billToCity                              string    50
	billToCompanyLocationID                 integer   0    ref:CompanyLocation
	billToCountryID                         integer   0    ref:Country
	billToState                             string    128
	billToZipCode                           string    10
	city                                    string    30   webhook
	classification                          integer   0    picklist webhook
	companyCategoryID                       integer   0    picklist webhook
	companyName                             string    100  required webhook
	companyNumber                           string    50   webhook
	companyType                             integer   0    required picklist webhook
	competitorID                            integer   0    picklist
	countryID                               integer   0    ref:Country webhook
	createDate                              datetime  0    readOnly
	createdByResourceID                     integer   0    readOnly ref:Resource
	currencyID                              integer   0    ref:Currency
	fax                                     string    25   webhook
	id                                      long      0    required readOnly
	impersonatorCreatorResourceID           integer   0    readOnly ref:Resource
	invoiceEmailMessageID                   integer   0    ref:InvoiceEmailMessage
	invoiceMethod                           integer   0    picklist
	invoiceNonContractItemsToParentCompany  boolean   0
	invoiceTemplateID                       integer   0    ref:InvoiceTemplate
	isActive                                boolean   0    webhook
	isClientPortalActive                    boolean   0    readOnly
	isEnabledForComanaged                   boolean   0
	isTaskFireActive                        boolean   0    readOnly
	isTaxExempt                             boolean   0
	lastActivityDate                        datetime  0    readOnly webhook
	lastTrackedModifiedDateTime             datetime  0    readOnly
	marketSegmentID                         integer   0    picklist webhook
	ownerResourceID                         integer   0    required ref:Resource webhook
	parentCompanyID                         integer   0    ref:Company webhook
	phone                                   string    25   required webhook
	postalCode                              string    10   webhook
	quoteEmailMessageID                     integer   0    ref:QuoteEmailMessage
	quoteTemplateID                         integer   0    ref:QuoteTemplate
	sicCode                                 string    32
	state                                   string    25   webhook
	stockMarket                             string    10
	stockSymbol                             string    10
	surveyCompanyRating                     decimal   0    readOnly
	taxID                                   string    50
	taxRegionID                             integer   0    ref:TaxRegion
	territoryID                             integer   0    picklist webhook
	webAddress                              string    255  webhook
	`,
	{
		apiVendor,
		billToAddressToUse: picklist([
			[1, 'Use Company Address'],
			[2, 'Use Other Address'],
		]),
		classification: picklist(
			[
				[100, 'Managed Services'],
				[101, 'Break-Fix'],
				[102, 'Project Only'],
			],
			{ isSystem: false },
		),
		companyCategoryID: picklist(
			[
				[1, 'Standard'],
				[2, 'Key Account'],
			],
			{ defaultValue: 1, isSystem: false },
		),
		companyType: picklist([
			[1, 'Customer'],
			[2, 'Lead'],
			[3, 'Prospect'],
			[4, 'Dead'],
			[6, 'Cancellation'],
			[7, 'Vendor'],
			[8, 'Partner'],
		]),
		competitorID: picklist([[1, 'Sample Competitor']], { isSystem: false }),
		invoiceMethod: picklist([
			[1, 'E-mail'],
			[2, 'Print'],
		]),
		marketSegmentID: picklist(
			[
				[1, 'Healthcare'],
				[2, 'Legal'],
				[3, 'Manufacturing'],
			],
			{ isSystem: false },
		),
		territoryID: picklist(
			[
				[1, 'North'],
				[2, 'South'],
			],
			{ isSystem: false },
		),
	},
);

/** Customer and other organisations. Create and update, never delete. */
export const companies: EntityDef = {
	name: 'Companies',
	singular: 'Company',
	fields,
	firstId: 174,
	writes: { create: true, update: true, delete: false },
	hasUserDefinedFields: true,
	supportsWebhookCallouts: true,
	audit: {
		createdAt: ['createDate'],
		modifiedAt: ['lastActivityDate', 'lastTrackedModifiedDateTime'],
		createdBy: ['createdByResourceID'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
	},
	defaults: {
		isActive: true,
		isClientPortalActive: false,
		isTaskFireActive: false,
		isEnabledForComanaged: false,
		isTaxExempt: false,
		invoiceNonContractItemsToParentCompany: false,
		companyCategoryID: 1,
	},
	synthesize: (index, { pickId }) => ({
		companyName: `Synthetic Company ${index}`,
		companyType: 1,
		phone: `555-01${String(index % 100).padStart(2, '0')}`,
		ownerResourceID: pickId('Resources', index),
	}),
};
