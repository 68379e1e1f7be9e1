import type { EntityDef } from '../entities/types';
import { autotaskError, messages } from '../errors';
import type { StoredRecord } from '../store/store';
import { prepareWrite, type WriteMode, type WriteRequest } from '../writes/prepareWrite';
import { entityOf } from './metadata';
import { ok, type AuthenticatedRequest, type Handler, type SimulatorState } from './types';

/**
 * GET /{Entity}/{id} (or /{Parent}/{parentId}/{Child}/{id}): `{"item":{...}}`. A missing record
 * is 200 `{"item":null}` as two production clients expect, or 404 with getMissingAs '404'.
 */
export const getById: Handler = (request, state) => {
	const entity = entityOf(request);
	const record = findInRoute(request, state);
	if (record && entity.bytesField) {
		const wire = state.store.present(entity, record);
		return request.route.parentId === undefined ? ok({ item: withoutBytes(entity, wire) }) : ok({ items: [wire] });
	}
	if (record) return ok({ item: state.store.present(entity, record) });
	if (state.getMissingAs === '404') {
		throw autotaskError(`No matching ${entity.name} record found with id [${request.route.id}].`, 404);
	}
	return ok({ item: null });
};

/** A record without the field only the GET through the parent returns (see `EntityDef.bytesField`). */
export function withoutBytes<T extends Record<string, unknown>>(entity: EntityDef, wire: T): T {
	if (!entity.bytesField) return wire;
	const { [entity.bytesField]: _bytes, ...rest } = wire;
	return rest as T;
}

/** POST /{Entity} or /{Parent}/{parentId}/{Child}: 200 `{"itemId": N}` (never 201). */
export const create: Handler = (request, state) => {
	const entity = entityOf(request);
	assertImpersonationAllowed(request, state, 'create');
	const { values, udfValues } = prepareWrite(writeRequest(request, state, 'create'));
	const record = state.store.createRecord(entity, values, udfValues, request.auth.actor);
	entity.afterWrite?.(state.store, record, request.auth.actor.resourceId);
	return ok({ itemId: record.id });
};

/** PATCH (only the given fields) or PUT (all fields) with the id in the body: `{"itemId": N}`. */
export const update: Handler = (request, state) => {
	const entity = entityOf(request);
	if (entity.canUpdate && !entity.canUpdate(request.auth.user)) throw autotaskError(messages.noUpdatePermission);
	assertImpersonationAllowed(request, state, 'update');
	const mode = request.method === 'PUT' ? 'put' : 'patch';
	const { target, values, udfValues } = prepareWrite(writeRequest(request, state, mode));
	state.store.updateRecord(entity, target, values, udfValues, request.auth.actor);
	entity.afterWrite?.(state.store, target, request.auth.actor.resourceId);
	return ok({ itemId: target.id });
};

/** DELETE /{Entity}/{id} or /{Parent}/{parentId}/{Child}/{id}: `{"itemId": id}`. */
export const remove: Handler = (request, state) => {
	const entity = entityOf(request);
	assertImpersonationAllowed(request, state, 'delete');
	const record = findInRoute(request, state);
	if (!record) throw autotaskError(messages.noRecordToDelete);
	const blockers = entity.deleteBlockers?.(state.store, record.id) ?? [];
	if (blockers.length > 0) throw autotaskError(blockers);
	state.store.deleteRecord(entity, record.id, request.auth.actor);
	return ok({ itemId: record.id });
};

/**
 * A write made on behalf of a resource whose security level does not allow impersonation for the
 * entity is refused, like a write the logged-in resource lacks the rights for.
 */
function assertImpersonationAllowed(request: AuthenticatedRequest, state: SimulatorState, verb: 'create' | 'update' | 'delete'): void {
	const { actor } = request.auth;
	if (actor.impersonatorResourceId === undefined) return;
	if (state.impersonationDenied.get(actor.resourceId)?.has(entityOf(request).name.toLowerCase())) {
		throw autotaskError(messages.noPermission(verb));
	}
}

/** The record named by the URL; on a child path it must belong to the parent in the URL. */
function findInRoute(request: AuthenticatedRequest, { store }: SimulatorState): StoredRecord | undefined {
	const { route } = request;
	const entity = entityOf(request);
	const record = route.id === undefined ? undefined : store.table(entity).records.get(route.id);
	if (!record || route.parentId === undefined || !entity.parent) return record;
	return record[entity.parent.field] === route.parentId ? record : undefined;
}

function writeRequest<Mode extends WriteMode>(
	request: AuthenticatedRequest,
	state: SimulatorState,
	mode: Mode,
): WriteRequest & { mode: Mode } {
	return {
		entity: entityOf(request),
		mode,
		body: request.body,
		parentId: request.route.parentId,
		user: request.auth.user,
		store: state.store,
	};
}
