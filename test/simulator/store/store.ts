import { formatAutotaskDateTime, type SimClock } from '../clock';
import { findField, requireEntity } from '../entities/catalog';
import type { EntityDef, EntityStore, FieldDef, StoredRecord, UdfDef } from '../entities/types';
import { coerceValue } from '../writes/coerce';
import { EntityTable, type UdfValues } from './entityTable';

export type { StoredRecord } from '../entities/types';
export type { UdfValues } from './entityTable';

/** Who performs a write: the resource it is attributed to, and the API user behind an impersonation. */
export interface Actor {
	resourceId: number;
	impersonatorResourceId?: number;
}

export interface ChangeLogEntry {
	seq: number;
	entity: string;
	id: number;
	type: 'create' | 'update' | 'delete';
	/** ISO 8601 UTC (with "Z") from the simulator clock. */
	at: string;
	/** The resource the change is attributed to (the impersonated one when impersonating). */
	by: number;
	/** Changed fields; UDFs appear as "userDefinedFields.<name>". */
	fields: string[];
}

export interface DirectWriteOptions {
	/** Resource the change is attributed to; defaults to the default API user's resource. */
	by?: number;
	/** Seeding passes false so pre-existing data does not show up as changes. */
	recordChange?: boolean;
}

/** A record presented as on the wire: every field, then userDefinedFields for UDF entities. */
export type WireRecord = Record<string, unknown>;

/**
 * The tenant's data: one table per entity, the UDF definitions and the change log. Validation
 * happens before data reaches here (see writes/); the store fills in what Autotask itself
 * maintains: ids, defaults, audit timestamps and the acting resource.
 */
export class Store implements EntityStore {
	readonly changeLog: ChangeLogEntry[] = [];
	/** Told of every logged change and every new UDF (the webhook dispatcher listens). */
	readonly listeners: { change: Array<(entry: ChangeLogEntry) => void>; udf: Array<(entity: string, udf: UdfDef) => void> } = {
		change: [],
		udf: [],
	};
	/** Set once the default API user exists; direct writes are attributed to it. */
	defaultActorResourceId = 0;
	private readonly tables = new Map<EntityDef, EntityTable>();
	private readonly udfs = new Map<EntityDef, UdfDef[]>();

	constructor(readonly clock: SimClock) {}

	table(entity: EntityDef): EntityTable {
		let table = this.tables.get(entity);
		if (!table) {
			table = new EntityTable(entity);
			this.tables.set(entity, table);
		}
		return table;
	}

	udfDefinitions(entity: EntityDef): UdfDef[] {
		return this.udfs.get(entity) ?? [];
	}

	/** Adds a user-defined field to an entity; unset properties get Autotask's usual values. */
	defineUdf(entityName: string, definition: UdfInput): UdfDef {
		const entity = requireEntity(entityName);
		const udf = completeUdf(definition);
		this.udfs.set(entity, [...this.udfDefinitions(entity), udf]);
		for (const listener of this.listeners.udf) listener(entity.name, udf);
		return udf;
	}

	/** Live record, for rules and handlers; never hand it out of the simulator. */
	getRecord(entityName: string, id: number): StoredRecord | undefined {
		return this.table(requireEntity(entityName)).records.get(id);
	}

	findFirst(entityName: string, predicate: (record: StoredRecord) => boolean): StoredRecord | undefined {
		for (const record of this.table(requireEntity(entityName)).records.values()) {
			if (predicate(record)) return record;
		}
		return undefined;
	}

