import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, deepCopy } from 'n8n-workflow';

/** Test credential data keyed by credential type name, e.g. `{ autotaskUserApi: { userName, ... } }`. */
export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

const CREDENTIALS_DIR = resolve(__dirname, '../../credentials');

let credentialTypes: Map<string, ICredentialType> | undefined;

/**
 * The package's credential types (every class exported by `credentials/*.credentials.ts`, keyed by
 * its `name`), plus any registered with `registerCredentialType`.
 */
function loadCredentialTypes(): Map<string, ICredentialType> {
	if (credentialTypes) return credentialTypes;
	credentialTypes = new Map();
	for (const file of readdirSync(CREDENTIALS_DIR).filter((f) => f.endsWith('.credentials.ts'))) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(CREDENTIALS_DIR, file)) as Record<string, unknown>;
		for (const value of Object.values(exported)) {
			if (typeof value !== 'function') continue;
			const instance = new (value as new () => ICredentialType)();
			if (typeof instance.name === 'string' && Array.isArray(instance.properties)) {
				credentialTypes.set(instance.name, instance);
			}
		}
	}
	return credentialTypes;
}

/** Adds a credential type that is not in `credentials/` (e.g. one defined in a test). */
export function registerCredentialType(instance: ICredentialType): void {
	loadCredentialTypes().set(instance.name, instance);
}

export function getCredentialType(name: string): ICredentialType {
	const found = loadCredentialTypes().get(name);
	if (!found) {
		throw new Error(
			`Unknown credential type "${name}" (known: ${[...loadCredentialTypes().keys()].join(', ')})`,
		);
	}
	return found;
}

/** The credential's properties with their defaults applied, as n8n does before handing data to a node. */
export function applyCredentialDefaults(type: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const properties = credentialProperties(type);
	const withDefaults = NodeHelpers.getNodeParameters(
		properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject | null;
	// Values that are not declared properties (e.g. an expirable token) are kept, like n8n keeps oauthTokenData.
	return { ...data, ...(withDefaults ?? {}) };
}

function credentialProperties(type: string): INodeProperties[] {
	const credentialType = getCredentialType(type);
	if (!credentialType.extends?.length) return credentialType.properties;
	const combined: INodeProperties[] = [];
	for (const parent of credentialType.extends) NodeHelpers.mergeNodeProperties(combined, credentialProperties(parent));
	NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
	return combined;
}

/** Keeps a credential's stored data in memory (what n8n keeps encrypted in its database). */
class TestCredentialRecord implements ICredentials {
	id?: string;

	/** n8n keeps the encrypted string here; the harness keeps plain data in `value`. */
	data: string | undefined = undefined;

	constructor(
		public name: string,
		public type: string,
		private value: ICredentialDataDecryptedObject,
	) {
		this.id = name;
	}

	getData(): ICredentialDataDecryptedObject {
		return deepCopy(this.value);
	}

	getDataToSave() {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.value) };
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.value = deepCopy(data);
	}

	updateData(data: ICredentialDataDecryptedObject): void {
		this.value = { ...this.value, ...deepCopy(data) };
	}
}

/**
 * n8n's credentials helper, over in-memory test data. Like n8n's CLI helper it applies property
 * defaults on `getDecrypted`, resolves a credential type's generic `authenticate` (headers, qs,
 * body, auth; keys and values may be `={{$credentials.x}}` expressions) or calls a function
 * `authenticate`, and runs `preAuthentication` only when the type defines one together with a
 * hidden `expirable` property that is empty (or expired), keeping its result in memory.
 *
 * The node JSON only has to reference the credential (`credentials: { autotaskUserApi: { id, name } }`);
 * the id is ignored and the data comes from the map given to the harness.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly records = new Map<string, TestCredentialRecord>();

	/** Every request that went through `authenticate`, after auth was applied (for assertions). */
	readonly authenticated: Array<{ type: string; node: string; options: IHttpRequestOptions }> = [];

	constructor(credentials: TestCredentials = {}) {
		super();
		for (const [type, data] of Object.entries(credentials)) {
			this.records.set(type, new TestCredentialRecord(type, type, deepCopy(data)));
		}
	}

	/** The current stored data of a credential type (after any preAuthentication update). */
	stored(type: string): ICredentialDataDecryptedObject | undefined {
		return this.records.get(type)?.getData();
	}

	getParentTypes(name: string): string[] {
		const parents: string[] = [];
		for (const parent of getCredentialType(name).extends ?? []) {
			parents.push(parent);
			if (loadCredentialTypes().has(parent)) parents.push(...this.getParentTypes(parent));
		}
		return parents;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = getCredentialType(typeName);
		let result = requestOptions as IHttpRequestOptions;
		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') {
			result = await authenticate(credentials, result);
		} else if (authenticate?.type === 'generic') {
			result.headers ??= {};
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				const target = ((result as unknown as Record<string, Record<string, unknown>>)[outerKey] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					target[resolve$(key, credentials, workflow, node)] = resolve$(value, credentials, workflow, node);
				}
			}
		}
		this.authenticated.push({ type: typeName, node: node.name, options: result });
		return result;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = getCredentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined) return undefined;
		// n8n always runs it for a credential test (its temporary node is a noOp with `temp: ''`).
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		const empty = credentials[expirable.name] === '' || credentials[expirable.name] === undefined;
		if (!empty && !credentialsExpired && !isTestingCredentials) return undefined;
		const output = (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output?.[expirable.name] === undefined) return undefined;
		const record = this.records.get(typeName);
		if (record) record.setData({ ...record.getData(), ...output });
		return Object.assign(credentials, output);
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return this.record(nodeCredentials, type);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.record(nodeCredentials, type).getData();
		return raw === true ? data : applyCredentialDefaults(type, data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.record(nodeCredentials, type).setData(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.record(nodeCredentials, type).updateData({ oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialProperties(type);
	}

	private record(nodeCredentials: INodeCredentialsDetails | undefined, type: string): TestCredentialRecord {
		const record = this.records.get(type);
		if (!record) {
			throw new Error(
				`No test credentials of type "${type}" (credential "${nodeCredentials?.name ?? '?'}"); ` +
					`pass them as { credentials: { ${type}: {...} } }`,
			);
		}
		return record;
	}
}

/** Resolves `=...` expressions with `$credentials`, as n8n's CredentialsHelper.resolveValue does. */
function resolve$(value: unknown, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): string {
	if (typeof value !== 'string' || !value.startsWith('=')) return value as string;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}
