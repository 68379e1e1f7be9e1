import { WorkflowExecute, WorkflowHasIssuesError } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { buildAdditionalData, unrefBackgroundTimers, workflowRecord } from './context';
import type { TestCredentials } from './credentials';
import { TestCredentialsHelper } from './credentials';
import { getRegisteredNodeType, latestVersion, testNodeTypes } from './node-types';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
}

export interface BuildNodeOptions {
	/** Node name (unique in a workflow). Default: the type's default name, e.g. "Autotask". */
	name?: string;
	typeVersion?: number;
	/**
	 * Credential types the node references. Default: every credential its type declares.
	 * Pass `[]` for none. The harness ignores ids; data comes from runWorkflow's `credentials`.
	 */
	credentials?: string[] | INodeCredentials;
	id?: string;
	position?: [number, number];
	disabled?: boolean;
	/** n8n's per-node error setting ("continueRegularOutput" is "Continue" in the editor). */
	onError?: INode['onError'];
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
}

let nodeCounter = 0;

/**
 * A node as it appears in workflow JSON. `type` is the full type name
 * (`n8n-nodes-autotask-psa.autotask`, `n8n-nodes-base.manualTrigger`).
 */
export function buildNode(type: string, parameters: INodeParameters = {}, opts: BuildNodeOptions = {}): INode {
	nodeCounter += 1;
	const nodeType = getRegisteredNodeType(type);
	const description = nodeType?.description as { defaults?: { name?: string }; credentials?: Array<{ name: string }> };
	const name = opts.name ?? description?.defaults?.name ?? type.split('.').pop() ?? type;
	const declared = opts.credentials ?? (nodeType && 'nodeVersions' in nodeType
		? (nodeType.getNodeType(opts.typeVersion).description.credentials ?? []).map((c) => c.name)
		: (description?.credentials ?? []).map((c) => c.name));
	const credentials: INodeCredentials = Array.isArray(declared)
		? Object.fromEntries(declared.map((credentialType) => [credentialType, { id: credentialType, name: credentialType }]))
		: declared;
	const node: INode = {
		id: opts.id ?? `node-${nodeCounter}`,
		name,
		type,
		typeVersion: opts.typeVersion ?? latestVersion(type),
		position: opts.position ?? [nodeCounter * 220, 0],
		parameters,
	};
	if (Object.keys(credentials).length > 0) node.credentials = credentials;
	if (opts.disabled !== undefined) node.disabled = opts.disabled;
	if (opts.onError !== undefined) node.onError = opts.onError;
	if (opts.alwaysOutputData !== undefined) node.alwaysOutputData = opts.alwaysOutputData;
	if (opts.executeOnce !== undefined) node.executeOnce = opts.executeOnce;
	return node;
}

/**
 * Connects nodes in a line (main output 0 of each to main input 0 of the next). Duplicate names
 * get n8n-style suffixes ("Autotask", "Autotask1").
 */
