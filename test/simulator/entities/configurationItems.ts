import { fieldTable, picklist } from './fieldTable';
import { apiVendor, personType } from './picklists';
import type { EntityDef } from './types';

/**
 * Field names from the ConfigurationItemModel swagger; flags from the entity docs. The Datto and
 * RMM device-audit fields are filled by integrations and are read-only through the API.
 */
const fields = fieldTable(
	`
	apiVendorID                            integer   0     readOnly picklist:apiVendor
	companyID                              integer   0     required ref:Company webhook
	companyLocationID                      integer   0     ref:CompanyLocation
	configurationItemCategoryID            integer   0     picklist
	configurationItemType                  integer   0     picklist webhook
	contactID                              integer   0     ref:Contact webhook
	contractID                             integer   0     ref:Contract
	contractServiceBundleID                integer   0     ref:ContractServiceBundle
	contractServiceID                      integer   0     ref:ContractService
	createDate                             datetime  0     readOnly
	createdByPersonID                      integer   0     readOnly ref:Resource
	dailyCost                              decimal   0
	dattoAvailableKilobytes                long      0     readOnly
	dattoDeviceMemoryMegabytes             integer   0     readOnly
	dattoDrivesErrors                      boolean   0     readOnly
	dattoHostname                          string    100   readOnly
	dattoInternalIP                        string    100   readOnly
	dattoKernelVersionID                   integer   0     readOnly
	dattoLastCheckInDateTime               datetime  0     readOnly
	dattoNICSpeedKilobitsPerSecond         integer   0     readOnly
	dattoNumberOfAgents                    integer   0     readOnly
	dattoNumberOfDrives                    integer   0     readOnly
	dattoNumberOfVolumes                   integer   0     readOnly
	dattoOffsiteUsedBytes                  long      0     readOnly
	dattoOSVersionID                       integer   0     readOnly
	dattoPercentageUsed                    decimal   0     readOnly
	dattoProtectedKilobytes                long      0     readOnly
	dattoRemoteIP                          string    100   readOnly
	dattoSerialNumber                      string    100   readOnly
	dattoUptimeSeconds                     integer   0     readOnly
	dattoUsedKilobytes                     long      0     readOnly
	dattoZFSVersionID                      integer   0     readOnly
	deviceNetworkingID                     string    100
	hourlyCost                             decimal   0
	id                                     long      0     required readOnly
	impersonatorCreatorResourceID          integer   0     readOnly ref:Resource
	installDate                            datetime  0     webhook
	installedByContactID                   integer   0     ref:Contact
	installedByID                          integer   0     ref:Resource
	isActive                               boolean   0     required webhook
	lastActivityPersonID                   integer   0     readOnly ref:Resource
	lastActivityPersonType                 integer   0     readOnly picklist:personType
	lastModifiedTime                       datetime  0     readOnly
	location                               string    100   webhook
	monthlyCost                            decimal   0
	notes                                  string    5000  webhook
	numberOfUsers                          decimal   0
	parentConfigurationItemID              integer   0     ref:ConfigurationItem
	perUseCost                             decimal   0
	productID                              integer   0     required ref:Product webhook
	referenceNumber                        string    50    webhook
	referenceTitle                         string    200   webhook
	rmmDeviceAuditAntivirusStatusID        integer   0     readOnly
	rmmDeviceAuditArchitectureID           integer   0     readOnly
	rmmDeviceAuditBackupStatusID           integer   0     readOnly
	rmmDeviceAuditDescription              string    250   readOnly
	rmmDeviceAuditDeviceTypeID             integer   0     readOnly
	rmmDeviceAuditDisplayAdaptorID         integer   0     readOnly
	rmmDeviceAuditDomainID                 integer   0     readOnly
	rmmDeviceAuditExternalIPAddress        string    100   readOnly
	rmmDeviceAuditHostname                 string    100   readOnly
	rmmDeviceAuditIPAddress                string    100   readOnly
	rmmDeviceAuditLastUser                 string    100   readOnly
	rmmDeviceAuditMacAddress               string    100   readOnly
	rmmDeviceAuditManufacturerID           integer   0     readOnly
	rmmDeviceAuditMemoryBytes              long      0     readOnly
	rmmDeviceAuditMissingPatchCount        integer   0     readOnly
	rmmDeviceAuditMobileNetworkOperatorID  integer   0     readOnly
	rmmDeviceAuditMobileNumber             string    25    readOnly
	rmmDeviceAuditModelID                  integer   0     readOnly
	rmmDeviceAuditMotherboardID            integer   0     readOnly
	rmmDeviceAuditOperatingSystem          string    100   readOnly
	rmmDeviceAuditPatchStatusID            integer   0     readOnly
	rmmDeviceAuditProcessorID              integer   0     readOnly
	rmmDeviceAuditServicePackID            integer   0     readOnly
	rmmDeviceAuditSNMPContact              string    100   readOnly
	rmmDeviceAuditSNMPLocation             string    100   readOnly
	rmmDeviceAuditSNMPName                 string    100   readOnly
	rmmDeviceAuditSoftwareStatusID         integer   0     readOnly
	rmmDeviceAuditStorageBytes             long      0     readOnly
	rmmDeviceID                            long      0     readOnly
	rmmDeviceUID                           string    100   readOnly
	rmmOpenAlertCount                      integer   0     readOnly
	serialNumber                           string    100   webhook
	serviceBundleID                        integer   0     ref:ServiceBundle
	serviceID                              integer   0     ref:Service
	serviceLevelAgreementID                integer   0     ref:ServiceLevelAgreement
	setupFee                               decimal   0
	sourceChargeID                         integer   0     readOnly
	sourceChargeType                       integer   0     readOnly
	vendorID                               integer   0     ref:Company
	warrantyExpirationDate                 datetime  0     webhook
	`,
	{
		apiVendor,
		personType,
		configurationItemCategoryID: picklist([[1, 'Standard']], { defaultValue: 1, isSystem: false }),
		configurationItemType: picklist(
			[
				[1, 'Workstation'],
				[2, 'Server'],
				[3, 'Network Device'],
				[4, 'Printer'],
			],
			{ isSystem: false },
		),
	},
);

/** Assets (configuration items). Create and update, never delete. */
export const configurationItems: EntityDef = {
	name: 'ConfigurationItems',
	singular: 'ConfigurationItem',
	fields,
	firstId: 2901,
	writes: { create: true, update: true, delete: false },
	hasUserDefinedFields: true,
	supportsWebhookCallouts: true,
	audit: {
		createdAt: ['createDate'],
		modifiedAt: ['lastModifiedTime'],
		createdBy: ['createdByPersonID'],
		modifiedBy: ['lastActivityPersonID'],
		impersonatorOnCreate: 'impersonatorCreatorResourceID',
	},
	defaults: { lastActivityPersonType: 1, configurationItemCategoryID: 1 },
	synthesize: (index, { pickId }) => ({
		companyID: pickId('Companies', index),
		isActive: true,
		productID: 1000 + (index % 5),
		referenceTitle: `Synthetic device ${index}`,
		serialNumber: `SN-${String(index).padStart(8, '0')}`,
		configurationItemType: 1,
	}),
};
