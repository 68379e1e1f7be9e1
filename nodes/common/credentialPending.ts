import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	ResourceMapperFields,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../transport/types';

type EditorMethods = NonNullable<INodeType['methods']>;

/**
 * Whether the editor sent a credential with its request. A node added from the panel asks for its
 * dropdowns before the editor attaches the only credential of the type; n8n would answer those
 * requests with HTTP 500 "Node does not have any credentials set".
 */
export function hasCredential(ctx: ILoadOptionsFunctions): boolean {
	return Boolean(ctx.getNode().credentials?.[CREDENTIAL_TYPE]);
}

/** Shown by a field mapper while the node has no credential; the editor asks again once it has one. */
export const CREDENTIAL_PENDING_NOTICE = 'Fields load once an Autotask credential is selected above';

const NO_OPTIONS = (): INodePropertyOptions[] => [];
const NO_SEARCH_RESULTS = (): INodeListSearchResult => ({ results: [] });
const NO_FIELDS = (): ResourceMapperFields => ({ fields: [], emptyFieldsNotice: CREDENTIAL_PENDING_NOTICE });

type Method<Result> = (this: ILoadOptionsFunctions, ...args: never[]) => Promise<Result>;

function guarded<Result, Methods extends Record<string, Method<Result>>>(
	methods: Methods,
	pending: () => Result,
	withoutCredential: ReadonlySet<string>,
): Methods {
	return Object.fromEntries(
		Object.entries(methods).map(([name, method]) => {
			if (withoutCredential.has(name)) return [name, method];
			const guard = async function (this: ILoadOptionsFunctions, ...args: never[]): Promise<Result> {
				if (!hasCredential(this)) return pending();
				return await method.apply(this, args);
			};
			return [name, guard];
		}),
	) as Methods;
}

/**
 * A node's editor methods, each answering an empty list (no options, no search results, no fields)
 * instead of failing while the node has no credential yet. `withoutCredential` names the methods
 * that read only the package's own catalog and therefore answer in full at any time.
 */
export function untilCredential<Methods extends EditorMethods>(methods: Methods, withoutCredential: string[] = []): Methods {
	const offline = new Set(withoutCredential);
	const result: EditorMethods = { ...methods };
	if (methods.loadOptions) result.loadOptions = guarded(methods.loadOptions, NO_OPTIONS, offline);
	if (methods.listSearch) result.listSearch = guarded(methods.listSearch, NO_SEARCH_RESULTS, offline);
	if (methods.resourceMapping) result.resourceMapping = guarded(methods.resourceMapping, NO_FIELDS, offline);
	return result as Methods;
}
