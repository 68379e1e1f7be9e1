import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, autotaskError, messages } from '../errors';
import type { Actor, Store } from '../store/store';
import type { ApiUser, ApiUserRegistry, ZoneId } from './apiUsers';

export interface Authenticated {
	user: ApiUser;
	actor: Actor;
}

/**
 * Checks the UserName / Secret / ApiIntegrationCode headers (Node lower-cases header names, so
 * any capitalisation works, as in HTTP). Statuses follow live reports (apigrate/autotask-restapi#19):
 * unknown user 500, wrong secret 401, wrong integration code 500. A user whose tenant lives in
 * another zone, or whose Resource is inactive, also gets 401.
 */
export function authenticate(
	headers: IncomingHttpHeaders,
	zone: ZoneId,
	users: ApiUserRegistry,
	store: Store,
): Authenticated {
	const userName = header(headers, 'username');
	const user = users.find(userName);
	if (!user) throw autotaskError(messages.unknownUser(userName));
	const resource = store.getRecord('Resources', user.resourceId);
	if (header(headers, 'secret') !== user.secret || user.zone !== zone || resource?.isActive !== true) {
		throw new ApiError(401, { Message: messages.unauthorized });
	}
	if (header(headers, 'apiintegrationcode') !== user.integrationCode) throw autotaskError(messages.badIntegrationCode);
	return { user, actor: actingResource(headers, user, store) };
}

/** With ImpersonationResourceId, writes are attributed to that (active) resource instead. */
function actingResource(headers: IncomingHttpHeaders, user: ApiUser, store: Store): Actor {
	const requested = header(headers, 'impersonationresourceid');
	if (requested === '') return { resourceId: user.resourceId };
	const id = /^\d+$/.test(requested) ? Number(requested) : NaN;
	const resource = store.getRecord('Resources', id);
	if (!resource || resource.isActive !== true) throw autotaskError(messages.badImpersonation(requested));
	return { resourceId: id, impersonatorResourceId: user.resourceId };
}

function header(headers: IncomingHttpHeaders, name: string): string {
	const value = headers[name];
	return (Array.isArray(value) ? value[0] : value ?? '').trim();
}
