import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Container } from '@n8n/di';
import { HookContext, TriggerContext, WebhookContext } from 'n8n-core';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { buildAdditionalData, unrefBackgroundTimers, workflowRecord } from './context';
import type { TestCredentials } from './credentials';
import { TestCredentialsHelper } from './credentials';
import { testNodeTypes } from './node-types';

export interface WebhookExecution {
	items: IDataObject[];
	/** When n8n would have started the execution (Date.now()). */
	startedAt: number;
}

export interface WebhookCall {
	status: number;
	startedExecution: boolean;
	receivedAt: number;
}

export interface WebhookHost {
	/** The node's production webhook URL (what it registers with Autotask). */
	readonly url: string;
	readonly executions: WebhookExecution[];
	readonly calls: WebhookCall[];
	/** Runs checkExists, then create when it answers false, then starts trigger() if the node has one, as n8n does on activation. */
	activate(activation?: WorkflowActivateMode): Promise<void>;
	/** Stops trigger() and runs delete, as n8n does when the workflow is deactivated. */
	deactivate(): Promise<void>;
	/** Stops serving the URL and the trigger (n8n is down); the webhook stays registered, as when n8n stops. */
	stop(): Promise<void>;
	/**
	 * Serves the URL again on the same port and starts trigger() with 'init', like n8n 2.x starting
	 * up: it does not run the lifecycle hooks of a webhook it has registered already.
	 */
	restart(): Promise<void>;
	/** The node's persisted static data. */
	staticData(): IDataObject;
	close(): Promise<void>;
}

export interface WebhookHostOptions {
	/** The trigger node JSON (needs a webhookId, as n8n gives every webhook node). */
	node: INode;
	credentials: TestCredentials;
	workflowId?: string;
	/** Initial static data of the whole workflow (`{ 'node:<name>': {...} }`), e.g. a copied workflow's. */
	staticData?: IDataObject;
}

/**
 * A stand-in for n8n's webhook server for one workflow with a webhook trigger: the webhook
 * lifecycle through n8n-core's HookContext, and each HTTP call through a WebhookContext on a
 * Workflow built afresh from the persisted static data, which is saved after the call (as n8n's
 * LiveWebhooks does). Express's req/res are reduced to what webhook nodes use: rawBody, body,
 * headers, header(), status(), send(), end().
 */