	/** Creates a record from already validated, stored-form values. */
	createRecord(
		entity: EntityDef,
		values: Record<string, unknown>,
		udfValues: UdfValues,
		actor: Actor,
		recordChange = true,
	): StoredRecord {
		const table = this.table(entity);
		const id = table.allocateId();
		const now = this.clock.now();
		const initial: Record<string, unknown> = { ...entity.defaults, ...entity.generate?.(id, now) };
		const record = table.blank(id, (name) => values[name] ?? initial[name]);
		const { audit } = entity;
		const stamp = formatAutotaskDateTime(now);
		setUnlessGiven(record, values, audit.createdAt, stamp);
		setUnlessGiven(record, values, audit.modifiedAt, stamp);
		setUnlessGiven(record, values, audit.createdBy, actor.resourceId);
		setUnlessGiven(record, values, audit.modifiedBy, actor.resourceId);
		if (audit.impersonatorOnCreate) record[audit.impersonatorOnCreate] = actor.impersonatorResourceId ?? null;
		table.add(record);
		const setUdfs = Object.entries(udfValues).filter(([, value]) => value !== null);
		if (setUdfs.length > 0) table.udfValues.set(id, Object.fromEntries(setUdfs));
		if (recordChange) {
			const fields = Object.keys(record).filter((name) => name !== 'id' && record[name] !== null);
			this.log(entity, id, 'create', actor, [...fields, ...setUdfs.map(([name]) => `userDefinedFields.${name}`)]);
		}
		return record;
	}

	/** Applies validated changes and the audit fields, and logs the fields that changed. */
	updateRecord(
		entity: EntityDef,
		record: StoredRecord,
		changes: Record<string, unknown>,
		udfChanges: UdfValues,
		actor: Actor,
	): void {
		const { audit } = entity;
		const stamp = formatAutotaskDateTime(this.clock.now());
		const all: Record<string, unknown> = { ...changes };
		setUnlessGiven(all, changes, audit.modifiedAt, stamp);
		setUnlessGiven(all, changes, audit.modifiedBy, actor.resourceId);
		if (audit.impersonatorOnUpdate) all[audit.impersonatorOnUpdate] = actor.impersonatorResourceId ?? null;
		const changed = Object.keys(all).filter((name) => record[name] !== all[name]);
		Object.assign(record, all);
		changed.push(...this.applyUdfChanges(entity, record.id, udfChanges));
		this.log(entity, record.id, 'update', actor, changed);
	}

	deleteRecord(entity: EntityDef, id: number, actor: Actor): void {
		this.table(entity).remove(id);
		this.log(entity, id, 'delete', actor, []);
	}

	/** A system-side change that bypasses the audit fields (e.g. a note bumping its ticket's activity date). */
	touch(entityName: string, id: number, values: Record<string, unknown>, by: number): void {
		const entity = requireEntity(entityName);
		const record = this.table(entity).records.get(id);
		if (!record) return;
		const changes = this.toStoredValues(entity, values).values;
		const changed = Object.keys(changes).filter((name) => record[name] !== changes[name]);
		Object.assign(record, changes);
		this.log(entity, id, 'update', { resourceId: by }, changed);
	}

	/** Renders a record as the API returns it; with `include`, only those fields plus id. */
	present(entity: EntityDef, record: StoredRecord, include?: FieldDef[]): WireRecord {
		let wire: WireRecord;
		if (include) {
			wire = { id: record.id };
			for (const field of include) wire[field.name] = record[field.name];
		} else {
			wire = { ...record };
		}
		if (entity.hasUserDefinedFields) {
			// Autotask keeps an (empty) userDefinedFields array even when IncludeFields trims the record.
			const values = this.table(entity).udfValues.get(record.id);
			wire.userDefinedFields = include
				? []
				: this.udfDefinitions(entity).map((udf) => ({ name: udf.name, value: values?.[udf.name] ?? null }));
		}
		return wire;
	}

	findUdf(entity: EntityDef, name: string): UdfDef | undefined {
		const wanted = name.toLowerCase();
		return this.udfDefinitions(entity).find((udf) => udf.name.toLowerCase() === wanted);
	}

	// ---- Direct access for tests (sim.store): plain values in, wire-shaped copies out. ----

	insert(entityName: string, partial: Record<string, unknown>, options: DirectWriteOptions = {}): WireRecord {
		const entity = requireEntity(entityName);
		const { values, udfValues } = this.toStoredValues(entity, partial);
		const record = this.createRecord(entity, values, udfValues, this.actorFor(options), options.recordChange ?? true);
		return this.present(entity, record);
	}

