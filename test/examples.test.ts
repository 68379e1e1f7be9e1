import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { MANUAL_TRIGGER, buildNode, chain, registerNodeType, registerPackageNode, runWorkflow, shutdownHarness } from './harness';
import type { WorkflowJson } from './harness';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

registerPackageNode(new Autotask());
registerPackageNode(new AutotaskClientPortalUser());
registerPackageNode(new AutotaskResource());
registerPackageNode(new AutotaskTrigger());

/** Test stand-in for n8n's Split Out node: one item per element of `fieldToSplitOut`. */
class SplitOutStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Split Out',
		name: 'splitOut',
		group: ['transform'],
		version: 1,
		description: 'Test stand-in for n8n-nodes-base.splitOut',
		defaults: { name: 'Split Out' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Field To Split Out', name: 'fieldToSplitOut', type: 'string', default: '' },
			{ displayName: 'Include', name: 'include', type: 'string', default: 'noOtherFields' },
			{ displayName: 'Options', name: 'options', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().flatMap((item, itemIndex) => {
				const field = this.getNodeParameter('fieldToSplitOut', itemIndex) as string;
				const values = item.json[field];
				if (!Array.isArray(values)) throw new NodeOperationError(this.getNode(), `${field} is not a list`);
				return values.map((json) => ({ json: json as IDataObject, pairedItem: { item: itemIndex } }));
			}),
		];
	}
}
registerNodeType('n8n-nodes-base.splitOut', new SplitOutStandIn());

/** Test stand-in for n8n's Send Email node: the examples ship it disabled, so it must never run. */
class SendEmailStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Send Email',
		name: 'emailSend',
		group: ['output'],
		version: [2, 2.1],
		description: 'Test stand-in for n8n-nodes-base.emailSend',
		defaults: { name: 'Send Email' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'From Email', name: 'fromEmail', type: 'string', default: '' },
			{ displayName: 'To Email', name: 'toEmail', type: 'string', default: '' },
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
			{ displayName: 'Email Format', name: 'emailFormat', type: 'string', default: 'text' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{ displayName: 'Options', name: 'options', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Send Email ran although the example ships it disabled');
	}
}
registerNodeType('n8n-nodes-base.emailSend', new SendEmailStandIn());

const EXAMPLES = join(__dirname, '..', 'examples');

function example(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as WorkflowJson;
}

const sim = useSimulator({ seed: 'small', perTest: true });
afterAll(shutdownHarness);

async function run(file: string) {
	const result = await runWorkflow(example(file), { credentials: credentialsFor(sim()) });
	if (result.status !== 'success') throw new Error(`${file} failed: ${result.error?.message} (${result.error?.description})`);
	return result;
}

/** The one node from outside this package and n8n-nodes-base an example may use. */
const MCP_TRIGGER = '@n8n/n8n-nodes-langchain.mcpTrigger';

it('every example uses only this package and n8n built-ins, with credentials by reference', () => {
	const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));
	expect(files.length).toBeGreaterThanOrEqual(4);
	for (const file of files) {
		for (const node of example(file).nodes) {
			if (node.type !== MCP_TRIGGER) expect(node.type).toMatch(/^(n8n-nodes-base|n8n-nodes-autotask-psa)\./);
			if (node.type.startsWith('n8n-nodes-autotask-psa.')) expect(node.credentials?.autotaskUserApi).toBeDefined();
		}
	}
});