export async function createWebhookHost(options: WebhookHostOptions): Promise<WebhookHost> {
	const node = deepCopy(options.node);
	if (!node.webhookId) throw new Error('The webhook node needs a webhookId');
	const workflowId = options.workflowId ?? 'test-webhook-workflow';
	const credentialsHelper = new TestCredentialsHelper(options.credentials);
	let persisted: IDataObject = deepCopy(options.staticData ?? {});
	const executions: WebhookExecution[] = [];
	const calls: WebhookCall[] = [];
	let server: Server | undefined;
	let port = 0;
	let baseUrl = '';

	const nodeType = testNodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const description = nodeType.description.webhooks?.[0] as IWebhookDescription | undefined;
	if (!description || !nodeType.webhook) throw new Error(`Node type "${node.type}" is no webhook node`);

	const freshWorkflow = () =>
		new Workflow({
			id: workflowId,
			name: 'Test webhook workflow',
			nodes: [deepCopy(node)],
			connections: {},
			active: true,
			nodeTypes: testNodeTypes,
			staticData: deepCopy(persisted),
			settings: { executionOrder: 'v1' },
		});
	const additionalDataFor = (workflow: Workflow): IWorkflowExecuteAdditionalData => {
		const data = buildAdditionalData({
			credentialsHelper,
			mode: 'webhook',
			workflow: workflowRecord(workflowId, workflow.name ?? '', [node], {}, true),
		});
		data.webhookBaseUrl = `${baseUrl}/webhook`;
		return data;
	};
	const webhookDataFor = (workflow: Workflow, additionalData: IWorkflowExecuteAdditionalData): IWebhookData => ({
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: `${node.webhookId}/${String(description.path)}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	});
	const save = (workflow: Workflow) => {
		if (workflow.staticData.__dataChanged === true) {
			workflow.staticData.__dataChanged = false;
			persisted = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		}
	};
	const runHook = async (method: 'checkExists' | 'create' | 'delete', activation: WorkflowActivateMode) => {
		const workflow = freshWorkflow();
		const additionalData = additionalDataFor(workflow);
		const workflowNode = workflow.getNode(node.name) as INode;
		const context = new HookContext(workflow, workflowNode, additionalData, 'trigger', activation, webhookDataFor(workflow, additionalData));
		unrefBackgroundTimers();
		const hook = nodeType.webhookMethods?.default?.[method];
		if (!hook) throw new Error(`No webhookMethods.default.${method}`);
		const result = await hook.call(context);
		save(workflow);
		return result;
	};

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const receivedAt = Date.now();
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		let body: unknown = {};
		try {
			body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : {};
		} catch {
			body = {};
		}
		const req = Object.assign(request, { rawBody, body, header: (name: string) => request.headers[name.toLowerCase()] });
		let status = 200;
		const res = Object.assign(response, {
			status(code: number) {
				status = code;
				response.statusCode = code;
				return res;
			},
			send(text: string) {
				response.write(text);
				return res;
			},
		});
		const workflow = freshWorkflow();
		const additionalData = additionalDataFor(workflow);
		additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		const workflowNode = workflow.getNode(node.name) as INode;
		const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookDataFor(workflow, additionalData), [], null);
		unrefBackgroundTimers();
		try {
			const result = await nodeType.webhook!.call(context);
			save(workflow);
			const items = (result.workflowData?.[0] ?? []) as INodeExecutionData[];
			if (result.workflowData) executions.push({ items: items.map((item) => item.json), startedAt: Date.now() });
			calls.push({ status, startedExecution: result.workflowData !== undefined, receivedAt });
			if (result.noWebhookResponse) return;
			response.statusCode = 200;
			response.end(JSON.stringify(result.workflowData ? { message: 'Workflow was started' } : (result.webhookResponse ?? { message: 'Webhook call received' })));
		} catch (error) {
			calls.push({ status: 500, startedExecution: false, receivedAt });
			response.statusCode = 500;
			response.end(JSON.stringify({ message: (error as Error).message }));
		}
	};

	let closeTrigger: (() => Promise<void>) | undefined;
	const startTrigger = async (activation: WorkflowActivateMode) => {
		if (!nodeType.trigger) return;
		const workflow = freshWorkflow();
		const workflowNode = workflow.getNode(node.name) as INode;
		const context = new TriggerContext(workflow, workflowNode, additionalDataFor(workflow), 'trigger', activation, () => {
			throw new Error('The webhook node emitted from trigger(); executions must start from webhook()');
		});
		unrefBackgroundTimers();
		const response = await nodeType.trigger.call(context);
		closeTrigger = response?.closeFunction;
	};
	const stopTrigger = async () => {
		await closeTrigger?.();
		closeTrigger = undefined;
		Container.get(ScheduledTaskManager).deregisterCrons(workflowId);
	};

	const listen = async () => {
		server = createServer((request, response) => {
			void handle(request, response);
		});
		await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
		baseUrl = `http://127.0.0.1:${port}`;
	};
	const stop = async () => {
		await stopTrigger();
		const current = server;
		server = undefined;
		if (!current) return;
		current.closeAllConnections();
		await new Promise<void>((resolve) => current.close(() => resolve()));
	};
	await listen();

	const activate = async (activation: WorkflowActivateMode = 'activate') => {
		if (!(await runHook('checkExists', activation))) await runHook('create', activation);
		await startTrigger(activation);
	};
	return {
		get url() {
			return `${baseUrl}/webhook/${node.webhookId}/${String(description.path)}`;
		},
		executions,
		calls,
		activate,
		deactivate: async () => {
			await stopTrigger();
			await runHook('delete', 'manual');
		},
		stop,
		restart: async () => {
			await listen();
			await startTrigger('init');
		},
		staticData: () => deepCopy((persisted[`node:${node.name}`] ?? {}) as IDataObject),
		close: stop,
	};
}