	update(entityName: string, id: number, patch: Record<string, unknown>, options: DirectWriteOptions = {}): WireRecord {
		const entity = requireEntity(entityName);
		const record = this.table(entity).records.get(id);
		if (!record) throw new Error(`${entity.name} ${id} does not exist`);
		const { values, udfValues } = this.toStoredValues(entity, patch);
		this.updateRecord(entity, record, values, udfValues, this.actorFor(options));
		return this.present(entity, record);
	}

	get(entityName: string, id: number): WireRecord | undefined {
		const entity = requireEntity(entityName);
		const record = this.table(entity).records.get(id);
		return record && this.present(entity, record);
	}

	all(entityName: string): WireRecord[] {
		const entity = requireEntity(entityName);
		return [...this.table(entity).records.values()].map((record) => this.present(entity, record));
	}

	actorFor(options: DirectWriteOptions): Actor {
		return { resourceId: options.by ?? this.defaultActorResourceId };
	}

	/**
	 * Direct writes (tests, seeding) skip business validation but still need stored-form values
	 * and known names; a typo in a test's field name throws rather than passing silently.
	 */
	toStoredValues(entity: EntityDef, input: Record<string, unknown>): { values: Record<string, unknown>; udfValues: UdfValues } {
		const values: Record<string, unknown> = {};
		const udfValues: UdfValues = {};
		for (const [key, raw] of Object.entries(input)) {
			if (key.toLowerCase() === 'userdefinedfields') {
				for (const { name, value } of raw as Array<{ name: string; value: unknown }>) {
					const udf = this.findUdf(entity, name);
					if (!udf) throw new Error(`${entity.name} has no user-defined field ${name}`);
					udfValues[udf.name] = value === null || value === undefined ? null : String(value);
				}
				continue;
			}
			const field = findField(entity, key);
			if (!field) throw new Error(`${entity.name} has no field ${key}`);
			const coerced = coerceValue(field.dataType, raw);
			if (!coerced.ok) throw new Error(`${entity.name}.${field.name}: cannot store ${JSON.stringify(raw)}`);
			values[field.name] = coerced.value;
		}
		return { values, udfValues };
	}

	private applyUdfChanges(entity: EntityDef, id: number, udfChanges: UdfValues): string[] {
		const table = this.table(entity);
		const current = table.udfValues.get(id) ?? {};
		const changed = Object.keys(udfChanges).filter((name) => (current[name] ?? null) !== udfChanges[name]);
		if (changed.length > 0) table.udfValues.set(id, { ...current, ...udfChanges });
		return changed.map((name) => `userDefinedFields.${name}`);
	}

	private log(entity: EntityDef, id: number, type: ChangeLogEntry['type'], actor: Actor, fields: string[]): void {
		const entry: ChangeLogEntry = {
			seq: this.changeLog.length + 1,
			entity: entity.name,
			id,
			type,
			at: this.clock.now().toISOString(),
			by: actor.resourceId,
			fields,
		};
		this.changeLog.push(entry);
		for (const listener of this.listeners.change) listener(entry);
	}
}

export type UdfInput = Pick<UdfDef, 'name' | 'type'> & Partial<UdfDef>;

/** Key order as on the wire: name, label, type, length, ... */
function completeUdf({ name, type, ...details }: UdfInput): UdfDef {
	return {
		name,
		label: name,
		type,
		length: type === 'string' ? 100 : 0,
		description: null,
		isRequired: false,
		isReadOnly: false,
		isQueryable: true,
		isReference: false,
		referenceEntityType: null,
		isPickList: details.picklistValues !== undefined,
		picklistValues: null,
		picklistParentValueField: null,
		defaultValue: '',
		isSupportedWebhookField: true,
		...details,
	};
}

/** Audit fields are Autotask's to set, unless a direct (test) write sets them explicitly. */
function setUnlessGiven(target: Record<string, unknown>, given: Record<string, unknown>, fields: string[] | undefined, value: unknown): void {
	for (const name of fields ?? []) {
		if (given[name] === undefined || given[name] === null) target[name] = value;
	}
}