describe('onboarding: Autotask Trigger (new Contact) -> Create Portal User -> Grant Access (if it already had one) -> Send Email', () => {
	const FILE = 'onboard-contact-to-client-portal.json';

	/** A contact created just now: the newest, so the trigger's test event (Test workflow) returns it. */
	function addContact() {
		return sim().store.insert('Contacts', {
			companyID: 175,
			firstName: 'Robin',
			lastName: 'Newhire',
			emailAddress: 'robin.newhire@globex.example',
			isActive: 1,
		});
	}
	const portalUsersOf = (contactId: unknown) =>
		sim()
			.store.all('ClientPortalUsers')
			.filter((user) => user.contactID === contactId);

	it('tells the README story: polling trigger on created Contacts, End User, Send Email shipped disabled', () => {
		const workflow = example(FILE);
		const byType = (type: string) => workflow.nodes.filter((node) => node.type === type);
		const [trigger] = byType('n8n-nodes-autotask-psa.autotaskTrigger');
		expect(trigger.parameters).toMatchObject({ entity: 'Contacts', event: 'created' });
		const [create] = byType('n8n-nodes-autotask-psa.autotaskClientPortalUser').filter((node) => node.parameters.operation === 'create');
		expect(create.parameters.securityLevel).toBe('End User');
		expect(create.onError).toBe('continueRegularOutput');
		const [email] = byType('n8n-nodes-base.emailSend');
		expect(email.disabled).toBe(true);
		expect(workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger')).toBe(false);
	});

	it('creates the login for a contact without one, and a second run passes it through instead of failing', async () => {
		const contact = addContact();
		const first = await run(FILE);
		expect(first.output('New Contact').map((item) => item.json.id)).toEqual([contact.id]);
		expect(first.output('Create Portal User').map((item) => item.json)).toEqual([
			expect.objectContaining({ contactID: contact.id, userName: contact.emailAddress, securityLevel_label: 'End User', status: 'ACTIVE' }),
		]);
		expect(first.output('Make Sure It Has Access').map((item) => item.json)).toEqual([
			expect.objectContaining({ contactID: contact.id, status: 'ACTIVE' }),
		]);
		expect(portalUsersOf(contact.id)).toHaveLength(1);

		const second = await run(FILE);
		expect(second.output('Create Portal User').map((item) => item.json.error)).toEqual([
			expect.stringMatching(/^Robin Newhire \(contact \d+\) already has a client portal user/),
		]);
		expect(second.output('Make Sure It Has Access').map((item) => item.json)).toEqual([
			expect.objectContaining({ contactID: contact.id, status: 'ACTIVE' }),
		]);
		expect(second.output('Send Welcome Email')).toHaveLength(1);
		expect(portalUsersOf(contact.id)).toHaveLength(1);
	});

	it('lets a contact whose portal user was revoked in again', async () => {
		const contact = addContact();
		await run(FILE);
		const [user] = portalUsersOf(contact.id);
		sim().store.update('ClientPortalUsers', user.id as number, { isClientPortalActive: false });

		const again = await run(FILE);
		expect(again.output('Make Sure It Has Access').map((item) => item.json)).toEqual([
			expect.objectContaining({ id: user.id, status: 'ACTIVE' }),
		]);
		expect(sim().store.get('ClientPortalUsers', user.id as number)!.isClientPortalActive).toBe(true);
	});
});

it('offboards a company: revokes every portal user, and can run again', async () => {
	const globexContacts = new Set(
		sim().store.all('Contacts').filter((contact) => contact.companyID === 175).map((contact) => contact.id),
	);
	const globexUsers = () => sim().store.all('ClientPortalUsers').filter((user) => globexContacts.has(user.contactID));
	const activeBefore = globexUsers().filter((user) => user.isClientPortalActive === true);
	expect(activeBefore.length).toBeGreaterThan(1);

	const result = await run('offboard-company-revoke-portal-access.json');
	const revoked = result.output('Revoke Access').map((item) => item.json);
	expect(revoked.map((user) => user.id).sort()).toEqual(activeBefore.map((user) => user.id).sort());
	expect(revoked.every((user) => user.status === 'TERMINATED')).toBe(true);
	expect(globexUsers().every((user) => user.isClientPortalActive === false)).toBe(true);
	// Other companies keep their access.
	expect(sim().store.all('ClientPortalUsers').some((user) => user.isClientPortalActive === true)).toBe(true);

	// Nothing is left to revoke: the list is empty and the run still succeeds.
	const again = await run('offboard-company-revoke-portal-access.json');
	expect(again.output('Active Portal Users Of Company')).toHaveLength(0);
});

it('syncs staff details from spreadsheet rows', async () => {
	const result = await run('sync-resources-from-spreadsheet.json');
	const updated = result.output('Update Resource').map((item) => item.json);
	expect(updated).toEqual([
		expect.objectContaining({ userName: 'taylor.tester', title: 'Service Desk Lead', officePhone: '+1 555 0101', mobilePhone: '+1 555 0191' }),
		expect.objectContaining({ userName: 'casey.demo', title: 'Field Engineer', officePhone: '+1 555 0102', mobilePhone: '+1 555 0192' }),
	]);
	const casey = sim().store.all('Resources').find((resource) => resource.userName === 'casey.demo')!;
	expect(casey.title).toBe('Field Engineer');
	// Two PATCHes and one query re-reading both.
	expect(sim().counters.byKind.update).toBe(2);
});

describe('Autotask tools for AI assistants (MCP Server Trigger)', () => {
	// n8n's MCP Server Trigger (from @n8n/n8n-nodes-langchain) does not run in this harness; the
	// real-n8n spec test/e2e/65-mcp-tools.e2e.js connects an MCP client to it. Here every tool node
	// runs as the node it is derived from, with the arguments an assistant would send written in
	// place of its $fromAI calls, so each tool's parameters are proven against the simulator.
	const workflow = example('autotask-tools-for-ai-assistants.json');
	const trigger = workflow.nodes.find((node) => node.type === MCP_TRIGGER)!;
	const tools = workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-autotask-psa.'));
	const FROM_AI = /\$fromAI\('([^']+)', '([^']*)'(?:, '[^']*')?\)/g;

	function strings(value: unknown): string[] {
		if (typeof value === 'string') return [value];
		return value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
	}

	function fromAiCalls(tool: INode): Array<{ key: string; description: string }> {
		return strings(tool.parameters).flatMap((text) =>
			[...text.matchAll(FROM_AI)].map(([, key, description]) => ({ key, description })),
		);
	}

	/** The tool node as its plain node, each `$fromAI('key', ...)` replaced by `args.key` as a literal. */
	function asPlainNode(tool: INode, args: IDataObject): INode {
		const text = JSON.stringify(tool.parameters).replace(FROM_AI, (_, key: string) => {
			if (!(key in args)) throw new Error(`${tool.name}: no argument for ${key}`);
			return JSON.stringify(JSON.stringify(args[key])).slice(1, -1);
		});
		const { descriptionType, toolDescription, ...parameters } = JSON.parse(text) as IDataObject;
		void descriptionType;
		void toolDescription;
		return { ...tool, type: tool.type.replace(/Tool$/, ''), parameters: parameters as INodeParameters };
	}

	async function callTool(name: string, args: IDataObject = {}) {
		const tool = tools.find((node) => node.name === name)!;
		const start = buildNode(MANUAL_TRIGGER, {}, { name: 'Start' });
		const result = await runWorkflow(chain([start, asPlainNode(tool, args)]), { credentials: credentialsFor(sim()) });
		return { result, json: () => result.output(name).map((item) => item.json) };
	}

	function revokedPortalUser() {
		const user = sim().store.all('ClientPortalUsers').find((candidate) => candidate.isClientPortalActive === false)!;
		const contact = sim().store.get('Contacts', user.contactID as number)!;
		return { user, contact };
	}

	it('attaches eight tool nodes to a token-protected MCP Server Trigger, each with a description naming its inputs', () => {
		expect(trigger.parameters.authentication).toBe('bearerAuth');
		expect(tools.map((tool) => tool.name).sort()).toEqual(
			[
				'add_ticket_note',
				'create_portal_user',
				'find_contacts',
				'get_resource_by_email',
				'grant_portal_access',
				'query_company_tickets',
				'revoke_portal_access',
				'who_am_i',
			],
		);
		for (const tool of tools) {
			expect(tool.type).toMatch(/^n8n-nodes-autotask-psa\.(autotask|autotaskClientPortalUser|autotaskResource)Tool$/);
			expect(workflow.connections[tool.name]).toEqual({ ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] });
			expect(tool.parameters.descriptionType).toBe('manual');
			const description = String(tool.parameters.toolDescription);
			expect(description.length).toBeGreaterThan(100);
			expect(description).toMatch(/Returns/);
			for (const { key, description: inputDescription } of fromAiCalls(tool)) {
				expect(key).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
				expect(inputDescription.length).toBeGreaterThanOrEqual(20);
				expect(description).toContain(key);
			}
		}
	});

	it('find_contacts finds a contact by e-mail (any case) and by part of a name', async () => {
		const { contact } = revokedPortalUser();
		const byEmail = await callTool('find_contacts', { search: String(contact.emailAddress).toUpperCase() });
		expect(byEmail.json()).toEqual([
			{
				id: contact.id,
				firstName: contact.firstName,
				lastName: contact.lastName,
				emailAddress: contact.emailAddress,
				companyID: contact.companyID,
				isActive: contact.isActive,
			},
		]);
		const byName = await callTool('find_contacts', { search: contact.lastName as string });
		expect(byName.json().map((found) => found.id)).toContain(contact.id);
	});

	it('grant_portal_access and revoke_portal_access switch the portal user of the contact with that e-mail', async () => {
		const { user, contact } = revokedPortalUser();
		const granted = await callTool('grant_portal_access', { contactEmail: contact.emailAddress as string });
		expect(granted.json()).toEqual([expect.objectContaining({ id: user.id, contactID: contact.id, status: 'ACTIVE' })]);
		expect(sim().store.get('ClientPortalUsers', user.id as number)!.isClientPortalActive).toBe(true);

		const revoked = await callTool('revoke_portal_access', { contactEmail: contact.emailAddress as string });
		expect(revoked.json()).toEqual([expect.objectContaining({ id: user.id, status: 'TERMINATED' })]);
		expect(sim().store.get('ClientPortalUsers', user.id as number)!.isClientPortalActive).toBe(false);
	});

	it('create_portal_user creates a login for a contact by e-mail, security level by name', async () => {
		const withLogin = new Set(sim().store.all('ClientPortalUsers').map((user) => user.contactID));
		const contact = sim()
			.store.all('Contacts')
			.find((candidate) => !withLogin.has(candidate.id) && candidate.isActive === 1)!;
		const created = await callTool('create_portal_user', {
			contactEmail: contact.emailAddress as string,
			securityLevel: 'End User',
		});
		expect(created.json()).toEqual([
			expect.objectContaining({ contactID: contact.id, userName: contact.emailAddress, securityLevel_label: 'End User', status: 'ACTIVE' }),
		]);
		expect(created.json()[0].password).toBeUndefined();
	});

	it('query_company_tickets returns the company tickets matching the conditions, picklists by label', async () => {
		const ticket = sim().store.all('Tickets').find((candidate) => candidate.status === 1)!;
		const expected = sim()
			.store.all('Tickets')
			.filter((candidate) => candidate.companyID === ticket.companyID && candidate.status === 1)
			.map((candidate) => candidate.id);
		const found = await callTool('query_company_tickets', {
			companyId: ticket.companyID as number,
			conditions: [{ op: 'eq', field: 'status', value: 'New' }],
		});
		expect(found.json().map((item) => item.id).sort()).toEqual(expected.sort());
		expect(found.json().every((item) => item.status_label === 'New' && item.companyID === ticket.companyID)).toBe(true);
	});

	it('add_ticket_note writes the note under the ticket', async () => {
		const ticket = sim().store.all('Tickets')[0];
		const added = await callTool('add_ticket_note', { ticketId: ticket.id as number, title: 'Called the customer', text: 'Works again.' });
		expect(added.json()).toEqual([expect.objectContaining({ ticketID: ticket.id, title: 'Called the customer', description: 'Works again.' })]);
	});

	it('who_am_i and get_resource_by_email return the API user', async () => {
		const me = (await callTool('who_am_i')).json()[0];
		expect(me.id).toBe(sim().users.default.resourceId);
		const byEmail = await callTool('get_resource_by_email', { email: me.email as string });
		expect(byEmail.json()[0].id).toBe(me.id);
	});

	it('an unknown security level is refused naming the field, with the levels to choose from', async () => {
		const { contact } = revokedPortalUser();
		const { result } = await callTool('create_portal_user', { contactEmail: contact.emailAddress as string, securityLevel: 'Superuser' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Superuser" is not a value of picklist field "securityLevel"');
		expect(result.error?.description).toContain('End User');
	});

	it('a malformed e-mail is refused with one line naming the input and the rule', async () => {
		const { result } = await callTool('grant_portal_access', { contactEmail: 'jane-at-client' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Contact e-mail "jane-at-client" is not an e-mail address');
	});
});
