/**
 * Shared set-up for the trigger's simulator tests: the node registered with the harness, pollers
 * with the simulator's credential, and the oracle that compares emitted events with the
 * simulator's own change log.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { buildNode, createPoller } from './harness';
import type { Poller } from './harness';
import { registerPackageNode } from './harness';
import { credentialsFor } from './helpers/simulatorSetup';
import type { Simulator } from './simulator';

export const TRIGGER = registerPackageNode(new AutotaskTrigger());

export function triggerPoller(
	sim: Simulator,
	parameters: IDataObject,
	options: { staticData?: IDataObject; mode?: 'trigger' | 'manual'; impersonationResourceId?: number } = {},
): Poller {
	return createPoller({
		node: buildNode(TRIGGER, parameters as INodeParameters, { name: 'Autotask Trigger' }),
		credentials: credentialsFor(sim, sim.users.default, options.impersonationResourceId),
		staticData: options.staticData,
		mode: options.mode,
	});
}

/** The JSON of the items a poll emitted ([] for a null poll). */
export function eventsOf(result: INodeExecutionData[][] | null): IDataObject[] {
	return (result?.[0] ?? []).map((item) => item.json);
}

export const eventOf = (json: IDataObject) => json.event as IDataObject;

/** Polls until a poll emits nothing; returns everything emitted and how many polls it took. */
export async function drain(poller: Poller, limit = 50): Promise<{ events: IDataObject[]; polls: number }> {
	const events: IDataObject[] = [];
	for (let polls = 1; polls <= limit; polls++) {
		const batch = eventsOf(await poller.poll());
		if (batch.length === 0) return { events, polls };
		events.push(...batch);
	}
	throw new Error(`Still emitting after ${limit} polls`);
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('Timed out waiting for a condition');
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

/** The change log's last sequence number: changes after it are "new". */
export function logMark(sim: Simulator): number {
	const log = sim.store.changeLog;
	return log.length ? log[log.length - 1].seq : 0;
}

/** The latest change time (epoch ms) of every record of `entity` changed after `since`. */
export function latestChanges(sim: Simulator, entity: string, since: number): Map<number, number> {
	const latest = new Map<number, number>();
	for (const entry of sim.store.changeLog) {
		if (entry.seq > since && entry.entity === entity) latest.set(entry.id, Date.parse(entry.at));
	}
	return latest;
}

/**
 * No loss, no repeat: each (id, version) emitted at most once, versions of one id increasing, and
 * the last version emitted for every changed record is its latest change in the change log (and
 * nothing else was emitted).
 */
export function expectExactlyTheChanges(events: IDataObject[], latest: Map<number, number>, versionField: string): void {
	const seen = new Set<string>();
	const lastEmitted = new Map<number, number>();
	for (const json of events) {
		const id = Number(eventOf(json).id);
		const version = Date.parse(String(json[versionField]));
		const key = `${id}@${version}`;
		if (seen.has(key)) throw new Error(`Emitted twice: ${key}`);
		seen.add(key);
		const previous = lastEmitted.get(id);
		if (previous !== undefined && version <= previous) throw new Error(`Out of order for ${id}`);
		lastEmitted.set(id, version);
	}
	const missing = [...latest].filter(([id, at]) => lastEmitted.get(id) !== at);
	const extra = [...lastEmitted.keys()].filter((id) => !latest.has(id));
	expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ missing: [], extra: [] });
}
