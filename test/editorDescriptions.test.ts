/**
 * What the n8n editor shows of each node before it runs: the node panel's entries and actions,
 * default node names, canvas subtitles, entity lists and Docs links. The n8n rules these follow
 * are quoted from n8n's sources where the test re-applies them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	INode,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
} from 'n8n-workflow';

import { AutotaskUserApi } from '../credentials/AutotaskUserApi.credentials';
import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { entityOptions, queryableEntities } from '../nodes/common/catalog';

const NODES: Record<string, INodeType> = {
	Autotask: new Autotask(),
	AutotaskClientPortalUser: new AutotaskClientPortalUser(),
	AutotaskResource: new AutotaskResource(),
	AutotaskTrigger: new AutotaskTrigger(),
};
const describe_ = (folder: string): INodeTypeDescription => NODES[folder].description;
const codexOf = (folder: string) =>
	JSON.parse(readFileSync(join(__dirname, '..', 'nodes', folder, `${folder}.node.json`), 'utf8')) as {
		node: string;
		categories: string[];
		alias?: string[];
		resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation: Array<{ url: string }> };
	};

/** The node's parameters as the editor sets them on a new node: every default. */
function defaults(description: INodeTypeDescription, chosen: INodeParameters = {}): INodeParameters {
	const node = { parameters: chosen, typeVersion: 1 } as never;
	return NodeHelpers.getNodeParameters(description.properties, chosen, true, false, node, description) ?? {};
}

