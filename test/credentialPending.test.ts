/**
 * A node added from the editor's panel asks for its dropdowns, searchable lists and field mappers
 * before the editor attaches the only credential of the type (issue 16, point 1). Every such
 * method of every node the package declares must then answer empty instead of failing; the table
 * is built from package.json, so a new node or method without the guard fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INode, INodeCredentials, INodeType } from 'n8n-workflow';

import { CREDENTIAL_PENDING_NOTICE } from '../nodes/common/credentialPending';

const REPO = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };

/** The node classes package.json declares, loaded from their TypeScript sources. */
const nodeTypes: Array<[string, INodeType]> = manifest.n8n.nodes.map((file) => {
	const source = join(REPO, file.replace(/^dist\//, '').replace(/\.js$/, ''));
	const exported = require(source) as Record<string, new () => INodeType>;
	const [className, NodeClass] = Object.entries(exported).find(([, value]) => typeof value === 'function') ?? [];
	if (!className || !NodeClass) throw new Error(`${file} exports no node class`);
	return [className, new NodeClass()];
});

type Kind = 'loadOptions' | 'listSearch' | 'resourceMapping';
const KINDS: Kind[] = ['loadOptions', 'listSearch', 'resourceMapping'];

/** Methods that read only the package's own catalog: they answer in full without a credential. */
const CATALOG_ONLY = new Set(['Autotask.loadOptions.getEntities']);

/** Parameters that take every method past its "nothing chosen yet" answer to the point where it needs the tenant. */
const PARAMETERS: Record<string, unknown> = {
	operation: 'update',
	entity: 'Tickets',
	event: 'recordCreatedOrUpdated',
	'&field': 'status',
};

const CREDENTIAL: INodeCredentials = { autotaskUserApi: { id: '1', name: 'Autotask sandbox' } };

/** A load-options context like n8n's for the temporary node it builds from the editor's request. */
function loadOptionsContext(type: string, credentials: INodeCredentials | undefined) {
	const calls: string[] = [];
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...(credentials ? { credentials } : {}),
	};
	const refuse = (what: string) => {
		calls.push(what);
		// what n8n-core answers when the request carried no credential
		throw new NodeOperationError(node, 'Node does not have any credentials set');
	};
	const ctx = {
		getNode: () => node,
		getCurrentNodeParameter: (name: string) => PARAMETERS[name],
		getCurrentNodeParameters: () => PARAMETERS,
		getNodeParameter: (name: string, fallback?: unknown) => PARAMETERS[name] ?? fallback,
		getCredentials: async () => refuse('getCredentials'),
		helpers: {
			httpRequest: async () => refuse('httpRequest'),
			httpRequestWithAuthentication: async () => refuse('httpRequestWithAuthentication'),
			requestWithAuthentication: async () => refuse('requestWithAuthentication'),
		},
	} as unknown as ILoadOptionsFunctions;
	return { ctx, calls };
}

const table = nodeTypes.flatMap(([className, nodeType]) =>
	KINDS.flatMap((kind) =>
		Object.keys((nodeType.methods?.[kind] ?? {}) as Record<string, unknown>).map(
			(method) => [`${className}.${kind}.${method}`, nodeType, kind, method] as const,
		),
	),
);

type AnyMethod = (this: ILoadOptionsFunctions, ...args: unknown[]) => Promise<unknown>;
const methodOf = (nodeType: INodeType, kind: Kind, method: string) =>
	(nodeType.methods?.[kind] as Record<string, AnyMethod>)[method];

describe('editor methods before the credential is attached', () => {
	it('covers every node package.json declares, and the methods each has', () => {
		expect(nodeTypes.map(([name]) => name).sort()).toEqual(
			['Autotask', 'AutotaskAttachment', 'AutotaskClientPortalUser', 'AutotaskResource', 'AutotaskTrigger', 'AutotaskWebhookTrigger'].sort(),
		);
		expect(table.length).toBeGreaterThanOrEqual(20);
		for (const kind of KINDS) expect(table.some(([, , k]) => k === kind)).toBe(true);
	});

	it.each(table)('%s answers empty without asking for the credential', async (label, nodeType, kind, method) => {
		const { ctx, calls } = loadOptionsContext(nodeType.description.name, undefined);
		const result = await methodOf(nodeType, kind, method).call(ctx, '', undefined);
		expect(calls).toEqual([]);
		if (CATALOG_ONLY.has(label)) {
			expect(Array.isArray(result) && result.length > 0).toBe(true);
		} else if (kind === 'loadOptions') {
			expect(result).toEqual([]);
		} else if (kind === 'listSearch') {
			expect(result).toEqual({ results: [] });
		} else {
			expect(result).toEqual({ fields: [], emptyFieldsNotice: CREDENTIAL_PENDING_NOTICE });
		}
	});

	// Without this the row above could pass for a method that never reaches the tenant with these parameters.
	it.each(table)('%s asks for the credential once one is attached', async (label, nodeType, kind, method) => {
		const { ctx, calls } = loadOptionsContext(nodeType.description.name, CREDENTIAL);
		const answer = methodOf(nodeType, kind, method).call(ctx, '', undefined);
		if (CATALOG_ONLY.has(label)) {
			await answer;
			expect(calls).toEqual([]);
		} else {
			await expect(answer).rejects.toThrow('Node does not have any credentials set');
			expect(calls[0]).toBe('getCredentials');
		}
	});
});
