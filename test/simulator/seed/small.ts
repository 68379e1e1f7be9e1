import type { NewApiUser } from '../auth/apiUsers';
import { picklist } from '../entities/fieldTable';
import type { Store } from '../store/store';

const DAY = 86_400_000;

/**
 * A small, deterministic tenant: five companies (one with Taskfire, one without, one inactive),
 * twenty contacts, ten portal users (active and revoked, two Taskfire levels), staff resources
 * incl. a second, non-admin API user, and some tickets, notes, projects, tasks, time entries and
 * configuration items, plus UDF definitions. History is replayed on the clock so records carry
 * realistic, distinct timestamps, except a few created in the same instant on purpose.
 * All names are invented.
 */
export function seedSmall(store: Store, addApiUser: (user: NewApiUser) => number): void {
	const { clock } = store;
	const start = clock.now().getTime();
	const at = (daysAgo: number, minutes = 0) => clock.set(new Date(start - daysAgo * DAY + minutes * 60_000).toISOString());
	const insert = (entity: string, values: Record<string, unknown>, by?: number) =>
		store.insert(entity, values, { by, recordChange: false }).id as number;

	defineUdfs(store);

	at(400);
	addApiUser({
		userName: 'sim.limited@sandbox.example',
		secret: 'sandbox-limited-secret',
		integrationCode: 'SIMULATORINTEGRATIONCODE002',
		resourceAdmin: false,
	});
	const staff = [
		['Sam', 'Sample', 'Service Manager'],
		['Taylor', 'Tester', 'Technician'],
		['Casey', 'Demo', 'Technician'],
		['Jordan', 'Example', 'Dispatcher'],
		['Riley', 'Placeholder', 'Project Manager'],
		['Morgan', 'Mockup', 'Former Technician'],
	].map(([firstName, lastName, title], index) =>
		insert(
			'Resources',
			{
				firstName,
				lastName,
				title,
				userName: `${firstName}.${lastName}`.toLowerCase(),
				email: `${firstName}.${lastName}@sandbox-msp.example`.toLowerCase(),
				hireDate: new Date(start - (900 - index * 100) * DAY),
				isActive: index !== 5,
				licenseType: index === 0 ? 1 : 3,
				userType: index === 0 ? 1 : 2,
			},
		),
	);
	const [manager, tech1, tech2, dispatcher, projectLead] = staff;

	at(300);
	const companySpecs = [
		{ companyName: 'Acme Managed Client', isTaskFireActive: true, isClientPortalActive: true, ranking: 'Golden' },
		{ companyName: 'Globex Sample Ltd', isTaskFireActive: false, isClientPortalActive: true, ranking: 'Silver' },
		{ companyName: 'Initech Demo Inc', isTaskFireActive: false, isClientPortalActive: false, ranking: 'Bronze' },
		{ companyName: 'Umbrella Test Co', isTaskFireActive: false, isClientPortalActive: false, ranking: null, isActive: false },
		{ companyName: 'Hooli Prospect LLC', isTaskFireActive: false, isClientPortalActive: false, ranking: null, companyType: 3 },
	];
	const companies = companySpecs.map(({ ranking, ...spec }, index) => {
		at(300 - index * 10);
		return insert(
			'Companies',
			{
				companyType: 1,
				phone: `555-010${index}`,
				ownerResourceID: manager,
				city: ['Springfield', 'Riverton', 'Lakeside', 'Hill Valley', 'Fairview'][index],
				userDefinedFields: [
					{ name: 'Customer Ranking', value: ranking },
					{ name: 'Managed Services', value: ['BACKUP,M365', 'SEC', null, null, null][index] },
				],
				...spec,
			},
			manager,
		);
	});

	const firstNames = ['Avery', 'Blake', 'Cameron', 'Dakota', 'Emerson', 'Finley', 'Harper', 'Jamie', 'Kendall', 'Logan'];
	const lastNames = ['Sample', 'Example', 'Tester', 'Demo', 'Mock'];
	const channels = ['Email', 'Phone', 'Portal', null];
	const contacts: number[] = [];
	for (let index = 0; index < 20; index++) {
		// Contacts 10-12 are created in the same instant, like a bulk import.
		at(200 - Math.min(index, 10) * 5, index >= 10 && index <= 12 ? 0 : index);
		const firstName = firstNames[index % firstNames.length];
		const lastName = lastNames[Math.floor(index / 4) % lastNames.length];
		const companyID = companies[index % 4];
		contacts.push(
			insert(
				'Contacts',
				{
					companyID,
					firstName,
					lastName,
					emailAddress: `${firstName}.${lastName}${index}@client${index % 4}.example`.toLowerCase(),
					phone: `555-02${String(index).padStart(2, '0')}`,
					isActive: index === 7 ? 0 : 1,
					primaryContact: index < 4,
					userDefinedFields: [{ name: 'Preferred Channel', value: channels[index % channels.length] }],
				},
				dispatcher,
			),
		);
	}

	// Portal users: contacts 0, 4, 8, 12, 16 are at Acme (Taskfire), 1, 5, 9, 13, 17 at Globex.
	const portalSpecs: Array<[number, number, boolean]> = [
		[0, 5, true],
		[4, 4, true],
		[8, 1, true],
		[12, 2, false],
		[16, 1, true],
		[1, 3, true],
		[5, 1, false],
		[9, 1, true],
		[13, 2, true],
		[17, 1, false],
	];
	portalSpecs.forEach(([contactIndex, securityLevel, isClientPortalActive], index) => {
		at(150 - index * 3);
		const contact = store.getRecord('Contacts', contacts[contactIndex])!;
		insert(
			'ClientPortalUsers',
			{
				contactID: contact.id,
				userName: contact.emailAddress,
				securityLevel,
				isClientPortalActive,
				dateFormat: 1 + (index % 2),
				timeFormat: 1 + (index % 2),
				numberFormat: 1,
			},
			manager,
		);
	});

	const ticketSpecs = [
		{ title: 'Laptop will not boot', issueType: 1, subIssueType: 11, status: 1, priority: 1 },
		{ title: 'Printer offline on floor 2', issueType: 1, subIssueType: 12, status: 8, priority: 2 },
		{ title: 'Mailbox full warning', issueType: 2, subIssueType: 21, status: 5, priority: 3 },
		{ title: 'VPN drops every hour', issueType: 3, subIssueType: 31, status: 8, priority: 1 },
		{ title: 'New starter setup', issueType: 2, subIssueType: 22, status: 1, priority: 2 },
		{ title: 'Wi-Fi slow in meeting room', issueType: 3, subIssueType: 32, status: 7, priority: 3 },
		{ title: 'Backup job failed', issueType: null, subIssueType: null, status: 1, priority: 4 },
		{ title: 'Quote for new firewall', issueType: null, subIssueType: null, status: 1, priority: 3 },
	];
	const tickets = ticketSpecs.map((spec, index) => {
		// Tickets 6 and 7 are created in the same instant (a monitoring alert and its twin).
		at(60 - Math.min(index, 6) * 7);
		return insert(
			'Tickets',
			{
				...spec,
				companyID: companies[index % 3],
				contactID: contacts[(index % 3) + 4],
				queueID: 29682833,
				assignedResourceID: index % 2 === 0 ? tech1 : tech2,
				assignedResourceRoleID: 29683000,
				description: `Reported by the customer: ${spec.title.toLowerCase()}.`,
				source: 2,
				userDefinedFields: [{ name: 'Escalation Level', value: index % 3 }],
			},
			dispatcher,
		);
	});

	tickets.slice(0, 6).forEach((ticketID, index) => {
		at(10 - index, 30);
		insert(
			'TicketNotes',
			{ ticketID, title: 'Update', description: `Worked on the issue, step ${index + 1}.`, noteType: 1, publish: 1 },
			index % 2 === 0 ? tech1 : tech2,
		);
	});

	at(90);
	const projects = ['Office move', 'Server refresh'].map((projectName, index) =>
		insert(
			'Projects',
			{
				projectName,
				companyID: companies[index],
				projectType: 5,
				status: 2,
				startDateTime: new Date(start - 60 * DAY),
				endDateTime: new Date(start + 60 * DAY),
				projectLeadResourceID: projectLead,
			},
			projectLead,
		),
	);
	['Plan the cabling', 'Order hardware', 'Install servers', 'Migrate data'].forEach((title, index) => {
		at(80 - index * 5);
		insert(
			'Tasks',
			{ title, projectID: projects[index < 2 ? 0 : 1], status: index === 0 ? 5 : 1, taskType: 1, assignedResourceID: tech1, assignedResourceRoleID: 29683000 },
			projectLead,
		);
	});

	tickets.slice(0, 5).forEach((ticketID, index) => {
		at(9 - index);
		insert(
			'TimeEntries',
			{ ticketID, resourceID: index % 2 === 0 ? tech1 : tech2, dateWorked: new Date(start - (9 - index) * DAY), hoursWorked: 0.5 + index * 0.25, timeEntryType: 2, summaryNotes: 'Diagnosis and fix.' },
			index % 2 === 0 ? tech1 : tech2,
		);
	});

	['ACME-LAPTOP-01', 'ACME-SRV-01', 'GLOBEX-FW-01', 'INITECH-PRN-01'].forEach((referenceTitle, index) => {
		at(120 - index * 10);
		insert(
			'ConfigurationItems',
			{
				referenceTitle,
				companyID: companies[index < 2 ? 0 : index - 1],
				isActive: true,
				productID: 1000 + index,
				configurationItemType: [1, 2, 3, 4][index],
				serialNumber: `SN-SMALL-${index + 1}`,
				installDate: new Date(start - (400 - index * 30) * DAY),
				userDefinedFields: [{ name: 'Warranty Provider', value: index % 2 === 0 ? 'Vendor Care' : null }],
			},
			manager,
		);
	});

	clock.set(new Date(start).toISOString());
}

