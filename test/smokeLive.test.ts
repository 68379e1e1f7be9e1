/**
 * `npm run smoke:live` (scripts/smoke/live.ts) run in-process: with --simulator as CI runs it, and
 * in tenant mode with the credential in environment variables, pointed at a simulator standing in
 * for a real tenant. Secrets must never reach the printed or the JSON report.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { main } from '../scripts/smoke/live';
import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';

const sim = useSimulator({ seed: 'small', retries: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 } });
afterAll(shutdownHarness);

const folder = mkdtempSync(join(tmpdir(), 'autotask-smoke-test-'));
let runs = 0;

interface Outcome {
	code: number;
	text: string;
	json: string;
	report: {
		target: string;
		mode: string;
		ok: boolean;
		requests: number;
		checks: Array<{ name: string; status: string; summary: string; details: Record<string, unknown>; requests: number }>;
	};
}

async function smoke(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
	const jsonPath = join(folder, `report-${++runs}.json`);
	let text = '';
	const code = await main([...argv, '--json', jsonPath], { write: (chunk) => (text += chunk), env });
	const json = code === 2 ? '{}' : readFileSync(jsonPath, 'utf8');
	return { code, text, json, report: JSON.parse(json) as Outcome['report'] };
}

const checkNamed = (outcome: Outcome, name: string) => {
	const found = outcome.report.checks.find((check) => check.name === name);
	if (!found) throw new Error(`No check "${name}" in ${outcome.report.checks.map((check) => check.name).join(', ')}`);
	return found;
};

function tenantEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const user = sim().users.default;
	return {
		AUTOTASK_USERNAME: user.userName,
		AUTOTASK_SECRET: user.secret,
		AUTOTASK_INTEGRATION_CODE: user.integrationCode,
		AUTOTASK_ZONE_LOOKUP_URL: sim().zoneLookupUrl,
		...overrides,
	};
}

describe('npm run smoke:live', () => {
	it('--simulator: every read-only check passes and a Return All crosses a page boundary', async () => {
		const outcome = await smoke(['--simulator']);
		expect(outcome.code).toBe(0);
		expect(outcome.report).toMatchObject({ target: 'simulator', mode: 'read-only', ok: true });
		expect(outcome.report.checks.map((check) => [check.name, check.status])).toEqual([
			['Zone detection', 'ok'],
			['Who Am I', 'ok'],
			['ThresholdInformation', 'ok'],
			['Metadata: Tickets', 'ok'],
			['Metadata: Companies', 'ok'],
			['Metadata: Contacts', 'ok'],
			['Metadata: ClientPortalUsers', 'ok'],
			['Metadata: Resources', 'ok'],
			['Counts and a read across a page boundary', 'ok'],
			['Trigger strategy per entity', 'ok'],
			['Dry-run poll (Tickets trigger)', 'ok'],
		]);
		const paged = checkNamed(outcome, 'Counts and a read across a page boundary').details;
		expect(paged).toMatchObject({ entity: 'Contacts', ascendingUniqueIds: true, limit: null });
		expect(paged.read).toBe(paged.count);
		expect(paged.pageSizes).toEqual([500, 500, Number(paged.count) - 1000]);
		expect(paged.requests).toBe(3);
		expect(checkNamed(outcome, 'Trigger strategy per entity').details.Tickets).toEqual({
			updated: { strategy: 'timestamp', field: 'lastActivityDate', meaning: 'Any activity (edits, notes, time entries): lastActivityDate' },
			created: { strategy: 'timestamp', field: 'createDate', meaning: 'createDate' },
		});
		expect(checkNamed(outcome, 'Dry-run poll (Tickets trigger)').details).toMatchObject({ strategy: 'timestamp', field: 'lastActivityDate' });
		expect(outcome.report.requests).toBe(outcome.report.checks.reduce((sum, check) => sum + check.requests, 0));
		// The first Who Am I of a process finds the credential's resource (one query) and reads it (one query).
		expect(outcome.text).toMatch(/^ok {7}Who Am I \(2 requests\)$/m);
		expect(outcome.text).toContain('Result: no check failed.');
	});

	it('--simulator --write: a note is created on a ticket, updated and read back, and moves only its activity date', async () => {
		const outcome = await smoke(['--simulator', '--write']);
		expect(outcome.code).toBe(0);
		expect(outcome.report.mode).toBe('write');
		const write = checkNamed(outcome, 'Write round trip (ticket note)');
		expect(write.status).toBe('ok');
		expect(write.details.noteTitle).toBe('n8n-nodes-autotask-psa smoke test (updated)');
		const before = write.details.ticketBefore as Record<string, string>;
		const after = write.details.ticketAfter as Record<string, string>;
		expect(after.lastActivityDate).not.toBe(before.lastActivityDate);
		expect(after.lastTrackedModificationDateTime).toBe(before.lastTrackedModificationDateTime);
		expect(write.summary).toContain("lastActivityDate moved, its lastTrackedModificationDateTime did not move");
	});

	it('tenant mode: the credential from the environment, the impersonated resource, a note on the named ticket', async () => {
		const ticket = sim().store.all('Tickets')[1];
		const staff = sim().store.all('Resources').find((resource) => resource.isActive === true && !String(resource.userName).startsWith('sim.'));
		const outcome = await smoke(['--write', '--ticket', String(ticket.id)], tenantEnv({ AUTOTASK_IMPERSONATION_RESOURCE_ID: String(staff?.id) }));
		expect(outcome.code).toBe(0);
		expect(outcome.report.target).toBe('tenant');
		expect(checkNamed(outcome, 'Who Am I').details).toMatchObject({
			resource: { id: sim().users.default.resourceId },
			impersonatedResource: { id: staff?.id },
		});
		const write = checkNamed(outcome, 'Write round trip (ticket note)').details;
		expect(write.ticketId).toBe(ticket.id);
		expect(write.impersonatorCreatorResourceID).toBe(sim().users.default.resourceId);
		// The simulator's small tenant has no key entity above one page.
		expect(checkNamed(outcome, 'Counts and a read across a page boundary').status).toBe('skipped');
	});

	it('never prints or writes the secret or the integration code, also when the credential is refused', async () => {
		const user = sim().users.default;
		sim().resetCounters();
		const good = await smoke([], tenantEnv());
		// Read-only: not one write reached the tenant.
		expect(sim().requests.filter((request) => ['create', 'update', 'delete'].includes(request.kind))).toEqual([]);
		expect(sim().requests.filter((request) => request.method !== 'GET' && !request.path.toLowerCase().includes('/query'))).toEqual([]);
		const refused = await smoke([], tenantEnv({ AUTOTASK_SECRET: 'wrong-secret-0123456789' }));
		expect(refused.code).toBe(1);
		expect(checkNamed(refused, 'Who Am I').status).toBe('failed');
		expect(checkNamed(refused, 'Who Am I').summary).toMatch(/401|Authorization|denied/i);
		for (const outcome of [good, refused]) {
			for (const secret of [user.secret, user.integrationCode, 'wrong-secret-0123456789']) {
				expect(outcome.text).not.toContain(secret);
				expect(outcome.json).not.toContain(secret);
			}
		}
	});

	it('refuses to start without a credential, or --write without a ticket, and says what is missing', async () => {
		const missing = await smoke([], { AUTOTASK_USERNAME: 'someone@example.com' });
		expect(missing.code).toBe(2);
		expect(missing.text).toContain('Missing environment variables: AUTOTASK_SECRET, AUTOTASK_INTEGRATION_CODE');
		const noTicket = await smoke(['--write'], tenantEnv());
		expect(noTicket.code).toBe(2);
		expect(noTicket.text).toContain('--write needs the ticket to write a note on');
		const badTicket = await smoke(['--write', '--ticket', 'abc'], tenantEnv());
		expect(badTicket.text).toContain('--ticket must be a ticket id (a whole number), not "abc"');
	});
});
