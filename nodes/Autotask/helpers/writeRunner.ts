import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { EntityCatalogEntry } from '../../common/catalog';
import { runWrites } from '../../common/execution';
import type { PreparedWrite } from '../../common/execution';
import { maxHourlyWaitMinutes } from '../../common/hourlyWait';
import { multiSelectIndex, shapeRecordWithMultiSelect } from '../../common/multiSelectUdf';
import { readOutputOptions, writeClient } from '../../common/parameters';
import { AutotaskClient } from '../../transport';
import type { AutotaskRecord } from '../../transport';
import type { AutotaskOperation } from './entity';
import { resolveEntity } from './entity';
import { metadataLoader } from './metadata';
import type { EntityMetadata } from './metadata';
import { existingRecordReader } from './parent';
import type { ExistingRecordReader } from './parent';

/**
 * The one entity a write run works on. Every item names its entity (it can be an expression), but
 * the written records are re-read together, so one run writes one entity. Items whose entity is
 * invalid are left to fail on their own (continue-on-fail keeps the others going).
 */
function batchEntity(ctx: IExecuteFunctions, operation: AutotaskOperation): EntityCatalogEntry | undefined {
	const found = new Map<string, EntityCatalogEntry>();
	ctx.getInputData().forEach((_, itemIndex) => {
		try {
			const entry = resolveEntity(ctx, itemIndex, operation);
			found.set(entry.name, entry);
		} catch {
			// Reported by that item's own prepare step.
		}
	});
	if (found.size > 1) {
		throw new NodeOperationError(ctx.getNode(), `One run can write one entity; these items name ${[...found.keys()].join(', ')}`, {
			description: 'Split the items by entity (for example with a Switch node) and use one Autotask node per entity.',
		});
	}
	return found.values().next().value;
}

/** The item's entity, which must be the run's entity (see `batchEntity`). */
function itemEntity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: AutotaskOperation,
	batch: EntityCatalogEntry | undefined,
): EntityCatalogEntry {
	const entry = resolveEntity(ctx, itemIndex, operation);
	if (batch && entry.name !== batch.name) {
		throw new NodeOperationError(ctx.getNode(), `This item names ${entry.name}, but this run writes ${batch.name}`, {
			itemIndex,
		});
	}
	return entry;
}

/** What one item of a create, update or delete gets to build its write from. */
export interface EntityWriteItem {
	itemIndex: number;
	entry: EntityCatalogEntry;
	/** Writes through this client: it impersonates as the item's options say. */
	client: AutotaskClient;
	metadata: (entity: string) => Promise<EntityMetadata>;
	existingRecords: ExistingRecordReader;
}

/**
 * What a write run outputs per item: `'likeReads'` re-reads the written records together (unless
 * Options > Read Back is off) and shapes them like a read (labels, UDFs); a function makes the
 * output from the written record's `{ id }` alone, with no read.
 */
export type WriteOutput = 'likeReads' | ((written: AutotaskRecord) => IDataObject);

/**
 * Runs create, update or delete over all items of the generic node: one entity per execution (so
 * the written records can be re-read together), each item's write built by `prepareItem`.
 */
export async function runEntityWrites(
	ctx: IExecuteFunctions,
	operation: 'create' | 'update' | 'delete',
	output: WriteOutput,
	prepareItem: (item: EntityWriteItem) => Promise<PreparedWrite>,
): Promise<INodeExecutionData[]> {
	const client = await AutotaskClient.forContext(ctx, { maxHourlyWaitMinutes: maxHourlyWaitMinutes(ctx) });
	const metadata = metadataLoader(client);
	const batch = batchEntity(ctx, operation);
	const existingRecords = existingRecordReader(ctx, client);
	const likeReads = output === 'likeReads';
	const written = batch && likeReads ? await metadata(batch.name) : undefined;
	const labels = written?.labels ?? new Map();
	const multiSelect = multiSelectIndex(written?.udfs);
	return await runWrites(ctx, {
		client,
		entity: batch?.name ?? '',
		readBack: likeReads && (ctx.getNodeParameter('options.readBack', 0, true) as boolean),
		prepare: async (itemIndex) =>
			await prepareItem({
				itemIndex,
				entry: itemEntity(ctx, itemIndex, operation, batch),
				client: writeClient(ctx, client, itemIndex),
				metadata,
				existingRecords,
			}),
		shape: likeReads
			? (record, itemIndex) => shapeRecordWithMultiSelect(record, labels, readOutputOptions(ctx, itemIndex), multiSelect)
			: output,
	});
}
