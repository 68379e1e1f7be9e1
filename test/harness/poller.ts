import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { buildAdditionalData, unrefBackgroundTimers, workflowRecord } from './context';
import type { TestCredentials } from './credentials';
import { TestCredentialsHelper } from './credentials';
import { testNodeTypes } from './node-types';

export interface CreatePollerOptions {
	/** The trigger node JSON (e.g. from buildNode). */
	node: INode;
	credentials?: TestCredentials;
	/**
	 * Initial static data of the node (what `getWorkflowStaticData('node')` returns). An object
	 * whose keys all look like `node:<name>` / `global` is taken as the whole workflow's static data.
	 */
	staticData?: IDataObject;
	/** 'trigger' (default): an active workflow. 'manual': "Fetch test event" in the editor. */
	mode?: 'trigger' | 'manual';
	/** Default 'activate' for a new poller, 'init' after restart(). */
	activation?: WorkflowActivateMode;
	/** Share a credentials helper (and so its preAuthentication state) with other pollers/runs. */
	credentialsHelper?: TestCredentialsHelper;
}

export interface Poller {
	/**
	 * Calls the node's `poll()` once. Like n8n, when it returns items in 'trigger' mode, the
	 * workflow's static data is persisted (if it changed) before the items are handed on; a `null`
	 * poll keeps changes only in memory. Manual mode never persists. A throwing poll rejects.
	 */
	poll(): Promise<INodeExecutionData[][] | null>;
	/** Deep copy of the node's persisted static data (what survives a restart). */
	staticData(): IDataObject;
	/** Deep copy of the node's static data in memory (what the next poll sees). */
	liveStaticData(): IDataObject;
	/** A new poller on a new Workflow built only from the persisted static data JSON, like n8n after a restart. */
	restart(): Poller;
	/** How many polls ran, and how many emitted items. */
	readonly stats: { polls: number; emits: number };
	readonly workflow: Workflow;
	readonly context: PollContext;
	readonly credentialsHelper: TestCredentialsHelper;
}

const isWorkflowLevel = (data: IDataObject) =>
	Object.keys(data).length > 0 && Object.keys(data).every((key) => key === 'global' || key.startsWith('node:'));

/** Builds a polling trigger as n8n activates it: one Workflow, one PollContext reused for every poll. */
export function createPoller(opts: CreatePollerOptions): Poller {
	const node = deepCopy(opts.node);
	const initial = opts.staticData ?? {};
	const workflowStaticData = isWorkflowLevel(initial) ? deepCopy(initial) : { [`node:${node.name}`]: deepCopy(initial) };
	return pollerFrom(opts, node, workflowStaticData, opts.activation ?? 'activate');
}

function pollerFrom(
	opts: CreatePollerOptions,
	node: INode,
	persistedStart: IDataObject,
	activation: WorkflowActivateMode,
): Poller {
	const mode = opts.mode ?? 'trigger';
	const credentialsHelper = opts.credentialsHelper ?? new TestCredentialsHelper(opts.credentials ?? {});
	const workflowId = 'test-workflow';
	const workflow = new Workflow({
		id: workflowId,
		name: 'Test trigger workflow',
		nodes: [deepCopy(node)],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: testNodeTypes,
		staticData: deepCopy(persistedStart),
		settings: { executionOrder: 'v1' },
	});
	const workflowNode = workflow.getNode(node.name);
	if (!workflowNode) throw new Error(`No node named "${node.name}"`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(workflowNode.type, workflowNode.typeVersion);
	if (typeof nodeType.poll !== 'function') throw new Error(`Node type "${workflowNode.type}" has no poll()`);

	const additionalData = buildAdditionalData({
		credentialsHelper,
		mode,
		workflow: workflowRecord(workflowId, workflow.name ?? '', [workflowNode], {}, mode === 'trigger'),
	});
	const context = new PollContext(
		workflow,
		workflowNode,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : activation,
		() => {},
		() => {},
	);
	unrefBackgroundTimers();

	let persisted: IDataObject = deepCopy(persistedStart);
	const stats = { polls: 0, emits: 0 };
	const key = `node:${workflowNode.name}`;
	const snapshot = (data: unknown) => JSON.parse(JSON.stringify(data ?? {})) as IDataObject;

	const poller: Poller = {
		async poll() {
			stats.polls += 1;
			const result = await nodeType.poll!.call(context);
			if (result !== null && result !== undefined) {
				stats.emits += 1;
				// n8n's ActiveWorkflowManager saves static data on emit, only when it changed.
				if (mode === 'trigger' && workflow.staticData.__dataChanged === true) {
					persisted = snapshot(workflow.staticData);
					workflow.staticData.__dataChanged = false;
				}
			}
			return result ?? null;
		},
		staticData: () => snapshot(persisted[key]),
		liveStaticData: () => snapshot(workflow.staticData[key]),
		restart: () => pollerFrom({ ...opts, credentialsHelper }, node, snapshot(persisted), 'init'),
		stats,
		workflow,
		context,
		credentialsHelper,
	};
	return poller;
}
