import { ATTACHMENT_ENTITIES } from './attachments';
import { clientPortalUsers } from './clientPortalUsers';
import { companies } from './companies';
import { configurationItems } from './configurationItems';
import { contacts } from './contacts';
import { projects } from './projects';
import { resources } from './resources';
import { tasks } from './tasks';
import { ticketNotes } from './ticketNotes';
import { tickets } from './tickets';
import { timeEntries } from './timeEntries';
import type { EntityDef, FieldDef } from './types';
import { entitiesOf, webhookFamilies } from '../webhooks/entities';

export const ENTITIES: EntityDef[] = [
	companies,
	contacts,
	clientPortalUsers,
	resources,
	tickets,
	ticketNotes,
	projects,
	tasks,
	timeEntries,
	configurationItems,
	...ATTACHMENT_ENTITIES,
];

/** The webhook entities of the five entities that support callouts. */
export const WEBHOOK_FAMILIES = webhookFamilies({ companies, contacts, configurationItems, tickets, ticketNotes });
ENTITIES.push(...entitiesOf(WEBHOOK_FAMILIES));

const byName = new Map(ENTITIES.map((entity) => [entity.name.toLowerCase(), entity]));
const bySingular = new Map(ENTITIES.map((entity) => [entity.singular.toLowerCase(), entity]));
const fieldIndexes = new Map(
	ENTITIES.map((entity) => [entity, new Map(entity.fields.map((field) => [field.name.toLowerCase(), field]))]),
);

/** Entity names are case-insensitive in URLs, like the rest of the path. */
export function findEntity(name: string): EntityDef | undefined {
	return byName.get(name.toLowerCase());
}

export function requireEntity(name: string): EntityDef {
	const entity = findEntity(name);
	if (!entity) throw new Error(`Unknown entity: ${name}`);
	return entity;
}

/** The simulated entity a reference field points at ("Company" -> Companies), if simulated. */
export function entityForReference(referenceEntityType: string): EntityDef | undefined {
	return bySingular.get(referenceEntityType.toLowerCase());
}

/** The child entity written under /{parent}/{parentId}/{segment}. */
export function findChild(parent: EntityDef, segment: string): EntityDef | undefined {
	const wanted = segment.toLowerCase();
	return ENTITIES.find(
		(entity) => entity.parent?.entity === parent.name && entity.parent.segment.toLowerCase() === wanted,
	);
}

/** Field names are case-insensitive everywhere: bodies, filters, IncludeFields. */
export function findField(entity: EntityDef, name: string): FieldDef | undefined {
	return fieldIndexes.get(entity)?.get(name.toLowerCase());
}
