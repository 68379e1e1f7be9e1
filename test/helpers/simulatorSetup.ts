/**
 * Set-up shared by the tests that talk to the simulator: its lifetime in jest hooks, shortened
 * retries, the credential of one of its API users, and a port that refuses connections.
 *
 * Kept free of the n8n-core harness (only its types are imported) so that transport tests can use
 * it without loading n8n-core.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { retryPolicy } from '../../nodes/transport';
import { startSimulator } from '../simulator';
import type { Simulator, SimulatorOptions } from '../simulator';

export { credentialsFor } from './credentials';

export interface UseSimulatorOptions extends SimulatorOptions {
	/** A fresh simulator for every test (beforeEach/afterEach) instead of one for the whole file. */
	perTest?: boolean;
	/** Retry-policy values for this file (see `useRetryPolicy`). */
	retries?: Partial<typeof retryPolicy>;
}

/**
 * Starts a simulator before the file's tests (or before each test) and closes it after them.
 * Returns a getter, because the simulator exists only once the hook has run.
 */
export function useSimulator(options: UseSimulatorOptions = {}): () => Simulator {
	const { perTest, retries, ...simulatorOptions } = options;
	if (retries) useRetryPolicy(retries);
	let sim: Simulator | undefined;
	const [start, stop] = perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
	start(async () => {
		sim = await startSimulator(simulatorOptions);
	});
	stop(async () => {
		await sim?.close();
		sim = undefined;
	});
	return () => {
		if (!sim) throw new Error('The simulator runs only inside hooks and tests (useSimulator starts it in a hook)');
		return sim;
	};
}

/**
 * Changes the shared `retryPolicy` for this file's tests and restores it afterwards: the real
 * backoff waits seconds, and the behaviour under test is the same with milliseconds.
 */
export function useRetryPolicy(values: Partial<typeof retryPolicy>): void {
	const saved = { ...retryPolicy };
	beforeAll(() => {
		Object.assign(retryPolicy, values);
	});
	afterAll(() => {
		Object.assign(retryPolicy, saved);
	});
}

/** A local port nothing listens on (it was free a moment ago): connections to it are refused. */
export async function unusedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
