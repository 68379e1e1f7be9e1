import type { AutotaskFilter, AutotaskRecord } from '../../transport/types';

/** What the user asks the trigger to watch for. */
export type TriggerEvent =
	| 'created'
	| 'updated'
	| 'createdOrUpdated'
	| 'accessGranted'
	| 'accessRevoked'
	| 'activated'
	| 'deactivated';

/** What an emitted item says happened (`createdOrUpdated` reports one of the two). */
export type EventType = Exclude<TriggerEvent, 'createdOrUpdated'>;

/** One change a strategy found and decided to emit. */
export interface DetectedChange {
	record: AutotaskRecord;
	type: EventType;
	/** Snapshot strategy only: the fields whose values differ from the previous snapshot. */
	changedFields?: string[];
}

/**
 * Reads the records matching the user's filter AND the strategy's own `conditions`, page by page,
 * in Autotask's order (ascending id). Any request failure rejects.
 */
export type PageReader = (
	conditions: AutotaskFilter[],
	options?: { limit?: number; includeFields?: string[] },
) => AsyncIterable<AutotaskRecord[]>;

/** Says whether a change was made by this credential (and so must not trigger the workflow). */
export type OwnChangeTest = (record: AutotaskRecord, type: EventType) => boolean;

export interface PollInput<State> {
	/** The strategy's state from the last poll; undefined arms the trigger (nothing is emitted). */
	state: State | undefined;
	read: PageReader;
	/** At most this many changes are emitted; the rest wait for the next poll. */
	maxEvents: number;
	isOwnChange: OwnChangeTest;
}

export interface PollOutcome<State> {
	changes: DetectedChange[];
	/** The state to keep; the caller stores it only after the whole poll succeeded. */
	state: State;
}
