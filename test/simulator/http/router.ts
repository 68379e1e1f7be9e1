import type { ZoneId } from '../auth/apiUsers';
import { findChild, findEntity } from '../entities/catalog';
import type { EntityDef } from '../entities/types';
import { frameworkError, messages } from '../errors';

/** Request kinds, as counted in `sim.counters.byKind`. */
export const REQUEST_KINDS = [
	'zone',
	'query',
	'queryNext',
	'count',
	'get',
	'create',
	'update',
	'delete',
	'entityInformation',
	'fields',
	'udf',
	'threshold',
	'other',
] as const;

export type RequestKind = (typeof REQUEST_KINDS)[number];

export type RouteAction =
	| 'zoneInformation'
	| 'versionInformation'
	| 'version'
	| 'threshold'
	| 'query'
	| 'queryNext'
	| 'count'
	| 'list'
	| 'get'
	| 'create'
	| 'update'
	| 'delete'
	| 'entityInformation'
	| 'fields'
	| 'udf';

const KIND_OF_ACTION: Record<RouteAction, RequestKind> = {
	zoneInformation: 'zone',
	versionInformation: 'other',
	version: 'other',
	threshold: 'threshold',
	query: 'query',
	list: 'query',
	queryNext: 'queryNext',
	count: 'count',
	get: 'get',
	create: 'create',
	update: 'update',
	delete: 'delete',
	entityInformation: 'entityInformation',
	fields: 'fields',
	udf: 'udf',
};

export interface Route {
	action: RouteAction;
	kind: RequestKind;
	zone: ZoneId;
	entity?: EntityDef;
	/** For child paths: /{parent}/{parentId}/{segment}. */
	parentId?: number;
	id?: number;
	/** Zone discovery needs no credentials and is exempt from limits. */
	authenticated: boolean;
	/** The endpoint a thread-limit bucket is kept for: the entity, or the service name. */
	endpoint: string;
}

interface RouteContext {
	entity?: EntityDef;
	parentId?: number;
	id?: number;
	endpoint: string;
	authenticated?: boolean;
}

/** The actions a path offers, by HTTP method. */
type Offer = { context: RouteContext; actions: Partial<Record<string, RouteAction>> };

/**
 * Maps a request to a route the way ASP.NET Web API routing does in Autotask: paths are
 * case-insensitive; a path no route template matches is a 404, and a path whose template exists
 * for other methods only is a 405 (e.g. DELETE /Companies/1, GET on a POST-only query/next URL).
 * Child entities have no writes at their root (POST /TicketNotes is a 404, as in Autotask).
 */
export function resolveRoute(method: string, url: URL): Route {
	const segments = url.pathname
		.split('/')
		.filter((segment) => segment !== '')
		.map((segment) => safeDecode(segment).toLowerCase());
	let zone: ZoneId = 'z1';
	if (segments[0] === 'z2') {
		zone = 'z2';
		segments.shift();
	}
	const offer = segments[0] === 'atservicesrest' ? offerFor(segments.slice(1), url.searchParams) : undefined;
	const action = offer?.actions[method];
	if (offer && action) {
		const { context } = offer;
		return { ...context, action, kind: KIND_OF_ACTION[action], zone, authenticated: context.authenticated ?? true };
	}
	throw offer && Object.keys(offer.actions).length > 0
		? frameworkError(405, messages.methodNotAllowed(method))
		: frameworkError(404, messages.noRoute(url.href));
}

function offerFor(path: string[], query: URLSearchParams): Offer | undefined {
	if (path.length === 1 && path[0] === 'versioninformation') {
		return { context: { endpoint: 'VersionInformation', authenticated: false }, actions: { GET: 'versionInformation' } };
	}
	if (path[0] !== 'v1.0') return undefined;
	const [first, ...rest] = path.slice(1);
	if (rest.length === 0 && first === 'zoneinformation') {
		return { context: { endpoint: 'ZoneInformation', authenticated: false }, actions: { GET: 'zoneInformation' } };
	}
	if (rest.length === 0 && first === 'thresholdinformation') {
		return { context: { endpoint: 'ThresholdInformation' }, actions: { GET: 'threshold' } };
	}
	if (rest.length === 0 && first === 'version') return { context: { endpoint: 'Version' }, actions: { GET: 'version' } };
	const entity = first === undefined ? undefined : findEntity(first);
	if (!entity) return undefined;
	const parentId = parseId(rest[0]);
	if (parentId !== undefined && rest.length >= 2) {
		const child = findChild(entity, rest[1]);
		return child ? childOffer(child, parentId, rest.slice(2)) : undefined;
	}
	return rootOffer(entity, rest, query);
}

function rootOffer(entity: EntityDef, rest: string[], query: URLSearchParams): Offer | undefined {
	const context: RouteContext = { entity, endpoint: entity.name };
	const rootWrites = entity.parent ? { create: false, update: false, delete: false } : entity.writes;
	const tail = rest.join('/');
	// GET variants bind the required `search` parameter; without it only the POST action matches.
	const hasSearch = query.has('search');
	switch (tail) {
		case '':
			return offer(context, { POST: rootWrites.create && 'create', PATCH: rootWrites.update && 'update', PUT: rootWrites.update && 'update' });
		case 'query':
			return offer(context, { GET: hasSearch && 'query', POST: 'query' });
		case 'query/count':
			return offer(context, { GET: hasSearch && 'count', POST: 'count' });
		case 'query/next':
			return offer(context, { GET: hasSearch && 'queryNext', POST: 'queryNext' });
		default: {
			const metadata = metadataOffer(context, rest);
			if (metadata) return metadata;
			const id = rest.length === 1 ? parseId(rest[0]) : undefined;
			if (id === undefined) return undefined;
			return offer({ ...context, id }, { GET: 'get', DELETE: rootWrites.delete && 'delete' });
		}
	}
}

function childOffer(child: EntityDef, parentId: number, rest: string[]): Offer | undefined {
	const context: RouteContext = { entity: child, parentId, endpoint: child.name };
	const { writes } = child;
	if (rest.length === 0) {
		return offer(context, {
			GET: 'list',
			POST: writes.create && 'create',
			PATCH: writes.update && 'update',
			PUT: writes.update && 'update',
		});
	}
	const metadata = metadataOffer(context, rest);
	if (metadata) return metadata;
	const id = rest.length === 1 ? parseId(rest[0]) : undefined;
	return id === undefined ? undefined : offer({ ...context, id }, { GET: 'get', DELETE: writes.delete && 'delete' });
}

const METADATA_ACTIONS: Record<string, RouteAction> = {
	'': 'entityInformation',
	fields: 'fields',
	userdefinedfields: 'udf',
};

function metadataOffer(context: RouteContext, rest: string[]): Offer | undefined {
	if (rest[0] !== 'entityinformation' || rest.length > 2) return undefined;
	const action = METADATA_ACTIONS[rest[1] ?? ''];
	return action ? offer(context, { GET: action }) : undefined;
}

/** Drops the methods whose action is switched off (`false`). */
function offer(context: RouteContext, candidates: Record<string, RouteAction | false>): Offer {
	const actions: Partial<Record<string, RouteAction>> = {};
	for (const [method, action] of Object.entries(candidates)) if (action) actions[method] = action;
	return { context, actions };
}

/** A malformed escape just fails to match any route, as it would in ASP.NET. */
function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function parseId(segment: string | undefined): number | undefined {
	return segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : undefined;
}
