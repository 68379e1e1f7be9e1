import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { AutotaskClient } from '../transport';
import type { AutotaskFilter, AutotaskRecord } from '../transport';

/** Entries per page of a searchable list. */
const LIST_PAGE_SIZE = 50;

export interface SearchPageRequest<PageFacts = undefined> {
	entity: string;
	/** Every typed word must appear (contains) in one of these fields. */
	searchFields: string[];
	includeFields: string[];
	text?: string;
	/** The last id of the previous page. */
	paginationToken?: string;
	/** Facts about the whole page, read at once (one query per kind, never one per record). */
	pageFacts?: (records: AutotaskRecord[], client: AutotaskClient) => Promise<PageFacts>;
	toResult: (record: AutotaskRecord, facts: PageFacts) => INodeListSearchItems;
}

/**
 * One page of a resource locator's searchable list, filtered and paged by Autotask itself: the
 * typed words become `contains` conditions, and the next page continues after the last id shown
 * (Autotask returns records in ascending id order).
 */
export async function searchPage<PageFacts = undefined>(
	ctx: ILoadOptionsFunctions,
	request: SearchPageRequest<PageFacts>,
): Promise<INodeListSearchResult> {
	const client = await AutotaskClient.forContext(ctx);
	const filter: AutotaskFilter[] = (request.text ?? '')
		.split(/\s+/)
		.filter((word) => word !== '')
		.map((word) => ({
			op: 'or',
			items: request.searchFields.map((field) => ({ op: 'contains', field, value: word })),
		}));
	const after = Number(request.paginationToken);
	if (request.paginationToken && Number.isInteger(after)) filter.push({ op: 'gt', field: 'id', value: after });
	const records = await client.query(request.entity, {
		filter,
		includeFields: request.includeFields,
		limit: LIST_PAGE_SIZE,
	});
	const last = records[records.length - 1];
	const facts = (request.pageFacts && records.length > 0 ? await request.pageFacts(records, client) : undefined) as PageFacts;
	return {
		results: records.map((record) => request.toResult(record, facts)),
		paginationToken: records.length === LIST_PAGE_SIZE && last ? String(last.id) : undefined,
	};
}
