import { CredentialTestContext, ExecuteContext, LoadOptionsContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	ResourceMapperFields,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { buildAdditionalData, unrefBackgroundTimers, workflowRecord } from './context';
import type { TestCredentials } from './credentials';
import { TestCredentialsHelper, applyCredentialDefaults, getCredentialType } from './credentials';
import { getRegisteredNodeType, testNodeTypes } from './node-types';

export interface MethodContextOptions {
	/** The node whose method runs (buildNode JSON; it must reference the credentials it uses). */
	node: INode;
	credentials?: TestCredentials;
	/**
	 * The parameters the editor sends as "current node parameters". Default: the node's own
	 * parameters with their defaults applied.
	 */
	currentParameters?: INodeParameters;
	/** Path of the parameter being loaded (`parameters.contactId`), for `&sibling` lookups. */
	path?: string;
	credentialsHelper?: TestCredentialsHelper;
}

/**
 * The real n8n-core LoadOptionsContext that n8n gives `methods.loadOptions`, `listSearch` and
 * `resourceMapping` (built like n8n's DynamicNodeParametersService: a one-node workflow).
 */
export function loadOptionsContext(opts: MethodContextOptions): LoadOptionsContext {
	const credentialsHelper = opts.credentialsHelper ?? new TestCredentialsHelper(opts.credentials ?? {});
	const node = deepCopy(opts.node);
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: testNodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const workflowNode = workflow.getNode(node.name)!;
	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflow: workflowRecord('test-workflow', 'Test workflow', [workflowNode], {}, false),
	});
	additionalData.currentNodeParameters = opts.currentParameters ?? workflowNode.parameters;
	const context = new LoadOptionsContext(workflow, workflowNode, additionalData, opts.path ?? 'parameters');
	unrefBackgroundTimers();
	return context;
}

export interface CallMethodOptions extends MethodContextOptions {
	/** listSearch: the search text. */
	filter?: string;
	/** listSearch: the token from the previous page. */
	paginationToken?: string | number;
	/** credentialTest: the credential type to test (default: the one whose testedBy names the method). */
	credentialType?: string;
}

type MethodKind = 'loadOptions' | 'listSearch' | 'resourceMapping' | 'credentialTest';
type MethodResult<K extends MethodKind> = K extends 'loadOptions'
	? INodePropertyOptions[]
	: K extends 'listSearch'
		? INodeListSearchResult
		: K extends 'resourceMapping'
			? ResourceMapperFields
			: INodeCredentialTestResult;

/**
 * Calls `methods[kind][method]` of the node's type the way n8n does:
 * loadOptions/resourceMapping with a LoadOptionsContext, listSearch with (filter, paginationToken),
 * credentialTest with n8n-core's CredentialTestContext and the credential (defaults applied).
 */
export async function callMethod<K extends MethodKind>(
	kind: K,
	method: string,
	opts: CallMethodOptions,
): Promise<MethodResult<K>> {
	const nodeType = testNodeTypes.getByNameAndVersion(opts.node.type, opts.node.typeVersion);
	const fn = (nodeType.methods?.[kind] as Record<string, (...args: unknown[]) => unknown> | undefined)?.[method];
	if (typeof fn !== 'function') {
		const known = Object.keys((nodeType.methods?.[kind] as IDataObject | undefined) ?? {});
		throw new Error(`${opts.node.type} has no methods.${kind}.${method} (has: ${known.join(', ') || 'none'})`);
	}
	if (kind === 'credentialTest') {
		const type = opts.credentialType ?? credentialTestedBy(nodeType, method) ?? Object.keys(opts.credentials ?? {})[0];
		if (!type) throw new Error('callMethod credentialTest: say which credentialType to test');
		const data = opts.credentials?.[type];
		if (!data) throw new Error(`callMethod credentialTest: no test credentials of type "${type}"`);
		return (await runCredentialTestFunction(fn as ICredentialTestFunction, type, data)) as MethodResult<K>;
	}
	const context = loadOptionsContext(opts);
	if (kind === 'listSearch') {
		return (await fn.call(context, opts.filter, opts.paginationToken)) as MethodResult<K>;
	}
	return (await fn.call(context)) as MethodResult<K>;
}

function credentialTestedBy(nodeType: INodeType, method: string): string | undefined {
	return nodeType.description.credentials?.find((c) => c.testedBy === method)?.name;
}

async function runCredentialTestFunction(
	fn: ICredentialTestFunction,
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const credential: ICredentialsDecrypted = {
		id: 'test-credential',
		name: `Test ${type}`,
		type,
		data: applyCredentialDefaults(type, data),
	};
	unrefBackgroundTimers();
	return await fn.call(new CredentialTestContext(), credential);
}

/**
 * Tests a credential the way n8n's "Test" button does (CredentialsTester): when the credential type
 * has a `test` request, that request wins and runs through n8n-core's RoutingNode with the
 * credential's `authenticate`; otherwise the first registered node that declares the credential
 * with a string `testedBy` has its `methods.credentialTest[testedBy]` called.
 */
export async function testCredentials(
	type: string,
	data: ICredentialDataDecryptedObject,
	opts: { credentialsHelper?: TestCredentialsHelper } = {},
): Promise<INodeCredentialTestResult> {
	const credentialType = getCredentialType(type);
	if (!credentialType.test) {
		for (const name of Object.keys(testNodeTypes.getKnownTypes())) {
			const registered = getRegisteredNodeType(name) as INodeType | IVersionedNodeType;
			const versions: INodeType[] =
				'nodeVersions' in registered ? Object.values(registered.nodeVersions) : [registered];
			for (const nodeType of versions) {
				const testedBy = nodeType.description.credentials?.find((c) => c.name === type)?.testedBy;
				const fn = typeof testedBy === 'string' ? nodeType.methods?.credentialTest?.[testedBy] : undefined;
				if (fn) return await runCredentialTestFunction(fn, type, data);
			}
		}
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	// The request test, as n8n runs it: a temporary declarative node whose only property routes the request.
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'test-credential',
		name: `Test ${type}`,
		type,
		data: applyCredentialDefaults(type, data),
	};
	const credentialsHelper = opts.credentialsHelper ?? new TestCredentialsHelper({ [type]: data });
	const tempType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialType.test.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => tempType,
		getByNameAndVersion: () => tempType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'test-credential', name: credentialsDecrypted.name } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode: 'internal',
		workflow: workflowRecord('test-workflow', 'Credential test', [node], {}, false),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as never,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	unrefBackgroundTimers();
	const rules = credentialType.test.rules ?? [];
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, tempType, credentialsDecrypted).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			for (const rule of rules) {
				if (rule.type === 'responseCode' && rule.properties.value === cause.response.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (cause.response.status < 199 || cause.response.status > 299) {
				return {
					status: 'Error',
					message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
				};
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	for (const rule of rules) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json as IDataObject | undefined;
		const value = rule.properties.key.split('.').reduce<unknown>((at, key) => (at as IDataObject | undefined)?.[key], body);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