/** Evaluates a subtitle with n8n's expression engine, over the node's parameters as the editor holds them. */
function subtitle(folder: string, chosen: INodeParameters): string {
	const type = NODES[folder];
	const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const node: INode = {
		id: 'n',
		name: 'Node',
		type: `n8n-nodes-autotask-psa.${type.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: defaults(type.description, chosen),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return String(workflow.expression.getSimpleParameterValue(node, String(type.description.subtitle), 'internal', {}));
}

describe('node panel', () => {
	it("groups the trigger with the generic node as n8n does an app and its trigger (n8n merges '<name>Trigger' into '<name>')", () => {
		expect(describe_('AutotaskTrigger').name.replace('Trigger', '')).toBe(describe_('Autotask').name);
		for (const folder of ['AutotaskClientPortalUser', 'AutotaskResource']) {
			expect(describe_(folder).name).not.toBe(describe_('AutotaskTrigger').name.replace('Trigger', ''));
		}
	});

	it('gives the merged entry (which n8n describes with the trigger description) a description of both', () => {
		const merged = describe_('AutotaskTrigger').description;
		expect(merged).toMatch(/^Read and write any Autotask record/);
		expect(merged).toMatch(/start workflows when records are created or changed/);
		expect(merged).not.toBe(describe_('Autotask').description);
		expect(describe_('AutotaskClientPortalUser').description).toMatch(/Client Portal/);
		expect(describe_('AutotaskResource').description).toMatch(/staff records \(Resources\)/);
	});

	it('lists every event, portal-access and resource events included, as trigger actions', () => {
		// n8n's node creator: the first property whose display name is "Event", "Events" or "Trigger On".
		const eventProperty = describe_('AutotaskTrigger').properties.find((property) =>
			['event', 'events', 'trigger on'].includes(property.displayName.toLowerCase()),
		);
		const actions = (eventProperty?.options as INodePropertyOptions[]).map((option) => option.action);
		expect(actions).toEqual([
			'On record created',
			'On record updated',
			'On record created or updated',
			'On client portal access granted',
			'On client portal access revoked',
			'On resource activated',
			'On resource deactivated',
		]);
	});

	it('an event picked from the panel needs no entity when it has its own', () => {
		const entity = describe_('AutotaskTrigger').properties.find((property) => property.name === 'entity');
		expect(entity?.displayOptions).toEqual({ show: { event: ['created', 'updated', 'createdOrUpdated'] } });
	});

	it('files all four nodes under the same categories, with search aliases', () => {
		const categories = Object.keys(NODES).map((folder) => codexOf(folder).categories);
		for (const each of categories) expect(each).toEqual(['Productivity', 'Communication']);
		for (const folder of Object.keys(NODES)) {
			expect(codexOf(folder).node).toBe(`n8n-nodes-autotask-psa.${describe_(folder).name}`);
			expect(codexOf(folder).alias).toEqual(expect.arrayContaining(['PSA', 'Datto', 'Kaseya']));
		}
	});
});

describe('default node names', () => {
	// n8n names a new node with NodeHelpers.makeNodeName: the chosen operation's action where the
	// operation belongs to a resource, else the node's default name (always so for triggers).
	it.each([
		['Autotask', {}, 'Get many records'],
		['Autotask', { operation: 'create' }, 'Create a record'],
		['AutotaskClientPortalUser', {}, 'Create a client portal user'],
		['AutotaskClientPortalUser', { operation: 'revokeAccess' }, 'Revoke portal access'],
		['AutotaskResource', {}, 'Get a resource'],
		['AutotaskTrigger', { event: 'accessGranted' }, 'Autotask Trigger'],
	])('%s %j is named "%s"', (folder, chosen, name) => {
		const description = describe_(folder);
		expect(NodeHelpers.makeNodeName(defaults(description, chosen), description)).toBe(name);
	});
});

describe('canvas subtitles', () => {
	it.each([
		['Autotask', { operation: 'getMany', entity: 'Tickets' }, 'Get Many: Tickets'],
		['Autotask', { operation: 'describe', entity: 'TicketNotes' }, 'Describe: TicketNotes'],
		['Autotask', { operation: 'create', entity: '' }, 'Create'],
		['AutotaskClientPortalUser', { operation: 'revokeAccess' }, 'Revoke Access'],
		['AutotaskClientPortalUser', { operation: 'getMany' }, 'Get Many'],
		['AutotaskResource', { operation: 'whoAmI' }, 'Who Am I'],
		['AutotaskTrigger', { event: 'updated', entity: 'Tickets' }, 'Record Updated: Tickets'],
		['AutotaskTrigger', { event: 'accessGranted', entity: 'Tickets' }, 'Portal Access Granted'],
		['AutotaskTrigger', { event: 'deactivated' }, 'Resource Deactivated'],
	])('%s %j shows "%s"', (folder, chosen, expected) => {
		expect(subtitle(folder, chosen)).toBe(expected);
	});
});

describe('entity lists', () => {
	it('the trigger and the generic node write entities the same way, from one builder', () => {
		const trigger = describe_('AutotaskTrigger').properties.find((property) => property.name === 'entity');
		expect(trigger?.options).toEqual(entityOptions(queryableEntities()));
		const actionTypes = entityOptions(queryableEntities()).find((option) => option.value === 'ActionTypes');
		expect(actionTypes?.name).toBe('Action Type (ActionTypes)');
		const notes = entityOptions(queryableEntities()).find((option) => option.value === 'TicketNotes');
		expect(notes).toMatchObject({ name: 'Ticket Note (TicketNotes)', description: 'Written under its Tickets record: Tickets/{ID}/Notes' });
	});
});

describe('Docs links', () => {
	/** GitHub's and npm's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
	const anchors = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
	const homepage = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { homepage: string }).homepage;

	it.each(Object.keys(NODES))("%s's Docs link is a section of this package's README on its homepage", (folder) => {
		const [primary] = codexOf(folder).resources.primaryDocumentation;
		const [credential] = codexOf(folder).resources.credentialDocumentation;
		for (const { url } of [primary, credential]) {
			const [page, anchor] = url.split('#');
			expect(page).toBe(homepage);
			expect(anchors).toContain(anchor);
		}
		expect(primary.url).not.toBe(credential.url);
	});

	it('the credential links to its README section too', () => {
		expect(new AutotaskUserApi().documentationUrl).toBe(codexOf('Autotask').resources.credentialDocumentation[0].url);
	});
});
