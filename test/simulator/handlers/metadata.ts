import type { EntityDef } from '../entities/types';
import { ok, type AuthenticatedRequest, type Handler } from './types';

type Access = 'All' | 'None';

/**
 * GET /{Entity}/entityInformation. userAccessFor* are strings on the wire ("All", "None",
 * "Restricted"), not the 0/1/2 the docs describe; they reflect the calling user's rights.
 */
export const entityInformation: Handler = (request) => {
	const entity = entityOf(request);
	const { writes } = entity;
	const access = (allowed: boolean): Access => (allowed ? 'All' : 'None');
	const canUpdate = writes.update && (entity.canUpdate?.(request.auth.user) ?? true);
	return ok({
		info: {
			name: entity.name,
			canCreate: writes.create,
			canDelete: writes.delete,
			canQuery: true,
			canUpdate: writes.update,
			userAccessForCreate: access(writes.create),
			userAccessForDelete: access(writes.delete),
			userAccessForQuery: access(true),
			userAccessForUpdate: access(canUpdate),
			hasUserDefinedFields: entity.hasUserDefinedFields,
			supportsWebhookCallouts: entity.supportsWebhookCallouts,
		},
	});
};

/** GET /{Entity}/entityInformation/fields, with the real key order. */
export const fieldDefinitions: Handler = (request) =>
	ok({
		fields: entityOf(request).fields.map((field) => ({
			name: field.name,
			dataType: field.dataType,
			length: field.length,
			isRequired: field.isRequired,
			isReadOnly: field.isReadOnly,
			isQueryable: field.isQueryable,
			isReference: field.referenceEntityType !== '',
			referenceEntityType: field.referenceEntityType,
			isPickList: field.picklistValues !== null,
			picklistValues: field.picklistValues,
			picklistParentValueField: field.picklistParentValueField,
			isSupportedWebhookField: field.isSupportedWebhookField,
		})),
	});

/** GET /{Entity}/entityInformation/userDefinedFields: the tenant's UDF definitions. */
export const udfDefinitions: Handler = (request, { store }) =>
	ok({ fields: store.udfDefinitions(entityOf(request)) });

export function entityOf({ route }: AuthenticatedRequest): EntityDef {
	if (!route.entity) throw new Error(`Route ${route.action} has no entity`);
	return route.entity;
}
