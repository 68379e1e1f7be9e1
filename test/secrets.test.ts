/**
 * Secrets stay secret on every failure path: the credential's secret and integration code, typed
 * and generated portal passwords, and wrong secrets typed by mistake never appear in node output,
 * errors (message, description, stack, serialised), credential test results or logs (n8n's logger,
 * the console, stdout and stderr) - also when Autotask (here a verbose proxy in front of the
 * simulator) echoes the request's headers and body in its error text.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { Autotask } from '../nodes/Autotask/Autotask.node';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { clearMetadataCache } from '../nodes/transport';
import {
	ITEMS,
	MANUAL_TRIGGER,
	buildNode,
	callMethod,
	chain,
	createPoller,
	registerPackageNode,
	runWorkflow,
	shutdownHarness,
	testCredentials,
} from './harness';
import type { RunResult, TestCredentials } from './harness';
import { unusedPort, useSimulator } from './helpers/simulatorSetup';
import type { FaultRule } from './simulator';

const AUTOTASK = registerPackageNode(new Autotask());
const PORTAL_USER = registerPackageNode(new AutotaskClientPortalUser());
const RESOURCE = registerPackageNode(new AutotaskResource());
const TRIGGER = registerPackageNode(new AutotaskTrigger());

const USER = 'secret.keeper@sandbox.example';
const SECRET = 'S3cr3t-Value-4242-xyzzy';
const INTEGRATION_CODE = 'INTEGRATIONCODEXYZ987654';
const WRONG_SECRET = 'Wr0ng-Secret-Typed-0000';
const WRONG_CODE = 'WRONGINTEGRATIONCODE1111';
const TYPED_PASSWORD = 'Typed-Pa55word-777';
const NEW_PASSWORD = 'Upd4ted-Pa55-888';
/** Every value that must never be seen; generated passwords are added as the simulator sees them. */
const secrets = [SECRET, INTEGRATION_CODE, WRONG_SECRET, WRONG_CODE, TYPED_PASSWORD, NEW_PASSWORD];

const sim = useSimulator({ seed: 'small', retries: { baseDelayMs: 1, maxDelayMs: 3, maxAttempts: 3 } });
let proxy: Server;
let proxyUrl: string;
let closedPortUrl: string;

/** Everything the user or an operator could see, as text. */
const seen: Array<{ path: string; text: string }> = [];
const logged: string[] = [];

// ------------------------------------------------------------------------------------------------
// Capturing logs

function captureLogger() {
	const write =
		(level: string) =>
		(message: unknown, meta?: unknown): void => {
			logged.push(`${level} ${String(message)} ${serialise(meta)}`);
		};
	const logger = {
		error: write('error'),
		warn: write('warn'),
		info: write('info'),
		debug: write('debug'),
		verbose: write('verbose'),
		scoped: () => logger,
	};
	return logger;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return String(value);
	}
}

// ------------------------------------------------------------------------------------------------
// A verbose proxy: forwards to the simulator, but answers writes of portal users and queries of
// Companies with a 500 that echoes the request's headers and body, as some gateways do.

function echoes(request: IncomingMessage): boolean {
	const path = (request.url ?? '').toLowerCase();
	return (
		(/\/clientportalusers$/.test(path) && (request.method === 'POST' || request.method === 'PATCH')) ||
		/\/companies\/query$/.test(path)
	);
}

function startProxy(): Promise<void> {
	proxy = createServer((request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			if (echoes(request)) {
				response.statusCode = 500;
				response.setHeader('Content-Type', 'application/json');
				response.end(
					JSON.stringify({ errors: [`Gateway rejected ${request.method} ${request.url} with headers ${JSON.stringify(request.headers)} and body ${body.toString()}`] }),
				);
				return;
			}
			const target = new URL(request.url ?? '/', sim().url);
			const forwarded = httpRequest(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (upstream) => {
				response.writeHead(upstream.statusCode ?? 502, upstream.headers);
				upstream.pipe(response);
			});
			forwarded.on('error', () => response.destroy());
			forwarded.end(body);
		});
	});
	return new Promise((resolve) => {
		proxy.listen(0, '127.0.0.1', () => {
			proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/ATServicesRest/`;
			resolve();
		});
	});
}

beforeAll(async () => {
	LoggerProxy.init(captureLogger());
	Container.set(Logger, captureLogger() as unknown as Logger);
	sim().addApiUser({ userName: USER, secret: SECRET, integrationCode: INTEGRATION_CODE, resourceAdmin: true });
	await startProxy();
	closedPortUrl = `http://127.0.0.1:${await unusedPort()}/ATServicesRest/`;
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			logged.push(`console.${method} ${args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' ')}`);
		});
	}
	for (const stream of [process.stdout, process.stderr]) {
		const original = stream.write.bind(stream);
		jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
			logged.push(String(chunk));
			return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write);
	}
});

