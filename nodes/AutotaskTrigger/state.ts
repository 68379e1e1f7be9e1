import type { IDataObject } from 'n8n-workflow';

import type { AutotaskFilter } from '../transport/types';
import { digest } from './hash';
import type { TriggerPlan } from './plan';
import type { AscendingIdState } from './strategies/ascendingId';
import type { SnapshotState } from './strategies/snapshot';
import type { TimestampState } from './strategies/timestamp';

/**
 * What the trigger keeps in the workflow's static data for its node. It is written once, at the
 * end of a poll that succeeded, and read at the start of the next. Everything needed to poll again
 * is here, so a poll with state needs no metadata request.
 */

const STATE_KEY = 'autotaskTrigger';
export const STATE_VERSION = 1;

export type DetectionState = TimestampState | AscendingIdState | SnapshotState;

export interface TriggerState {
	version: typeof STATE_VERSION;
	/** Fingerprint of what is watched; any difference re-arms the trigger. */
	config: string;
	plan: TriggerPlan;
	/** The Autotask filter built from the filter parameters whose fingerprint is `source`. */
	filter: { source: string; conditions: AutotaskFilter[] };
	/** The API user's own resource (for "Ignore Changes Made by This Credential"). */
	ownResourceId?: number;
	detection: DetectionState;
}

/** JSON with object keys sorted, so equal settings always give equal fingerprints. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as IDataObject)
			.sort()
			.filter((key) => (value as IDataObject)[key] !== undefined)
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as IDataObject)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

export function fingerprint(value: unknown): string {
	return digest(canonicalJson(value), 16);
}

/** The state for this configuration, or undefined when there is none (or it was for other settings). */
export function loadState(staticData: IDataObject, config: string): TriggerState | undefined {
	const stored = staticData[STATE_KEY];
	if (!stored || typeof stored !== 'object') return undefined;
	// A plain copy: n8n hands static data out wrapped in change-tracking proxies.
	const state = JSON.parse(JSON.stringify(stored)) as TriggerState;
	if (state.version !== STATE_VERSION || state.config !== config) return undefined;
	if (state.detection?.strategy !== state.plan?.detection?.strategy) return undefined;
	return state;
}

export function saveState(staticData: IDataObject, state: TriggerState): void {
	staticData[STATE_KEY] = state as unknown as IDataObject;
}
