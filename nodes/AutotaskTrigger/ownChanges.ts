import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import type { AutotaskRecord } from '../transport/types';
import type { ActorSource, TriggerPlan } from './plan';
import type { EventType, OwnChangeTest } from './strategies/types';

/** Who "this credential" is in Autotask. */
export interface OwnIdentity {
	/** The API user's own resource. */
	resourceId: number;
	/** The resource its writes are attributed to, when the credential impersonates one. */
	impersonationResourceId?: number;
}

const RESOURCE_PERSON_TYPE = 1;

const asId = (value: unknown) => (value === null || value === undefined || value === '' ? undefined : Number(value));

/**
 * Whether the record's last change (or its creation) was made through this credential. Where the
 * entity records the impersonator, that decides: set means the API user wrote while impersonating,
 * empty means the named person wrote it themselves. Where it does not, a change attributed to the
 * impersonated resource is taken as ours.
 */
export function madeBy(record: AutotaskRecord, source: ActorSource, identity: OwnIdentity): boolean {
	const personType = source.personTypeField ? asId(record[source.personTypeField]) : undefined;
	if (personType !== undefined && personType !== RESOURCE_PERSON_TYPE) return false;
	const actor = asId(record[source.field]);
	if (source.impersonatorField) {
		const impersonator = asId(record[source.impersonatorField]);
		if (impersonator !== undefined) return impersonator === identity.resourceId;
		return actor === identity.resourceId;
	}
	return actor !== undefined && (actor === identity.resourceId || actor === identity.impersonationResourceId);
}

export const NEVER_OWN: OwnChangeTest = () => false;

/** Where the plan's records say who made them; throws when the entity does not record it. */
export function actorSources(node: INode, entity: string, plan: TriggerPlan): TriggerPlan['actors'] {
	const event = plan.detection.event;
	const needs: Array<'created' | 'updated'> =
		event === 'created' ? ['created'] : event === 'createdOrUpdated' ? ['created', 'updated'] : ['updated'];
	const missing = needs.filter((kind) => !plan.actors[kind]);
	if (missing.length > 0) {
		throw new NodeOperationError(node, `${entity} records do not say who ${missing.includes('updated') ? 'changed' : 'created'} them`, {
			description:
				'"Ignore Changes Made by This Credential" needs a field such as lastActivityResourceID or creatorResourceID, which this entity does not have. Turn the option off for this entity.',
		});
	}
	return plan.actors;
}

/** The test for changes made through this credential. */
export function ownChangeTest(actors: TriggerPlan['actors'], identity: OwnIdentity): OwnChangeTest {
	return (record: AutotaskRecord, type: EventType) => {
		const source = type === 'created' ? actors.created : actors.updated;
		return source !== undefined && madeBy(record, source, identity);
	};
}
