import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { registerNodeType, registerPackageNode, runWorkflow, shutdownHarness } from './harness';
import type { WorkflowJson } from './harness';
import { credentialsFor, useSimulator } from './helpers/simulatorSetup';

registerPackageNode(new AutotaskClientPortalUser());
registerPackageNode(new AutotaskResource());

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

it('every example uses only this package and n8n built-ins, with credentials by reference', () => {
	const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));
	expect(files.length).toBeGreaterThanOrEqual(3);
	for (const file of files) {
		for (const node of example(file).nodes) {
			expect(node.type).toMatch(/^(n8n-nodes-base|n8n-nodes-autotask-psa)\./);
			if (node.type.startsWith('n8n-nodes-autotask-psa.')) expect(node.credentials?.autotaskUserApi).toBeDefined();
		}
	}
});

it('onboards a new contact to the Client Portal', async () => {
	const contact = sim().store.all('Contacts').find((candidate) => candidate.emailAddress === 'cameron.sample2@client2.example')!;
	const result = await run('onboard-contact-to-client-portal.json');
	const [user] = result.output('Give Portal Access').map((item) => item.json);
	expect(user).toMatchObject({
		contactID: contact.id,
		userName: 'cameron.sample2@client2.example',
		securityLevel: 1,
		securityLevel_label: 'End User',
		status: 'ACTIVE',
	});
	expect(sim().store.all('ClientPortalUsers').some((candidate) => candidate.contactID === contact.id)).toBe(true);
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
