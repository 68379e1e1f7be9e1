/**
 * The simulator in its own process for `bench/attachments.ts`, so that the bytes it receives and
 * stores are not counted in the heap of the process that runs the node. Sends its URLs to the
 * parent over IPC and serves until the parent disconnects; `{ advanceMs }` moves its clock.
 */
import { startSimulator } from '../test/simulator';

async function main(): Promise<void> {
	const latencyMs = Number(process.argv[2] ?? 200);
	const sim = await startSimulator({ seed: 'small', latencyMs });
	const ticketId = Number(sim.store.all('Tickets')[0].id);
	const user = sim.users.default;
	process.send?.({ url: sim.url, zoneLookupUrl: sim.zoneLookupUrl, ticketId, userName: user.userName, secret: user.secret, integrationCode: user.integrationCode });
	// The parent moves the simulated clock past Autotask's 5-minute upload window between runs.
	process.on('message', (message: { advanceMs?: number }) => {
		sim.clock.advance(Number(message.advanceMs ?? 0));
		process.send?.({ advanced: true });
	});
	process.on('disconnect', () => {
		void sim.close().then(() => process.exit(0));
	});
}

void main();
