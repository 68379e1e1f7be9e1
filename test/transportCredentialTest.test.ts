import type { ICredentialDataDecryptedObject, ICredentialsDecrypted } from 'n8n-workflow';

import { autotaskUserApiTest } from '../nodes/transport';
import { createCredentialTestContext } from './helpers/fakeContext';
import { credentialsFor, unusedPort, useSimulator } from './helpers/simulatorSetup';

const sim = useSimulator({ seed: 'empty', retries: { baseDelayMs: 5, maxDelayMs: 50 } });
/** Connections to it are refused. */
let closedPort: number;

beforeAll(async () => {
	closedPort = await unusedPort();
});

async function test(overrides: ICredentialDataDecryptedObject = {}) {
	const data = { ...credentialsFor(sim()).autotaskUserApi, customBaseUrl: '', ...overrides };
	const credential: ICredentialsDecrypted = { id: '1', name: 'Autotask', type: 'autotaskUserApi', data };
	const { ctx, requests } = createCredentialTestContext();
	const result = await autotaskUserApiTest.call(ctx, credential);
	return { ...result, requests };
}

describe('autotaskUserApiTest', () => {
	it('connects and names user and zone, with one lookup and one small authenticated query', async () => {
		sim().resetCounters();
		const result = await test();
		expect(result).toMatchObject({
			status: 'OK',
			message: `Connected as ${sim().users.default.userName} in zone SIM01`,
		});
		expect(sim().requests.map((request) => request.kind)).toEqual(['zone', 'query']);
		expect(sim().requests[1].body).toMatchObject({ MaxRecords: 1, IncludeFields: ['id'] });
		expect(result.requests[1].headers).toMatchObject({
			UserName: sim().users.default.userName,
			ApiIntegrationCode: sim().users.default.integrationCode,
		});
		expect(result.requests[0].headers.Secret).toBeUndefined();
	});

	it('names an unknown user', async () => {
		const result = await test({ userName: 'nobody@sandbox.example' });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'Unknown API user "nobody@sandbox.example": Autotask\'s zone lookup answered "Zone information could not be determined". Check the API Username.',
		);
	});

	it('names an unknown user in a zone chosen by hand', async () => {
		const result = await test({ userName: 'nobody@sandbox.example', zone: 'custom', customBaseUrl: sim().zoneUrl() });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Unknown API user "nobody@sandbox.example" at 127\.0\.0\.1:\d+ \(HTTP 500\)/);
	});

	it('names a wrong secret', async () => {
		const result = await test({ secret: 'not-the-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Wrong Secret for "sim\.api@sandbox\.example": Autotask at 127\.0\.0\.1:\d+ answered 401/);
		expect(result.message).not.toContain('not-the-secret');
	});

	it('suggests Auto-Detect when a hand-picked zone answers 401', async () => {
		const result = await test({ zone: 'custom', customBaseUrl: sim().zoneUrl('z2') });
		expect(result.message).toContain('try Auto-Detect');
	});

	it('names a wrong integration code', async () => {
		const result = await test({ integrationCode: 'NOT-THE-CODE-0000000000000' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Wrong API Integration Code for "sim\.api@sandbox\.example" \(HTTP 500\)\. Autotask said: /);
		expect(result.message).not.toContain('NOT-THE-CODE-0000000000000');
	});

	it('names an unreachable host', async () => {
		const result = await test({ zone: 'custom', customBaseUrl: `http://127.0.0.1:${closedPort}/ATServicesRest/` });
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`Could not reach Autotask at 127.0.0.1:${closedPort}: the server refused the connection. Check the zone or custom URL in the credential.`,
		);
	});

	it('names an unreachable zone lookup', async () => {
		const result = await test({ zoneLookupUrl: `http://127.0.0.1:${closedPort}/atservicesrest/v1.0/zoneInformation` });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Could not reach Autotask at 127.0.0.1:${closedPort}: the server refused the connection`);
		expect(result.message).toContain('zone lookup');
	});

	it('names an invalid custom URL', async () => {
		const result = await test({ zone: 'custom', customBaseUrl: 'webservices5 please' });
		expect(result).toMatchObject({
			status: 'Error',
			message: 'Custom Base URL "webservices5 please" is not a valid http(s) URL',
		});
	});

	it('names empty fields without calling anything', async () => {
		sim().resetCounters();
		const result = await test({ secret: '', integrationCode: ' ' });
		expect(result).toMatchObject({ status: 'Error', message: 'Please fill in: Secret, API Integration Code' });
		expect(sim().counters.total).toBe(0);
	});
});
