import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	autotaskApiError,
	autotaskMessages,
	getAutotaskErrorDetails,
	notFoundError,
	operationName,
	passwordsIn,
	redactSecrets,
} from '../nodes/transport/errors';
import type { FailedRequest } from '../nodes/transport/errors';

const node: INode = {
	id: '1',
	name: 'Autotask',
	type: 'n8n-nodes-autotask-psa.autotask',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const SECRET = 'S3cr3t-Value-123';
const CODE = 'INTEGRATIONCODE27CHARACTERS';
const PASSWORD = 'P@ssw0rd!xyz';

const request = (overrides: Partial<FailedRequest> = {}): FailedRequest => ({
	method: 'POST',
	url: 'https://webservices5.autotask.net/ATServicesRest/V1.0/ClientPortalUsers',
	entity: 'ClientPortalUsers',
	kind: 'create',
	userName: 'jane.api@msp.com',
	...overrides,
});

/** Every string reachable from the error, own properties and causes included. */
function allText(error: unknown): string {
	const seen = new Set<unknown>();
	const parts: string[] = [];
	const walk = (value: unknown) => {
		if (value === null || value === undefined || seen.has(value)) return;
		if (typeof value !== 'object') {
			parts.push(String(value));
			return;
		}
		seen.add(value);
		for (const key of Object.getOwnPropertyNames(value)) walk((value as Record<string, unknown>)[key]);
	};
	walk(error);
	return `${parts.join('\n')}\n${JSON.stringify(error)}`;
}

describe('autotaskMessages', () => {
	it('reads Autotask, ASP.NET and text bodies', () => {
		expect(autotaskMessages({ errors: ['A', 'B'] })).toEqual(['A', 'B']);
		expect(autotaskMessages({ errors: [{ message: 'nested' }] })).toEqual(['nested']);
		expect(autotaskMessages({ Message: "The requested resource does not support http method 'GET'." })).toEqual([
			"The requested resource does not support http method 'GET'.",
		]);
		expect(autotaskMessages('{"errors":["from a string"]}')).toEqual(['from a string']);
		expect(autotaskMessages('Service Unavailable')).toEqual(['Service Unavailable']);
		expect(autotaskMessages('')).toEqual([]);
		expect(autotaskMessages(null)).toEqual([]);
		expect(autotaskMessages({ item: null })).toEqual([]);
	});

	it('reduces an HTML error page (IIS, a gateway, a proxy) to one line of text', () => {
		const iis =
			'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n</BODY></HTML>\r\n';
		expect(autotaskMessages(iis)).toEqual(['Service Unavailable']);
		expect(autotaskMessages('<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>')).toEqual([
			'502 Bad Gateway',
		]);
		expect(autotaskMessages('<html><body><p>Proxy &amp; cache: <b>upstream</b>\n timed out</p></body></html>')).toEqual([
			'Proxy & cache: upstream timed out',
		]);
		expect(autotaskMessages('<html><body><script>var a = 1;</script></body></html>')).toEqual([]);
	});
});

describe('redaction helpers', () => {
	it('replaces secrets and finds passwords at any depth', () => {
		expect(redactSecrets(`a ${SECRET} b ${SECRET}`, [SECRET])).toBe('a *** b ***');
		expect(redactSecrets('the word is', ['is'])).toBe('the word is');
		expect(passwordsIn({ password: 'one', nested: [{ newPassword: 'two' }], other: 'x' })).toEqual([
			'one',
			'two',
		]);
	});
});

describe('operationName', () => {
	it.each([
		['POST', 'create', '.../V1.0/Tickets', 'create'],
		['PATCH', 'write', '.../V1.0/Tickets', 'update'],
		['DELETE', 'write', '.../V1.0/Tickets/4', 'delete'],
		['POST', 'read', '.../V1.0/Tickets/query', 'query'],
		['POST', 'read', '.../V1.0/Tickets/query/next?paging=x', 'query'],
		['POST', 'read', '.../V1.0/Tickets/query/count', 'count'],
		['GET', 'read', '.../V1.0/Tickets/entityInformation/fields', 'read metadata'],
		['GET', 'read', '.../V1.0/Tickets/4', 'get'],
	] as const)('%s %s %s is %s', (method, kind, url, expected) => {
		expect(operationName(method, kind, url)).toBe(expected);
	});
});

describe('autotaskApiError', () => {
	it('puts the Autotask message first, the status in httpCode and entity, operation, hint and retry note in the description', () => {
		const error = autotaskApiError(
			node,
			{
				type: 'response',
				status: 500,
				body: { errors: ['The logged in Resource does not have the adequate permissions to create this entity type.'] },
			},
			request(),
			{ attempts: 1, elapsedMs: 12, notRetriedBecause: 'Autotask rejected the request' },
			[SECRET, CODE],
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'The logged in Resource does not have the adequate permissions to create this entity type.',
		);
		expect(error.httpCode).toBe('500');
		expect(error.description).toContain('HTTP 500 to create on ClientPortalUsers');
		expect(error.description).toContain('allow "Add" for ClientPortalUsers');
		expect(error.description).toContain('jane.api@msp.com');
		expect(error.description).toContain('Not retried: Autotask rejected the request.');
		expect(getAutotaskErrorDetails(error)).toMatchObject({
			status: 500,
			entity: 'ClientPortalUsers',
			operation: 'create',
			attempts: 1,
		});
	});

	it('names the Resources/Users (HR) permission for resource updates', () => {
		const error = autotaskApiError(
			node,
			{ type: 'response', status: 500, body: { errors: ['The logged in Resource does not have the adequate permissions to update this entity type.'] } },
			request({ method: 'PATCH', entity: 'Resources', kind: 'write', url: 'https://x/V1.0/Resources' }),
			{ attempts: 1, elapsedMs: 0, notRetriedBecause: 'no' },
			[],
		);
		expect(error.description).toContain('Resources/Users (HR)');
	});

	it.each([
		[{ errors: ['Thread Threshold Exceeded. Itgenatr005'] }, 429, /3 simultaneous requests/],
		[{ errors: ['Zone information could not be determined'] }, 500, /does not know the API user/],
		[{ errors: ['Invalid integration code'] }, 500, /API Integration Code/],
		[{}, 401, /check the Secret/],
		[{ errors: ['The external request threshold of 10000 requests per hour has been exceeded'] }, 500, /10,000 API requests per hour/],
		[{ Message: "No HTTP resource was found that matches the request URI 'x'." }, 404, /written through their parent/],
	])('adds a hint for %j (HTTP %s)', (body, status, hint) => {
		const error = autotaskApiError(
			node,
			{ type: 'response', status, body },
			request({ kind: 'read', method: 'GET' }),
			{ attempts: 3, elapsedMs: 2500 },
			[],
		);
		expect(error.description).toMatch(hint);
		expect(error.description).toContain('Retried 2 times over 2.5 s; every attempt failed.');
	});

	it('gives the title of an HTML error page as the message, with no markup anywhere', () => {
		const error = autotaskApiError(
			node,
			{
				type: 'response',
				status: 503,
				body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>Service Temporarily Unavailable</h1></body></html>',
			},
			request({ kind: 'read', entity: 'Tickets', url: 'https://webservices5.autotask.net/ATServicesRest/V1.0/Tickets/query' }),
			{ attempts: 3, elapsedMs: 900 },
			[SECRET, CODE],
		);
		expect(error.message).toBe('503 Service Temporarily Unavailable');
		const texts = [error.message, error.description, JSON.stringify(getAutotaskErrorDetails(error))].join('\n');
		expect(texts).not.toMatch(/<[a-z/!][^>]*>/i);
	});

	it('describes connection failures without letting n8n replace the message', () => {
		const error = autotaskApiError(
			node,
			{ type: 'connection', code: 'ECONNRESET', message: 'socket hang up' },
			request(),
			{ attempts: 1, elapsedMs: 5, notRetriedBecause: 'the create may or may not have happened; it was not retried to avoid creating a duplicate' },
			[],
		);
		expect(error.message).toBe(
			'Could not reach Autotask at webservices5.autotask.net: the server closed the connection before answering',
		);
		expect(error.httpCode).toBeNull();
		expect(error.description).toContain('(ECONNRESET)');
		expect(error.description).toContain('not retried to avoid creating a duplicate');
	});

	it('never carries the secret, the integration code or a body password anywhere', () => {
		const echoed = `Login failed for ${SECRET} with code ${CODE}; password ${PASSWORD} is invalid`;
		const error = autotaskApiError(
			node,
			{ type: 'response', status: 500, body: { errors: [echoed, `second ${PASSWORD}`] } },
			request(),
			{ attempts: 1, elapsedMs: 1, notRetriedBecause: 'no' },
			[SECRET, CODE, ...passwordsIn({ userName: 'a', password: PASSWORD })],
		);
		const text = allText(error);
		expect(text).toContain('Login failed for *** with code ***; password *** is invalid');
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(CODE);
		expect(text).not.toContain(PASSWORD);
		expect(text).not.toMatch(/"?Secret"?\s*:/);
		expect(text).not.toMatch(/ApiIntegrationCode/);
	});
});

describe('notFoundError', () => {
	it('names entity and id', () => {
		const error = notFoundError(node, 'Tickets', 42);
		expect(error.message).toBe('Tickets 42 was not found');
		expect(error.httpCode).toBe('404');
	});
});
