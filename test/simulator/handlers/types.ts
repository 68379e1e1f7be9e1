import type { ApiUserRegistry } from '../auth/apiUsers';
import type { Authenticated } from '../auth/authenticate';
import type { SimClock } from '../clock';
import type { Route } from '../http/router';
import type { HourlyThreshold } from '../limits';
import type { IssuedPages } from '../query/paging';
import type { Store } from '../store/store';

/** What handlers may read and change. */
export interface SimulatorState {
	/** `http://127.0.0.1:PORT`, the base of every absolute URL the simulator hands out. */
	baseUrl: string;
	clock: SimClock;
	store: Store;
	users: ApiUserRegistry;
	hourly: HourlyThreshold;
	/** How GET of a missing id answers: 200 `{"item":null}` (default) or 404. */
	getMissingAs: '200null' | '404';
	/** The query body each POST-initiated nextPageUrl was issued for. */
	issuedPages: IssuedPages;
	/** Per resource, the entities (lower-case) its security level does not allow impersonation for. */
	impersonationDenied: Map<number, Set<string>>;
}

export interface ApiResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Sent verbatim instead of `body` as JSON (error pages of the web server in front of the API). */
	raw?: { contentType: string; text: string };
}

export interface HandlerRequest {
	route: Route;
	url: URL;
	method: string;
	/** Parsed JSON body; undefined when there is none or it is not JSON. */
	body: unknown;
}

export interface AuthenticatedRequest extends HandlerRequest {
	auth: Authenticated;
}

export type PublicHandler = (request: HandlerRequest, state: SimulatorState) => ApiResponse;
export type Handler = (request: AuthenticatedRequest, state: SimulatorState) => ApiResponse;

export function ok(body: unknown): ApiResponse {
	return { status: 200, body };
}
