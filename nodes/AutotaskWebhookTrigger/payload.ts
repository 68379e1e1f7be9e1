import type { IDataObject } from 'n8n-workflow';

/** A callout as Autotask sends it (keys as documented; values as far as they are known). */
export interface Callout {
	action: string;
	/** The webhook's GUID; a notice without one is still bound to the webhook by its signature. */
	guid?: string;
	entityType: string;
	id: number;
	fields: IDataObject;
	eventTime?: string;
	sequenceNumber?: number;
	personId?: number;
}

const read = (body: IDataObject, name: string): unknown => {
	const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : body[key];
};

const optionalNumber = (value: unknown): number | undefined => {
	const number = Number(value);
	return value === null || value === undefined || value === '' || !Number.isFinite(number) ? undefined : number;
};

/**
 * Reads a signed body. Key case is tolerated (PascalCase documented, camelCase seen in clients).
 * A change needs an action and a numeric id; the deactivation notice's shape is not documented, so
 * for it only the action is required.
 */
export function parseCallout(rawBody: Buffer): Callout | undefined {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const data = body as IDataObject;
	const action = read(data, 'Action');
	const guid = read(data, 'Guid');
	const id = optionalNumber(read(data, 'Id'));
	if (typeof action !== 'string' || (guid !== undefined && typeof guid !== 'string')) return undefined;
	if (id === undefined && action.toLowerCase() !== 'deactivated') return undefined;
	const fields = read(data, 'Fields');
	const eventTime = read(data, 'EventTime');
	return {
		action,
		guid: guid as string | undefined,
		entityType: String(read(data, 'EntityType') ?? ''),
		id: id ?? 0,
		fields: typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? (fields as IDataObject) : {},
		eventTime: typeof eventTime === 'string' ? eventTime : undefined,
		sequenceNumber: optionalNumber(read(data, 'SequenceNumber')),
		personId: optionalNumber(read(data, 'PersonID')),
	};
}
