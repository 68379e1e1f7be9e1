import { zoneRestRoot } from '../auth/apiUsers';
import type { EntityDef } from '../entities/types';
import { autotaskError, messages } from '../errors';
import { parseLenientJson } from '../http/lenientJson';
import { firstPageToken, nextToken, previousToken, queryNextUrl, readPagingToken, type PagingToken } from '../query/paging';
import { MAX_PAGE_SIZE, parseQueryModel, type QueryModel } from '../query/queryModel';
import { countMatches, scanPage } from '../query/scan';
import { withoutBytes } from './crud';
import { entityOf } from './metadata';
import { ok, type ApiResponse, type AuthenticatedRequest, type Handler, type SimulatorState } from './types';

/** GET /{Entity}/query?search=... or POST /{Entity}/query with the QueryModel as body. */
export const query: Handler = (request, state) => {
	const { model, search } = readQuery(request, state);
	return pageResponse(request, state, model, firstPageToken(model.maxRecords), search);
};

/** Follows a nextPageUrl: the cursor comes from `paging`, the query from `search` (GET) or the body (POST). */
export const queryNext: Handler = (request, state) => {
	const token = readPagingToken(request.url.searchParams.get('paging'));
	if (token.pageSize < 1 || token.pageSize > MAX_PAGE_SIZE) throw autotaskError(messages.badPaging);
	const { model, search } = readQuery(request, state);
	if (search === undefined) state.issuedPages.check(entityOf(request).name, token, request.body);
	return pageResponse(request, state, model, token, search);
};

/** GET|POST /{Entity}/query/count: `{"queryCount": N}`, honouring the filter. */
export const count: Handler = (request, state) => {
	const { model } = readQuery(request, state);
	const table = state.store.table(entityOf(request));
	return ok({ queryCount: countMatches(table, model.filter) });
};

/** GET /{Parent}/{parentId}/{Child}: the parent's children in the usual items/pageDetails envelope. */
export const listChildren: Handler = (request, state) => {
	const entity = entityOf(request);
	if (!entity.parent) throw new Error(`${entity.name} is not a child entity`);
	// Later pages are ordinary GET query/next pages over the equivalent root query.
	const search = JSON.stringify({ filter: [{ op: 'eq', field: entity.parent.field, value: request.route.parentId }] });
	const model = parseQueryModel(entity, state.store, JSON.parse(search));
	return pageResponse(request, state, model, firstPageToken(MAX_PAGE_SIZE), search);
};

/**
 * The query of a request. GET queries carry it in `search` (echoed verbatim in their
 * nextPageUrls); POST queries in the body, and their next pages must be POSTed the same body.
 */
function readQuery(request: AuthenticatedRequest, { store }: SimulatorState): { model: QueryModel; search?: string } {
	const entity = entityOf(request);
	if (request.method === 'GET') {
		const search = request.url.searchParams.get('search') ?? '';
		return { model: parseQueryModel(entity, store, parseSearch(search)), search };
	}
	if (typeof request.body !== 'object' || request.body === null) throw autotaskError(messages.missingBody);
	return { model: parseQueryModel(entity, store, request.body) };
}

function parseSearch(search: string): unknown {
	try {
		return parseLenientJson(search);
	} catch {
		throw autotaskError(messages.badSearch);
	}
}

function pageResponse(
	request: AuthenticatedRequest,
	{ store, baseUrl, issuedPages }: SimulatorState,
	model: QueryModel,
	token: PagingToken,
	search: string | undefined,
): ApiResponse {
	const entity: EntityDef = entityOf(request);
	const page = scanPage(store.table(entity), model.filter, token.nextIds[0], token.pageSize);
	const zoneRoot = zoneRestRoot(baseUrl, request.route.zone);
	const lastRecord = page.records[page.records.length - 1];
	const next = page.hasMore ? nextToken(token, lastRecord.id) : undefined;
	if (next && search === undefined) issuedPages.remember(entity.name, next, request.body);
	const previous = previousToken(token);
	return ok({
		items: page.records.map((record) => withoutBytes(entity, store.present(entity, record, model.includeFields))),
		pageDetails: {
			count: page.records.length,
			requestCount: token.pageSize,
			prevPageUrl: previous ? queryNextUrl(zoneRoot, entity.name, previous, search) : null,
			nextPageUrl: next ? queryNextUrl(zoneRoot, entity.name, next, search) : null,
		},
	});
}
