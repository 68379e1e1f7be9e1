import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';
import { NodeConnectionTypes, NodeHelpers, NodeOperationError, jsonParse } from 'n8n-workflow';

/** The npm package name: n8n names community node types `<package>.<node name>`. */
export const PACKAGE_NAME = 'n8n-nodes-autotask-psa';

/** Built-in stand-ins (test-only implementations registered under n8n's own type names). */
export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
export const NO_OP = 'n8n-nodes-base.noOp';
export const SET = 'n8n-nodes-base.set';
/** Harness-only node: emits the JSON items in its `items` parameter (an array or a JSON string). */
export const ITEMS = 'n8n-nodes-harness.items';

type AnyNodeType = INodeType | IVersionedNodeType;

const registry = new Map<string, AnyNodeType>();

/**
 * Registers a node type under its full type name, e.g.
 * `registerNodeType('n8n-nodes-autotask-psa.autotaskClientPortalUser', new AutotaskClientPortalUser())`.
 * Registering a name again replaces the previous type. Like n8n's loader, it adds the `pollTimes`
 * parameter to polling nodes (to the instance's description).
 */
export function registerNodeType(name: string, instance: AnyNodeType): void {
	const versions = 'nodeVersions' in instance ? Object.values(instance.nodeVersions) : [instance];
	for (const { description } of versions) {
		if (description.polling && !description.properties.some((p) => p.name === 'pollTimes')) {
			description.properties.unshift(...commonPollingParameters);
		}
	}
	registry.set(name, instance);
}

/** Registers one of this package's nodes as `n8n-nodes-autotask-psa.<description.name>`; returns that type name. */
export function registerPackageNode(instance: AnyNodeType): string {
	const name = `${PACKAGE_NAME}.${instance.description.name}`;
	registerNodeType(name, instance);
	return name;
}

/** The registered type, or undefined. */
export function getRegisteredNodeType(name: string): AnyNodeType | undefined {
	return registry.get(name);
}

/** The newest version a registered type offers (what a node without `typeVersion` gets). */
export function latestVersion(type: string): number {
	const nodeType = registry.get(type);
	if (!nodeType) return 1;
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** n8n's INodeTypes over the registry. */
export const testNodeTypes: INodeTypes = {
	getByName(nodeType: string): AnyNodeType {
		const found = registry.get(nodeType);
		if (!found) throw unknownType(nodeType);
		return found;
	},
	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const found = registry.get(nodeType);
		if (!found) throw unknownType(nodeType);
		return NodeHelpers.getVersionedNodeType(found, version);
	},
	getKnownTypes(): IDataObject {
		return Object.fromEntries([...registry.keys()].map((name) => [name, { className: name, sourcePath: '' }]));
	},
};

function unknownType(nodeType: string): Error {
	return new Error(
		`Node type "${nodeType}" is not registered in the test harness (registered: ${[...registry.keys()].join(', ')}). ` +
			'Call registerNodeType() or registerPackageNode() first.',
	);
}

// ---------------------------------------------------------------------------------------------
// Stand-ins for n8n's own nodes (n8n-nodes-base is not installed).

/** Manual Trigger: starts the workflow with one empty item, as n8n's does. */
class ManualTriggerStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Harness stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [[{ json: {} }]];
	}
}

/** No Operation: passes its input through unchanged. */
class NoOpStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Harness stand-in for n8n-nodes-base.noOp',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Emits fixed JSON items: parameter `items` is an array of objects (or a JSON string of one).
 * Every emitted item is paired with input item 0.
 */
class ItemsNode implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Items (harness)',
		name: 'items',
		group: ['transform'],
		version: 1,
		description: 'Harness-only: emits the JSON items given as a parameter',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const items = typeof raw === 'string' ? jsonParse<unknown>(raw) : raw;
		if (!Array.isArray(items)) {
			throw new NodeOperationError(this.getNode(), 'Parameter "items" must be an array of objects');
		}
		return [items.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }))];
	}
}

/**
 * Edit Fields (Set), "raw" mode only: for each input item, outputs `jsonOutput` (a JSON string,
 * expressions allowed) merged over the input when `includeOtherFields` is true. Enough to write
 * workflows that also run in a real n8n; other modes are refused.
 */
class SetStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Edit Fields (Set)',
		name: 'set',
		group: ['input'],
		version: [3, 3.1, 3.2, 3.3, 3.4],
		description: 'Harness stand-in for n8n-nodes-base.set (mode "raw" only)',
		defaults: { name: 'Edit Fields' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [{ name: 'JSON', value: 'raw' }],
				default: 'raw',
			},
			{ displayName: 'JSON', name: 'jsonOutput', type: 'json', default: '{}' },
			{ displayName: 'Include Other Fields', name: 'includeOtherFields', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [
			items.map((item, i) => {
				if (this.getNodeParameter('mode', i) !== 'raw') {
					throw new NodeOperationError(this.getNode(), 'The harness Set stand-in supports only mode "raw"');
				}
				const raw = this.getNodeParameter('jsonOutput', i) as unknown;
				const json = (typeof raw === 'string' ? jsonParse<IDataObject>(raw) : raw) as IDataObject;
				const include = this.getNodeParameter('includeOtherFields', i) as boolean;
				return { json: include ? { ...item.json, ...json } : json, pairedItem: { item: i } };
			}),
		];
	}
}

registerNodeType(MANUAL_TRIGGER, new ManualTriggerStandIn());
registerNodeType(NO_OP, new NoOpStandIn());
registerNodeType(SET, new SetStandIn());
registerNodeType(ITEMS, new ItemsNode());
