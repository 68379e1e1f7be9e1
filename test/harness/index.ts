/**
 * Workflow-level test harness: runs workflow JSON through n8n-core's WorkflowExecute, calls a
 * polling trigger's poll() with a PollContext and persistent static data, and calls a node's
 * methods with real n8n-core contexts. See README.md in this folder.
 */
export {
	ITEMS,
	MANUAL_TRIGGER,
	NO_OP,
	PACKAGE_NAME,
	SET,
	getRegisteredNodeType,
	registerNodeType,
	registerPackageNode,
	testNodeTypes,
} from './node-types';
export type { TestCredentials } from './credentials';
export { TestCredentialsHelper, applyCredentialDefaults, getCredentialType, registerCredentialType } from './credentials';
export { shutdownHarness } from './context';
export type { BuildNodeOptions, RunError, RunResult, RunWorkflowOptions, WorkflowJson } from './workflow';
export { buildNode, chain, runWorkflow } from './workflow';
export type { CreatePollerOptions, Poller } from './poller';
export { createPoller } from './poller';
export type { CallMethodOptions, MethodContextOptions } from './methods';
export { callMethod, loadOptionsContext, testCredentials } from './methods';
export type { WebhookCall, WebhookExecution, WebhookHost, WebhookHostOptions } from './webhookHost';
export { createWebhookHost } from './webhookHost';
