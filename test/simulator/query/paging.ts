import { autotaskError, messages } from '../errors';

/** The paging token of a nextPageUrl: `{"pageSize":500,"previousIds":[-1],"nextIds":[725]}`. */
export interface PagingToken {
	pageSize: number;
	/** Cursors of the pages before this one; -1 stands for "from the start". */
	previousIds: number[];
	/** The cursor: the page continues strictly after this id. */
	nextIds: number[];
}

/** Unverified reports say Autotask keeps the 50 most recent pages; it also bounds the URL length. */
const MAX_PREVIOUS_PAGES = 50;

export function firstPageToken(pageSize: number): PagingToken {
	return { pageSize, previousIds: [], nextIds: [-1] };
}

export function readPagingToken(text: string | null): PagingToken {
	try {
		const token = JSON.parse(text ?? '') as PagingToken;
		const valid =
			Number.isInteger(token.pageSize) &&
			Array.isArray(token.previousIds) &&
			Array.isArray(token.nextIds) &&
			Number.isInteger(token.nextIds[0]);
		if (valid) return token;
	} catch {
		// fall through to the API error
	}
	throw autotaskError(messages.badPaging);
}

export function nextToken(current: PagingToken, lastId: number): PagingToken {
	return {
		pageSize: current.pageSize,
		previousIds: [...current.previousIds, current.nextIds[0]].slice(-MAX_PREVIOUS_PAGES),
		nextIds: [lastId],
	};
}

export function previousToken(current: PagingToken): PagingToken | undefined {
	if (current.previousIds.length === 0) return undefined;
	return {
		pageSize: current.pageSize,
		previousIds: current.previousIds.slice(0, -1),
		nextIds: [current.previousIds[current.previousIds.length - 1]],
	};
}

/**
 * An absolute `.../{Entity}/query/next` URL on the zone host. Autotask percent-encodes its query
 * parameters .NET-style, with lowercase hex (`%7b%22pageSize%22%3a500...`). The original search
 * is echoed only for GET-initiated queries: a POST-initiated one must be followed by POST with the
 * same body, and without `search` there is no GET action for the URL, hence the real 405.
 */
export function queryNextUrl(zoneRoot: string, entityName: string, token: PagingToken, search?: string): string {
	const paging = `paging=${dotNetUrlEncode(JSON.stringify(token))}`;
	const echo = search === undefined ? '' : `&search=${dotNetUrlEncode(search)}`;
	return `${zoneRoot}V1.0/${entityName}/query/next?${paging}${echo}`;
}

function dotNetUrlEncode(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16)}`)
		.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

/** How many issued next pages remember their query; older ones are followed without the check. */
const REMEMBERED_PAGES = 10_000;

/**
 * The body each POST-initiated next page was issued for. The paging token in a nextPageUrl was
 * issued for the first page's query, page size (MaxRecords) included; a next-page POST whose body
 * differs is refused (a guess: Autotask documents only "POST the same body").
 */
export class IssuedPages {
	private readonly bodies = new Map<string, string>();

	remember(entityName: string, token: PagingToken, body: unknown): void {
		const key = pageKey(entityName, token);
		this.bodies.delete(key);
		this.bodies.set(key, JSON.stringify(body));
		if (this.bodies.size > REMEMBERED_PAGES) this.bodies.delete(this.bodies.keys().next().value as string);
	}

	/** Throws when the page was issued for another body. */
	check(entityName: string, token: PagingToken, body: unknown): void {
		const issuedFor = this.bodies.get(pageKey(entityName, token));
		if (issuedFor !== undefined && issuedFor !== JSON.stringify(body)) throw autotaskError(messages.pagingBodyChanged);
	}
}

function pageKey(entityName: string, token: PagingToken): string {
	return `${entityName.toLowerCase()}|${JSON.stringify(token)}`;
}
