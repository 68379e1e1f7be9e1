import { formatAutotaskDateTime } from '../clock';
import { requireEntity } from '../entities/catalog';
import type { EntityDef, SynthesisContext } from '../entities/types';
import type { Store } from '../store/store';

export interface BulkOptions {
	/** Give every record the same audit timestamps (the clock's now). */
	sameTimestamp?: boolean;
}

/**
 * Adds `count` valid synthetic records of an entity, fast enough for benchmarks (100,000
 * contacts in well under a second or two): no validation, no change log, no per-record copies.
 * Timestamps end at the clock's now, one second apart in id order, unless `sameTimestamp`.
 * Records they reference (companies for contacts, ...) are created when none exist yet.
 */
export function seedBulk(store: Store, entityName: string, count: number, options: BulkOptions = {}): void {
	const entity = requireEntity(entityName);
	const context = synthesisContext(store);
	const nowMs = store.clock.now().getTime();
	const stampFields = [...(entity.audit.createdAt ?? []), ...(entity.audit.modifiedAt ?? [])];
	const firstIndex = store.table(entity).ids.length;
	for (let offset = 0; offset < count; offset++) {
		const stamp = formatAutotaskDateTime(new Date(options.sameTimestamp ? nowMs : nowMs - (count - 1 - offset) * 1000));
		insertSynthetic(store, entity, entity.synthesize(firstIndex + offset, context), (values) => {
			for (const name of stampFields) values[name] = stamp;
		});
	}
}

function synthesisContext(store: Store): SynthesisContext {
	const context: SynthesisContext = {
		store,
		pickId(entityName, index) {
			const { ids } = store.table(requireEntity(entityName));
			return ids.length > 0 ? ids[index % ids.length] : context.createRelated(entityName, 0);
		},
		createRelated(entityName, index) {
			const entity = requireEntity(entityName);
			return insertSynthetic(store, entity, entity.synthesize(index, context));
		},
	};
	return context;
}

function insertSynthetic(
	store: Store,
	entity: EntityDef,
	partial: Record<string, unknown>,
	adjust?: (values: Record<string, unknown>) => void,
): number {
	const { values, udfValues } = store.toStoredValues(entity, partial);
	adjust?.(values);
	return store.createRecord(entity, values, udfValues, store.actorFor({}), false).id;
}