afterAll(async () => {
	jest.restoreAllMocks();
	await new Promise<void>((resolve) => proxy.close(() => resolve()));
	proxy.closeAllConnections();
	await shutdownHarness();
});

// ------------------------------------------------------------------------------------------------
// Credentials for each failure, and the work each failure is tried with

type Variant = 'good' | 'wrongSecret' | 'wrongCode' | 'unknownUser' | 'unreachable' | 'verboseProxy' | 'badImpersonation';

function credentialData(variant: Variant): ICredentialDataDecryptedObject {
	const base = { userName: USER, secret: SECRET, integrationCode: INTEGRATION_CODE, zone: 'auto', zoneLookupUrl: sim().zoneLookupUrl, impersonationResourceId: 0 };
	switch (variant) {
		case 'good':
			return base;
		case 'wrongSecret':
			return { ...base, secret: WRONG_SECRET };
		case 'wrongCode':
			return { ...base, integrationCode: WRONG_CODE };
		case 'unknownUser':
			return { ...base, userName: 'nobody@sandbox.example' };
		case 'unreachable':
			return { ...base, zone: 'custom', customBaseUrl: closedPortUrl };
		case 'verboseProxy':
			return { ...base, zone: 'custom', customBaseUrl: proxyUrl };
		case 'badImpersonation':
			return { ...base, impersonationResourceId: 987654 };
	}
}

const credentialsFor = (variant: Variant): TestCredentials => ({ autotaskUserApi: credentialData(variant) });

/**
 * As text, without the workflow's own node definitions: their parameters hold what the user typed
 * (a typed portal password among them), which n8n keeps in the workflow, its execution data and
 * its debug log of a failed run, whatever the node does.
 */
function serialise(value: unknown): string {
	return JSON.stringify(value, (_, inner: unknown) => {
		if (inner && typeof inner === 'object' && 'parameters' in inner && 'type' in inner && 'typeVersion' in inner) return '[node definition]';
		if (inner instanceof Error) return { ...inner, name: inner.name, message: inner.message, stack: inner.stack };
		return inner;
	});
}

function record(path: string, value: unknown): void {
	seen.push({ path, text: serialise(value) });
}

async function runNode(path: string, variant: Variant, type: string, parameters: IDataObject, items: IDataObject[] = [{}]): Promise<RunResult> {
	clearMetadataCache();
	const result = await runWorkflow(
		chain([buildNode(MANUAL_TRIGGER), buildNode(ITEMS, { items: items as unknown as INodeParameters[] }), buildNode(type, parameters as INodeParameters, { name: 'Node' })]),
		{ credentials: credentialsFor(variant) },
	);
	const error = result.error?.raw as Error | undefined;
	record(path, {
		status: result.status,
		error: result.error && { ...result.error, raw: undefined },
		stack: error?.stack,
		output: result.status === 'success' ? result.output('Node') : undefined,
		run: result.run,
	});
	return result;
}

async function caught(path: string, work: () => Promise<unknown>): Promise<void> {
	clearMetadataCache();
	try {
		record(path, { result: await work() });
	} catch (error) {
		const { message, description, stack } = error as { message: string; description?: string; stack?: string };
		record(path, { message, description, stack, error });
	}
}

const freeContactId = () => {
	const taken = new Set(sim().store.all('ClientPortalUsers').map((user) => user.contactID));
	return sim().store.all('Contacts').find((contact) => !taken.has(contact.id) && contact.isActive === 1)?.id as number;
};
const portalUserId = () => sim().store.all('ClientPortalUsers')[0].id as number;

