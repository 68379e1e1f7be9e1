import { picklist } from './fieldTable';

/** Picklists shared by several entities. */
export const greeting = picklist([
	[1, 'Mr.'],
	[2, 'Mrs.'],
	[3, 'Ms.'],
]);

export const emailType = picklist([
	['MOBILE', 'Mobile email service'],
	['PAGER', 'Pager e-mail address'],
	['PRIMARY', 'Primary e-mail address'],
	['SECONDARY', 'Secondary e-mail address'],
	['SMS', 'SMS text messaging address'],
]);

export const personType = picklist([
	[1, 'Resource'],
	[2, 'Contact'],
]);

/** Some picklists exist in the metadata with no values at all (Contacts.nameSuffix). */
export const emptyPicklist = picklist([]);

/** API vendors are tenant data (263 in the real capture); a few stand in for them. */
export const apiVendor = picklist(
	[
		[1, 'Sample RMM Vendor'],
		[2, 'Sample Backup Vendor'],
		[3, 'Sample Documentation Vendor'],
	],
	{ isSystem: false },
);

export const thermometerRating = picklist([
	[1, 'Happy'],
	[2, 'Neutral'],
	[3, 'Unhappy'],
]);
