import { messages } from '../errors';
import { fieldTable, picklist } from './fieldTable';
import type { EntityDef, WriteContext } from './types';

/** Taskfire security levels, fixed by Autotask: 4 = Resource (Taskfire), 5 = Administrator (Taskfire). */
export const TASKFIRE_SECURITY_LEVELS = [4, 5];

/**
 * Fields from the official entity page. dateFormat, timeFormat and numberFormat are INTEGER
 * picklists here (they are strings on Resources). The password is write-only and not queryable.
 */
const fields = fieldTable(
	`
	contactID             integer  0    required ref:Contact
	dateFormat            integer  0    required picklist
	id                    long     0    required readOnly
	isClientPortalActive  boolean  0    required
	numberFormat          integer  0    required picklist
	password              string   50   notQueryable writeOnly
	securityLevel         integer  0    required picklist
	timeFormat            integer  0    required picklist
	userName              string   200  required
	`,
	{
		// Only 4 and 5 are documented; the others are this tenant's own portal security levels.
		securityLevel: picklist(
			[
				[1, 'End User'],
				[2, 'Client Authorization Contact'],
				[3, 'Client Administrator'],
				[4, 'Resource (Taskfire)'],
				[5, 'Administrator (Taskfire)'],
				[6, 'Legacy Portal User'],
			],
			{ defaultValue: 1, inactive: [6], isSystem: false },
		),
		dateFormat: picklist(
			[
				[1, 'MM/dd/yyyy'],
				[2, 'dd/MM/yyyy'],
				[3, 'yyyy-MM-dd'],
				[4, 'dd.MM.yyyy'],
			],
			{ defaultValue: 1 },
		),
		timeFormat: picklist(
			[
				[1, 'hh:mm a'],
				[2, 'HH:mm'],
			],
			{ defaultValue: 1 },
		),
		numberFormat: picklist(
			[
				[1, 'X,XXX.XX'],
				[2, 'X.XXX,XX'],
			],
			{ defaultValue: 1 },
		),
	},
);

/** Official rules: printable characters except single quotes, 5-50 characters, no spaces. */
function passwordRule({ operation, writeOnly }: WriteContext): string[] {
	const password = writeOnly.password;
	if (password === undefined || password === null) {
		return operation === 'create' ? [messages.requiredField('password')] : [];
	}
	const text = String(password);
	const problems: string[] = [];
	if (text.length < 5 || text.length > 50) problems.push('The password must be between 5 and 50 characters long.');
	if (/\s/.test(text)) problems.push('The password cannot contain spaces.');
	if (text.includes("'")) problems.push('The password cannot contain single quotes.');
	if (/\p{C}/u.test(text)) problems.push('The password can contain printable characters only.');
	return problems;
}

function uniqueUserNameRule({ store, merged }: WriteContext): string[] {
	const userName = String(merged.userName ?? '').toLowerCase();
	const clash = store.findFirst(
		'ClientPortalUsers',
		(other) => other.id !== merged.id && String(other.userName).toLowerCase() === userName,
	);
	return clash
		? [`A ClientPortalUser already exists with userName [${merged.userName}]. ClientPortalUser userNames must be unique.`]
		: [];
}

function contactRule({ operation, store, current, merged }: WriteContext): string[] {
	if (operation === 'update') {
		return current && current.contactID !== merged.contactID ? ['contactID cannot be modified once created.'] : [];
	}
	const existing = store.findFirst('ClientPortalUsers', (other) => other.contactID === merged.contactID);
	return existing ? [`Contact [${merged.contactID}] already has a Client Portal user (id ${existing.id}).`] : [];
}

function taskfireRule({ store, merged }: WriteContext): string[] {
	if (!TASKFIRE_SECURITY_LEVELS.includes(merged.securityLevel as number)) return [];
	const contact = store.getRecord('Contacts', merged.contactID as number);
	const company = contact && store.getRecord('Companies', contact.companyID as number);
	return company?.isTaskFireActive
		? []
		: [
				'The ClientPortalUsers entity does not allow assignment of Taskfire securityLevel values to contacts that do not have Taskfire access.',
			];
}

/** Contacts with Client Access Portal access. Create, update and query; no delete, no timestamps. */
export const clientPortalUsers: EntityDef = {
	name: 'ClientPortalUsers',
	singular: 'ClientPortalUser',
	fields,
	firstId: 5001,
	writes: { create: true, update: true, delete: false },
	hasUserDefinedFields: false,
	supportsWebhookCallouts: false,
	audit: {},
	rules: [passwordRule, uniqueUserNameRule, contactRule, taskfireRule],
	synthesize: (index, { createRelated }) => ({
		contactID: createRelated('Contacts', index),
		userName: `portal.user${index}@synthetic.example`,
		securityLevel: 1,
		isClientPortalActive: index % 5 !== 0,
		dateFormat: 1,
		timeFormat: 1,
		numberFormat: 1,
	}),
};
