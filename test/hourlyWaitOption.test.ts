import type { INodeProperties } from 'n8n-workflow';

import { hourlyBudgetSettings } from '../nodes/transport/threshold';

import { shutdownHarness } from './harness';
import { useSimulator } from './helpers/simulatorSetup';
import { AutotaskClientPortalUser } from '../nodes/AutotaskClientPortalUser/AutotaskClientPortalUser.node';
import { AutotaskResource } from '../nodes/AutotaskResource/AutotaskResource.node';
import { portalUsers, requestsOf as portalRequests, runPortal } from './clientPortalUserKit';
import { requestsOf as resourceRequests, runResource, staff } from './resourceKit';

const sim = useSimulator({ seed: 'small', perTest: true, retries: { baseDelayMs: 5, maxDelayMs: 20, maxTotalMs: 5_000 } });
afterAll(shutdownHarness);

// The process's budget reads ThresholdInformation only after 100 requests to a tenant; read before
// the first one here (each test's simulator is a new tenant), as a long-running worker would have.
const firstReadAfter = hourlyBudgetSettings.firstReadAfter;
beforeAll(() => {
	hourlyBudgetSettings.firstReadAfter = 0;
});
afterAll(() => {
	hourlyBudgetSettings.firstReadAfter = firstReadAfter;
});

/** The option names in the Options collection an operation shows. */
function optionNames(properties: INodeProperties[], operation: string): string[] {
	const options = properties.find(
		(property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes(operation),
	);
	return ((options?.options ?? []) as INodeProperties[]).map((option) => option.name);
}

describe('"Max Wait for Hourly Limit" on the portal user and resource writes', () => {
	it.each([
		['Client Portal User', new AutotaskClientPortalUser().description.properties, ['create', 'update', 'grantAccess', 'revokeAccess']],
		['Resource', new AutotaskResource().description.properties, ['update', 'activate', 'deactivate']],
	])('%s: every operation that writes offers it', (_node, properties, writes) => {
		for (const operation of writes) expect(optionNames(properties, operation)).toContain('maxHourlyWaitMinutes');
	});

	it('grant access with the hourly limit used up and a Max Wait of 0 fails saying so, and writes nothing', async () => {
		const user = portalUsers(sim()).find((candidate) => candidate.isClientPortalActive === false)!;
		// One request left: the ThresholdInformation read takes it (the simulator counts the read).
		sim().hourly.set({ limit: 1_000, usage: 999 });
		const result = await runPortal(sim(), {
			operation: 'grantAccess',
			findBy: 'id',
			portalUserId: String(user.id),
			options: { maxHourlyWaitMinutes: 0 },
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/hourly request limit is used up \(\d+ of 1000 requests\)/);
		expect(result.error?.description).toMatch(/"Max Wait for Hourly Limit" of 0 minutes/);
		expect(portalRequests(sim(), 'update')).toHaveLength(0);
		expect(sim().store.get('ClientPortalUsers', user.id as number)?.isClientPortalActive).toBe(false);
	});

	it('activate with the hourly limit used up and a Max Wait of 0 fails saying so, and writes nothing', async () => {
		const inactive = staff(sim(), 'morgan.mockup');
		// One request left: the ThresholdInformation read takes it (the simulator counts the read).
		sim().hourly.set({ limit: 1_000, usage: 999 });
		const result = await runResource(sim(), {
			operation: 'activate',
			findBy: 'userName',
			userName: 'morgan.mockup',
			options: { maxHourlyWaitMinutes: 0 },
		});
		expect(result.status).toBe('error');
		expect(result.error?.description).toMatch(/"Max Wait for Hourly Limit" of 0 minutes/);
		expect(resourceRequests(sim(), 'update')).toHaveLength(0);
		expect(sim().store.get('Resources', inactive.id as number)?.isActive).toBe(false);
	});

	it('with room under the limit the option changes nothing', async () => {
		const user = portalUsers(sim()).find((candidate) => candidate.isClientPortalActive === false)!;
		const result = await runPortal(sim(), {
			operation: 'grantAccess',
			findBy: 'id',
			portalUserId: String(user.id),
			options: { maxHourlyWaitMinutes: 0 },
		});
		expect(result.status).toBe('success');
		expect(sim().store.get('ClientPortalUsers', user.id as number)?.isClientPortalActive).toBe(true);
	});
});
