import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks } from 'n8n-core';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	INode,
	IConnections,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentials';

const BASE_URL = 'http://localhost:5678';

let executionCounter = 0;

/** A fresh execution id, unique within the test file. */
export function nextExecutionId(): string {
	executionCounter += 1;
	return `test-${executionCounter}`;
}

/** The workflow record n8n's lifecycle hooks expect. */
export function workflowRecord(
	id: string,
	name: string,
	nodes: INode[],
	connections: IConnections,
	active: boolean,
): IWorkflowBase {
	const now = new Date();
	return {
		id,
		name,
		active,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections,
		activeVersionId: null,
	};
}

/**
 * The additional data every n8n-core context needs: the credentials helper, lifecycle hooks (without
 * them WorkflowExecute throws synchronously), absolute base URLs (empty ones break expression keys)
 * and stubs for what the harness does not support (sub-workflows, task runners).
 */
export function buildAdditionalData(options: {
	credentialsHelper: TestCredentialsHelper;
	mode: WorkflowExecuteMode;
	workflow: IWorkflowBase;
	executionId?: string;
}): IWorkflowExecuteAdditionalData {
	const executionId = options.executionId ?? nextExecutionId();
	const hooks = new ExecutionLifecycleHooks(options.mode, executionId, options.workflow);
	const unsupported = (what: string) => async () => {
		throw new Error(`The test harness does not support ${what}`);
	};
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: options.credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		variables: {},
		userId: 'test-user',
		executeWorkflow: unsupported('sub-workflows (executeWorkflow)'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unsupported('task runners (Code node)'),
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}

let servicesStarted = false;

/**
 * n8n-core services start intervals when first used (SSHClientsManager's 60 s clean-up, the cron
 * log of ScheduledTaskManager). The harness calls this after building a context: it unreferences
 * them so a test file that forgets shutdownHarness() still exits.
 */
export function unrefBackgroundTimers(): void {
	servicesStarted = true;
	const ssh = Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout };
	const cron = Container.get(ScheduledTaskManager) as unknown as { logInterval?: NodeJS.Timeout };
	ssh.cleanupTimer?.unref();
	cron.logInterval?.unref();
}

/** Stops n8n-core's background work. Call it in `afterAll` of every test file that uses the harness. */
export function shutdownHarness(): void {
	if (!servicesStarted) return;
	Container.get(SSHClientsManager).onShutdown();
	Container.get(ScheduledTaskManager).deregisterAllCrons();
}