/** The tenant's user-defined fields; names contain spaces, as real ones often do. */
function defineUdfs(store: Store): void {
	store.defineUdf('Companies', {
		name: 'Customer Ranking',
		type: 'string',
		description: 'How valuable the customer is to the MSP.',
		picklistValues: picklist(
			[
				['Golden', 'Golden'],
				['Silver', 'Silver'],
				['Bronze', 'Bronze'],
			],
			{ isSystem: false },
		),
	});
	store.defineUdf('Companies', {
		name: 'Managed Services',
		type: 'string',
		length: 8000,
		description: 'The services the MSP manages for the customer (a multi-select list).',
		isMultiSelect: true,
		picklistValues: picklist(
			[
				['BACKUP', 'Managed Backup'],
				['M365', 'Microsoft 365'],
				['SEC', 'Security Monitoring'],
				['VOIP', 'Hosted VoIP'],
				['FAX', 'Fax Gateway'],
			],
			{ isSystem: false, inactive: ['FAX'] },
		),
	});
	store.defineUdf('Contacts', { name: 'Preferred Channel', type: 'string' });
	store.defineUdf('Tickets', { name: 'Escalation Level', type: 'integer' });
	store.defineUdf('ConfigurationItems', { name: 'Warranty Provider', type: 'string', length: 200 });
}