/** Every kind of work, run with one credential variant. */
async function everyOperation(variant: Variant): Promise<void> {
	const label = (what: string) => `${variant}: ${what}`;
	await runNode(label('get many companies'), variant, AUTOTASK, { operation: 'getMany', entity: 'Companies', returnAll: true });
	await runNode(label('create a ticket'), variant, AUTOTASK, {
		operation: 'create',
		entity: 'Tickets',
		fieldsSource: 'json',
		fieldsJson: JSON.stringify({ companyID: sim().store.all('Companies')[0].id, title: `Secrets ${variant}`, status: 1, priority: 1 }),
	});
	await runNode(label('create a portal user with a typed password'), variant, PORTAL_USER, {
		operation: 'create',
		contact: { __rl: true, mode: 'id', value: String(freeContactId()) },
		securityLevel: 1,
		passwordMode: 'enter',
		password: TYPED_PASSWORD,
	});
	await runNode(label('create a portal user with a generated password'), variant, PORTAL_USER, {
		operation: 'create',
		contact: { __rl: true, mode: 'id', value: String(freeContactId()) },
		securityLevel: 1,
		passwordMode: 'generate',
	});
	await runNode(label('update a portal password'), variant, PORTAL_USER, {
		operation: 'update',
		findBy: 'id',
		portalUserId: String(portalUserId()),
		updateFields: { password: NEW_PASSWORD },
	});
	await runNode(label('update a resource'), variant, RESOURCE, {
		operation: 'update',
		findBy: 'id',
		resourceId: String(sim().users.default.resourceId),
		fields: { mappingMode: 'defineBelow', value: { title: 'Secret keeper' } },
	});
	await caught(label('poll'), async () => {
		const poller = createPoller({ node: buildNode(TRIGGER, { entity: 'Tickets', event: 'createdOrUpdated' }, { name: 'Trigger' }), credentials: credentialsFor(variant) });
		await poller.poll();
		return await poller.poll();
	});
	await caught(label('load security levels'), async () =>
		await callMethod('loadOptions', 'getSecurityLevels', { node: buildNode(PORTAL_USER, { operation: 'create' }), credentials: credentialsFor(variant) }),
	);
	await caught(label('search contacts'), async () =>
		await callMethod('listSearch', 'searchContacts', { node: buildNode(PORTAL_USER, { operation: 'create' }), credentials: credentialsFor(variant), filter: 'a' }),
	);
	await caught(label('map ticket fields'), async () =>
		await callMethod('resourceMapping', 'getWritableFields', { node: buildNode(AUTOTASK, { operation: 'create', entity: 'Tickets' }), credentials: credentialsFor(variant) }),
	);
	await caught(label('credential test'), async () => await testCredentials('autotaskUserApi', credentialData(variant)));
}

const FAULT_TYPES: Array<FaultRule['type']> = ['429', 'threadThreshold', '503', '500', 'drop', 'dropAfterCommit', '500AfterCommit'];

it('never shows a secret, an integration code or a password, on any failure path', async () => {
	for (const variant of ['wrongSecret', 'wrongCode', 'unknownUser', 'unreachable', 'verboseProxy', 'badImpersonation'] as const) {
		await everyOperation(variant);
	}
	// Transient faults on every request, so retries run out and each kind of final error shows.
	for (const type of FAULT_TYPES) {
		sim().faults.schedule([{ type, match: { kind: 'create' } }, { type, match: { kind: 'update' } }, { type, match: { kind: 'query' } }]);
		await everyOperation('good');
		sim().faults.clear();
	}
	// And bad input: the password rules must not echo the password.
	await runNode('bad input: short typed password', 'good', PORTAL_USER, {
		operation: 'create',
		contact: { __rl: true, mode: 'id', value: String(freeContactId()) },
		securityLevel: 1,
		passwordMode: 'enter',
		password: 'x y',
	});

	// The passwords the node generated, as the simulator received them.
	for (const request of sim().requests) {
		const body = request.body as IDataObject | undefined;
		if (typeof body?.password === 'string') secrets.push(body.password);
	}
	expect(secrets.length).toBeGreaterThan(6);

	// The failures did happen, and reached the user.
	const failed = seen.filter((entry) => /"status":"error"|"message":|"status":"Error"/.test(entry.text));
	expect(failed.length).toBeGreaterThan(50);
	expect(seen.some((entry) => entry.path.startsWith('verboseProxy') && entry.text.includes('Gateway rejected'))).toBe(true);

	const leaks = [
		...seen.flatMap((entry) => secrets.filter((secret) => entry.text.includes(secret)).map((secret) => `${entry.path}: ${secret}`)),
		...logged.flatMap((line) => secrets.filter((secret) => line.includes(secret)).map((secret) => `log: ${secret} in ${line.slice(0, 200)}`)),
	];
	expect(leaks).toEqual([]);
});
