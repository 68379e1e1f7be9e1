/**
 * Runs the simulator as a process for the sandbox (`npm start`):
 *
 *     cli --port 0 --seed small --latency 0 --ttl-minutes 60
 *
 * Serves the admin API under /_simulator/ (see http/admin.ts). Prints one JSON line with the URLs and the default API user's credentials, then serves until
 * SIGINT/SIGTERM or the optional time-to-live runs out. Here the clock follows real time.
 */
import { startSimulator, type SimulatorOptions } from './index';

interface CliOptions {
	port: number;
	seed: NonNullable<SimulatorOptions['seed']>;
	latencyMs: number;
	ttlMinutes?: number;
}

function parseArguments(argv: string[]): CliOptions {
	const options: CliOptions = { port: 0, seed: 'small', latencyMs: 0 };
	for (let index = 0; index < argv.length; index += 2) {
		const [flag, value] = [argv[index], argv[index + 1]];
		if (value === undefined) throw new Error(`Missing value for ${flag}`);
		if (flag === '--port') options.port = toNumber(flag, value);
		else if (flag === '--latency') options.latencyMs = toNumber(flag, value);
		else if (flag === '--ttl-minutes') options.ttlMinutes = toNumber(flag, value);
		else if (flag === '--seed' && (value === 'small' || value === 'large' || value === 'empty')) options.seed = value;
		else throw new Error(`Unknown option ${flag} ${value}`);
	}
	return options;
}

function toNumber(flag: string, value: string): number {
	const number = Number(value);
	if (!Number.isFinite(number) || number < 0) throw new Error(`${flag} needs a non-negative number, got ${value}`);
	return number;
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2));
	const sim = await startSimulator({ port: options.port, seed: options.seed, latencyMs: options.latencyMs, admin: true });
	sim.clock.auto(true);
	const stop = () => {
		void sim.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	if (options.ttlMinutes !== undefined) setTimeout(stop, options.ttlMinutes * 60_000);
	const user = sim.users.default;
	console.log(
		JSON.stringify({
			url: sim.url,
			zoneLookupUrl: sim.zoneLookupUrl,
			zoneUrl: sim.zoneUrl(),
			userName: user.userName,
			secret: user.secret,
			integrationCode: user.integrationCode,
			resourceId: user.resourceId,
		}),
	);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
