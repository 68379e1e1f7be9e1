import type { RouteAction } from '../http/router';
import { create, getById, remove, update } from './crud';
import { thresholdInformation, version, versionInformation, zoneInformation } from './discovery';
import { entityInformation, fieldDefinitions, udfDefinitions } from './metadata';
import { count, listChildren, query, queryNext } from './query';
import type { Handler, PublicHandler } from './types';

type PublicAction = 'zoneInformation' | 'versionInformation';

/** Handlers of the routes that need no credentials. */
export const PUBLIC_HANDLERS: Record<PublicAction, PublicHandler> = { zoneInformation, versionInformation };

export const HANDLERS: Record<Exclude<RouteAction, PublicAction>, Handler> = {
	version,
	threshold: thresholdInformation,
	query,
	queryNext,
	count,
	list: listChildren,
	get: getById,
	create,
	update,
	delete: remove,
	entityInformation,
	fields: fieldDefinitions,
	udf: udfDefinitions,
};

export function isPublicAction(action: RouteAction): action is PublicAction {
	return action in PUBLIC_HANDLERS;
}
