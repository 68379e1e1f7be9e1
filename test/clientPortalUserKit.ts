import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { registerPackageNode } from './harness';
import type { RunResult } from './harness';
import { runNode } from './helpers/nodeRun';
import type { RunNodeOptions } from './helpers/nodeRun';
import type { Simulator, WireRecord } from './simulator';

/** Shared set-up for the Client Portal User workflow tests (simulator seed 'small'). */

export const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
export const NODE_NAME = 'Portal';

/** Runs Manual Trigger -> Items -> the portal user node with `parameters`. */
export async function runPortal(
	sim: Simulator,
	parameters: Record<string, unknown>,
	options: Omit<RunNodeOptions, 'name'> = {},
): Promise<RunResult> {
	return await runNode(PORTAL_USER, sim, parameters, { ...options, name: NODE_NAME });
}

export function outputOf(result: RunResult, name = NODE_NAME): INodeExecutionData[] {
	if (result.status !== 'success') throw new Error(`Run failed: ${result.error?.message} (${result.error?.description})`);
	return result.output(name);
}

export function jsonOf(result: RunResult, name = NODE_NAME): IDataObject[] {
	return outputOf(result, name).map((item) => item.json);
}

export function byId(id: number | string) {
	return { __rl: true, mode: 'id', value: String(id) };
}

export function byEmail(email: string) {
	return { __rl: true, mode: 'email', value: email };
}

export function portalUsers(sim: Simulator): WireRecord[] {
	return sim.store.all('ClientPortalUsers');
}

export function portalUserOfContact(sim: Simulator, contactId: number): WireRecord | undefined {
	return portalUsers(sim).find((user) => user.contactID === contactId);
}

/** Seeded contacts that have no portal user yet, with their company. */
export function contactsWithoutPortalUser(sim: Simulator): WireRecord[] {
	const taken = new Set(portalUsers(sim).map((user) => user.contactID));
	return sim.store.all('Contacts').filter((contact) => !taken.has(contact.id));
}

export function companyNamed(sim: Simulator, name: string): WireRecord {
	const company = sim.store.all('Companies').find((candidate) => candidate.companyName === name);
	if (!company) throw new Error(`No seeded company ${name}`);
	return company;
}

/** Adds a contact (to a company) for a test. */
export function addContact(sim: Simulator, companyID: number, values: IDataObject = {}): WireRecord {
	return sim.store.insert('Contacts', {
		companyID,
		firstName: 'New',
		lastName: 'Contact',
		emailAddress: `new.contact.${Math.random().toString(36).slice(2, 8)}@client.example`,
		isActive: 1,
		...values,
	});
}

/** Requests of one kind (and entity) the simulator saw since the last reset. */
export function requestsOf(sim: Simulator, kind: string, entity?: string) {
	return sim.requests.filter((request) => request.kind === kind && (entity === undefined || request.entity === entity));
}

/**
 * What a run leaves behind, serialised: outputs, errors and run data, without the workflow's own
 * node definitions (whose parameters hold what the user typed).
 */
export function serialisedRun(result: RunResult): string {
	const raw = result.error?.raw as { node?: unknown } | undefined;
	return JSON.stringify(
		{ error: result.error && { ...result.error, raw: raw && { ...raw, node: undefined } }, run: result.run },
		(key, value: unknown) =>
			key === 'node' && typeof value === 'object' && value !== null && 'parameters' in value ? '[node definition]' : value,
	);
}