export function chain(nodes: INode[]): WorkflowJson {
	const used = new Set<string>();
	const named = nodes.map((node, index) => {
		let { name } = node;
		for (let n = 1; used.has(name); n++) name = `${node.name}${n}`;
		used.add(name);
		return { ...node, name, position: [index * 220, 0] as [number, number] };
	});
	const connections: IConnections = {};
	for (let i = 0; i + 1 < named.length; i++) {
		connections[named[i].name] = { main: [[{ node: named[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: named, connections };
}

export interface RunWorkflowOptions {
	/** Test credential data by credential type, e.g. `{ autotaskUserApi: { userName: ..., secret: ... } }`. */
	credentials?: TestCredentials;
	/** The workflow's static data before the run (`{ 'node:Trigger': {...}, global: {...} }`). */
	staticData?: IDataObject;
	/** Execution mode: 'manual' (the default, an editor run) or e.g. 'trigger' / 'webhook'. */
	mode?: WorkflowExecuteMode;
	/** Name of the node to start from. Default: n8n's choice (the trigger). */
	startNode?: string;
	/** Reuse a credentials helper (e.g. to see preAuthentication updates across runs). */
	credentialsHelper?: TestCredentialsHelper;
}

export interface RunError {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	name?: string;
	/** The node that failed, when n8n knows it. */
	node?: string;
	/** The error as n8n-core returned it. */
	raw: unknown;
}

export interface RunResult {
	status: 'success' | 'error';
	error?: RunError;
	/** main[0] of the node's last run. Throws if the node did not run. */
	output(nodeName: string): INodeExecutionData[];
	/** Every main output of the node's last run. Throws if the node did not run. */
	outputs(nodeName: string): INodeExecutionData[][];
	/** Names of the nodes that ran, in order of their first run. */
	executedNodes: string[];
	runData: IRunData;
	/** The workflow's static data after the run (deep copy). */
	staticData: IDataObject;
	credentialsHelper: TestCredentialsHelper;
	run: IRun;
}

/**
 * Runs workflow JSON through n8n-core's WorkflowExecute with the registered node types and the
 * given credentials, like an editor run ("Execute workflow"). Settings default to
 * `executionOrder: 'v1'`. A node failure does not reject: `status` is 'error' and `error` says why.
 * It rejects only when n8n would refuse to start: an unregistered node type, or parameter issues
 * (the message lists them).
 */
export async function runWorkflow(workflowJson: WorkflowJson, opts: RunWorkflowOptions = {}): Promise<RunResult> {
	const mode = opts.mode ?? 'manual';
	const credentialsHelper = opts.credentialsHelper ?? new TestCredentialsHelper(opts.credentials ?? {});
	const nodes = deepCopy(workflowJson.nodes);
	const workflowId = 'test-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: workflowJson.name ?? 'Test workflow',
		nodes,
		connections: deepCopy(workflowJson.connections),
		active: false,
		nodeTypes: testNodeTypes,
		staticData: deepCopy(opts.staticData ?? {}),
		settings: { executionOrder: 'v1', ...(workflowJson.settings ?? {}) },
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode,
		workflow: workflowRecord(workflowId, workflow.name ?? '', nodes, workflowJson.connections, false),
	});
	unrefBackgroundTimers();
	const startNode = opts.startNode === undefined ? undefined : workflow.getNode(opts.startNode) ?? undefined;
	if (opts.startNode !== undefined && !startNode) throw new Error(`No node named "${opts.startNode}"`);
	const workflowExecute = new WorkflowExecute(additionalData, mode);
	let run: IRun;
	try {
		run = await workflowExecute.run({ workflow, startNode });
	} catch (error) {
		if (!(error instanceof WorkflowHasIssuesError)) throw error;
		// n8n refuses to start such a workflow; say which node has which issue (e.g. a missing required parameter).
		const start = startNode?.name ?? workflow.getStartNode()?.name;
		const issues = workflowExecute.checkReadyForExecution(workflow, { startNode: start });
		throw new Error(`${error.message} Issues: ${JSON.stringify(issues)}`);
	} finally {
		unrefBackgroundTimers();
	}

	const runData = run.data.resultData.runData;
	const lastRun = (nodeName: string) => {
		const runs = runData[nodeName];
		if (!runs?.length) {
			throw new Error(`Node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ') || 'nothing'})`);
		}
		return runs[runs.length - 1];
	};
	const rawError = run.data.resultData.error;
	return {
		status: rawError ? 'error' : 'success',
		error: rawError ? toRunError(rawError) : undefined,
		output: (nodeName) => lastRun(nodeName).data?.main?.[0] ?? [],
		outputs: (nodeName) => (lastRun(nodeName).data?.main ?? []).map((items) => items ?? []),
		executedNodes: Object.keys(runData),
		runData,
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		credentialsHelper,
		run,
	};
}

function toRunError(error: NonNullable<IRun['data']['resultData']['error']>): RunError {
	const e = error as unknown as {
		message: string;
		description?: string | null;
		httpCode?: string | null;
		name?: string;
		node?: { name?: string };
	};
	return { message: e.message, description: e.description, httpCode: e.httpCode, name: e.name, node: e.node?.name, raw: error };
}
