/**
 * The five entities Autotask calls out for, and what the trigger needs to know about each: the
 * webhook entity family (`TicketWebhooks`, `TicketWebhookFields`, ...), the names the payload's
 * `EntityType` uses, and the fields that date and attribute a change for the catch-up read.
 */
export interface WebhookEntity {
	/** REST entity name: "Tickets". */
	entity: string;
	displayName: string;
	/** Prefix of the webhook entities: "Ticket" -> TicketWebhooks, TicketWebhookFields, ... */
	family: string;
	/** `EntityType` values a callout may carry (Companies arrive as "Account"). */
	payloadTypes: string[];
	hasUdfs: boolean;
	/** When a tracked change happened (the catch-up cursor's field). */
	modifiedAt: string;
	createdAt: string;
	/** Who made the last change, where the entity records it (to honour excluded resources in catch-up). */
	modifiedBy?: string;
}

export const WEBHOOK_ENTITIES: WebhookEntity[] = [
	{
		entity: 'Companies',
		displayName: 'Company',
		family: 'Company',
		payloadTypes: ['Account', 'Company', 'Companies'],
		hasUdfs: true,
		modifiedAt: 'lastTrackedModifiedDateTime',
		createdAt: 'createDate',
	},
	{
		entity: 'Contacts',
		displayName: 'Contact',
		family: 'Contact',
		payloadTypes: ['Contact', 'Contacts'],
		hasUdfs: true,
		modifiedAt: 'lastModifiedDate',
		createdAt: 'createDate',
	},
	{
		entity: 'ConfigurationItems',
		displayName: 'Configuration Item',
		family: 'ConfigurationItem',
		payloadTypes: ['ConfigurationItem', 'ConfigurationItems', 'InstalledProduct'],
		hasUdfs: true,
		modifiedAt: 'lastModifiedTime',
		createdAt: 'createDate',
		modifiedBy: 'lastActivityPersonID',
	},
	{
		entity: 'Tickets',
		displayName: 'Ticket',
		family: 'Ticket',
		payloadTypes: ['Ticket', 'Tickets'],
		hasUdfs: true,
		modifiedAt: 'lastTrackedModificationDateTime',
		createdAt: 'createDate',
		modifiedBy: 'lastActivityResourceID',
	},
	{
		entity: 'TicketNotes',
		displayName: 'Ticket Note',
		family: 'TicketNote',
		payloadTypes: ['TicketNote', 'TicketNotes'],
		hasUdfs: false,
		modifiedAt: 'lastActivityDate',
		createdAt: 'createDateTime',
	},
];

export function webhookEntity(name: string): WebhookEntity | undefined {
	return WEBHOOK_ENTITIES.find((candidate) => candidate.entity.toLowerCase() === name.toLowerCase());
}

export const webhooksOf = (entity: WebhookEntity) => `${entity.family}Webhooks`;
export const fieldRowsOf = (entity: WebhookEntity) => `${entity.family}WebhookFields`;
export const udfRowsOf = (entity: WebhookEntity) => `${entity.family}WebhookUdfFields`;
export const excludedRowsOf = (entity: WebhookEntity) => `${entity.family}WebhookExcludedResources`;

/** Autotask's callout actions, as the trigger's events. */
export type WebhookEvent = 'created' | 'updated' | 'deleted';

export const EVENT_OF_ACTION: Record<string, WebhookEvent> = { create: 'created', update: 'updated', delete: 'deleted' };
