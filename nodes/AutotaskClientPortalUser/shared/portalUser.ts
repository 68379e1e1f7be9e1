import { NodeOperationError, UserError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { findByValues, matchKey, readOrError, resolveReferences } from '../../common/lookup';
import type { ReferenceOrError } from '../../common/lookup';
import { refusal } from '../../common/refusal';
import { requiredText, requiredWholeNumber } from '../../common/requiredParameters';
import type { AutotaskClient, AutotaskRecord } from '../../transport';
import { readContactReference, resolveContactIds } from './contact';
import { asNodeError } from '../../common/nodeError';

export const PORTAL_USERS = 'ClientPortalUsers';
export const PORTAL_USER_NOUN = 'client portal user';

/** Autotask's Taskfire security levels: Resource (4) and Administrator (5). */
export const TASKFIRE_SECURITY_LEVELS: readonly number[] = [4, 5];

export const USER_NAME_MAX_LENGTH = 200;

export type PortalUserStatus = 'ACTIVE' | 'TERMINATED';

export function portalUserStatus(record: IDataObject): PortalUserStatus {
	return record.isClientPortalActive === true ? 'ACTIVE' : 'TERMINATED';
}

/** A record with its derived status; `shapeRecord` then keeps the password field out of the output. */
export function portalUserForOutput(record: IDataObject): IDataObject {
	return { ...record, status: portalUserStatus(record) };
}

export function describePortalUser(record: IDataObject): string {
	return typeof record.userName === 'string' && record.userName !== ''
		? `client portal user "${record.userName}" (ID ${String(record.id)})`
		: `client portal user ${String(record.id)}`;
}

/**
 * Reads each item's "Find User By" choice and looks every item's portal user up together: by id or
 * username directly, by contact after resolving e-mail addresses to contacts. Items with an error
 * in `refused` (input already found invalid) keep that error and are not looked up.
 */
export async function locatePortalUsers(
	ctx: IExecuteFunctions,
	client: AutotaskClient,
	refused: ReadonlyArray<Error | undefined> = [],
): Promise<Array<AutotaskRecord | Error>> {
	const node = ctx.getNode();
	const items = ctx.getInputData();
	const findBy = items.map(
		(_, itemIndex) => refused[itemIndex] ?? readOrError(() => ctx.getNodeParameter('findBy', itemIndex) as string),
	);
	const contactReferences: ReferenceOrError[] = items.map((_, itemIndex) =>
		readOrError(() => {
			if (findBy[itemIndex] !== 'contact') throw new Error('not found by contact');
			const reference = readContactReference(ctx, 'contact', itemIndex);
			if (!reference) throw new NodeOperationError(node, 'Contact is required: choose a contact', { itemIndex });
			return reference;
		}),
	);
	const contactIds = findBy.includes('contact')
		? await resolveContactIds(ctx, client, contactReferences)
		: [];

	const references: ReferenceOrError[] = items.map((_, itemIndex) =>
		readOrError(() => {
			const by = findBy[itemIndex];
			if (by instanceof Error) throw by;
			if (by === 'contact') {
				const contactId = contactIds[itemIndex];
				if (contactId instanceof Error) throw contactId;
				return { field: 'contactID', value: contactId, describe: `contact ID ${contactId}` };
			}
			if (by === 'userName') {
				const userName = requiredText(ctx, 'userName', itemIndex, 'Username');
				return { field: 'userName', value: userName, describe: `username "${userName}"` };
			}
			const id = requiredWholeNumber(ctx, 'portalUserId', itemIndex, 'Portal User ID');
			return { field: 'id', value: id, describe: `ID ${id}` };
		}),
	);
	return await resolveReferences(node, client, PORTAL_USERS, PORTAL_USER_NOUN, references);
}

/** A username as it will be sent: trimmed, present and within Autotask's 200 characters (else a UserError). */
export function readUserName(value: unknown): string {
	const userName = String(value ?? '').trim();
	if (userName === '') throw new UserError('Username must not be empty');
	if (userName.length > USER_NAME_MAX_LENGTH) {
		throw new UserError(`Username must be at most ${USER_NAME_MAX_LENGTH} characters (it has ${userName.length})`);
	}
	return userName;
}

export function userNameTakenError(
	node: INode,
	userName: string,
	itemIndex: number,
	holderId?: number,
): NodeOperationError {
	const holder = holderId === undefined ? 'another client portal user' : `client portal user ${holderId}`;
	return refusal(node, `Username "${userName}" is already taken by ${holder}`, {
		itemIndex,
		description: 'Autotask requires every client portal username to be unique. Choose another username.',
	});
}

/** True for Autotask's own refusal of a duplicate username (the check before sending can race). */
export function isDuplicateUserNameError(error: unknown): boolean {
	const texts = [(error as Error)?.message, (error as { description?: unknown })?.description]
		.filter((text): text is string => typeof text === 'string')
		.join(' ');
	return /user ?name/i.test(texts) && /unique|already|duplicate|exists|in use|taken/i.test(texts);
}

/**
 * The error to report for a failed portal-user write: Autotask's duplicate-username refusal
 * becomes the same message as the check before sending; anything else stays as the transport
 * reported it (a NodeApiError carrying no request body, so never a password).
 */
export function portalUserWriteError(node: INode, error: unknown, userName: unknown, itemIndex: number): Error {
	if (typeof userName === 'string' && userName !== '' && isDuplicateUserNameError(error)) {
		return userNameTakenError(node, userName, itemIndex);
	}
	return asNodeError(node, error, itemIndex);
}

/** Existing portal users holding any of `userNames`, by lower-cased username (one query per 500). */
export async function portalUsersByUserName(
	client: AutotaskClient,
	userNames: readonly string[],
): Promise<Map<string, AutotaskRecord[]>> {
	return await findByValues(client, PORTAL_USERS, 'userName', userNames);
}

/**
 * Marks every item whose username is held by another user than `ownIds[itemIndex]`, or is asked
 * for by an earlier item of the same run.
 */
export function userNameConflicts(
	node: INode,
	userNames: ReadonlyArray<string | undefined>,
	existing: Map<string, AutotaskRecord[]>,
	ownIds: ReadonlyArray<number | undefined> = [],
): Array<Error | undefined> {
	const claimed = new Map<string, number>();
	return userNames.map((userName, itemIndex) => {
		if (userName === undefined) return undefined;
		const key = matchKey(userName);
		const holder = (existing.get(key) ?? []).find((record) => record.id !== ownIds[itemIndex]);
		if (holder) return userNameTakenError(node, userName, itemIndex, holder.id);
		if (claimed.has(key)) {
			return new NodeOperationError(node, `Username "${userName}" is also used by item ${claimed.get(key)}`, {
				itemIndex,
				description: 'Autotask requires every client portal username to be unique, also within one run.',
			});
		}
		claimed.set(key, itemIndex);
		return undefined;
	});
}

/**
 * The companies with Taskfire among `companyIds`, asked only when some item wants a Taskfire
 * security level (one query per 500 companies).
 */
export async function taskfireCompanyIds(client: AutotaskClient, companyIds: readonly number[]): Promise<Set<number>> {
	if (companyIds.length === 0) return new Set();
	const companies = await findByValues(client, 'Companies', 'id', companyIds);
	const withTaskfire = new Set<number>();
	for (const [, records] of companies) {
		for (const company of records) if (company.isTaskFireActive === true) withTaskfire.add(company.id);
	}
	return withTaskfire;
}

export function taskfireRefusal(
	node: INode,
	securityLevel: string,
	who: string,
	companyId: unknown,
	itemIndex: number,
): NodeOperationError {
	return refusal(
		node,
		`Security level ${securityLevel} is a Taskfire level, but the company of ${who} (company ${String(companyId)}) does not have Taskfire`,
		{
			itemIndex,
			description:
				'Autotask allows the Taskfire security levels 4 (Resource) and 5 (Administrator) only for contacts of companies with Taskfire enabled. Choose another security level, or enable Taskfire for the company in Autotask.',
		},
	);
}
