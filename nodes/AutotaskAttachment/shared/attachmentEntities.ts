import type { INodePropertyOptions } from 'n8n-workflow';

import { ENTITY_CATALOG } from '../../common/catalog';
import type { EntityCatalogEntry } from '../../common/catalog';
import type { EntityPath } from '../../transport';

/**
 * One kind of attachment: the catalog's `<Parent>Attachments` entity, written, read with bytes and
 * deleted under its parent record (`Tickets/{id}/Attachments`), listed at its root filtered on
 * the parent's id field.
 */
export interface AttachmentEntity {
	/** REST name: `TicketAttachments`. */
	entity: string;
	/** What the user picks: `Ticket`, `Ticket Note`. */
	parentLabel: string;
	/** The parent's REST name and URL: `Tickets`. */
	parentEntity: string;
	segment: string;
	/**
	 * The parent's id field on the attachment record as Autotask names it since 2021.1
	 * (`ticketID`, `ticketNoteID`, `articleID`): the entity name without `Attachments`.
	 */
	parentIdField: string;
}

const SUFFIX = 'Attachments';

function toAttachmentEntity(entry: EntityCatalogEntry): AttachmentEntity | undefined {
	if (!entry.parent || !entry.name.endsWith(SUFFIX) || entry.name === SUFFIX) return undefined;
	if (!entry.ops.create || !entry.ops.delete) return undefined;
	const stem = entry.name.slice(0, -SUFFIX.length);
	return {
		entity: entry.name,
		parentLabel: entry.displayName.replace(/ Attachment$/, ''),
		parentEntity: entry.parent.parentPath ?? entry.parent.entity,
		segment: entry.parent.segment,
		parentIdField: `${stem.charAt(0).toLowerCase()}${stem.slice(1)}ID`,
	};
}

/** Every attachment entity of the catalog (2026 operation list), by parent label. */
export const ATTACHMENT_ENTITIES: readonly AttachmentEntity[] = ENTITY_CATALOG.flatMap((entry) => {
	const attachment = toAttachmentEntity(entry);
	return attachment ? [attachment] : [];
}).sort((a, b) => a.parentLabel.localeCompare(b.parentLabel));

const byEntity = new Map(ATTACHMENT_ENTITIES.map((attachment) => [attachment.entity.toLowerCase(), attachment]));

/** The attachment entity for a Parent Type value (`TicketAttachments`), ignoring case. */
export function findAttachmentEntity(name: string): AttachmentEntity | undefined {
	return byEntity.get(name.trim().toLowerCase());
}

export const PARENT_TYPE_OPTIONS: INodePropertyOptions[] = ATTACHMENT_ENTITIES.map((attachment) => ({
	name: attachment.parentLabel,
	value: attachment.entity,
	description: `${attachment.entity}: ${attachment.parentEntity}/{ID}/${attachment.segment}`,
}));

/** Where an attachment is written and deleted: under its parent record. */
export function attachmentPath(attachment: AttachmentEntity, parentId: number): EntityPath {
	return {
		entity: attachment.entity,
		parent: { entity: attachment.parentEntity, id: parentId, segment: attachment.segment },
	};
}
