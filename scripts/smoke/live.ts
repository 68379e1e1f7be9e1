/**
 * `npm run smoke:live`: checks a real Autotask tenant with the package's own transport and nodes,
 * prints a plain report and writes a JSON one. Read-only unless `--write`.
 *
 *   npm run smoke:live                          the tenant of the AUTOTASK_* environment variables
 *   npm run smoke:live -- --write --ticket 123  also create and update a note on ticket 123
 *   npm run smoke:live -- --simulator           the same checks against the local simulator (CI)
 *   ... --json <file>                           where the JSON report goes (default smoke-report.json)
 *
 * Exit code: 0 when no check failed, 1 when one did, 2 for a usage error.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { SmokeReport } from './checks';

// n8n-core writes its instance settings under this folder the first time a context is built; keep
// it out of the user's home (as bench/ and the tests do). Set before n8n-core loads.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'autotask-smoke-n8n-'));

export interface SmokeIo {
	write(text: string): void;
	env: NodeJS.ProcessEnv;
}

interface Arguments {
	simulator: boolean;
	write: boolean;
	ticketId?: number;
	jsonPath: string;
	help: boolean;
}

const USAGE = `Usage: npm run smoke:live -- [--simulator] [--write --ticket <id>] [--json <file>]

Credential (environment variables, never printed):
  AUTOTASK_USERNAME                   API user name
  AUTOTASK_SECRET                     API user secret
  AUTOTASK_INTEGRATION_CODE           API tracking identifier (integration code)
  AUTOTASK_ZONE_URL                   optional: your zone's REST root instead of auto-detection
  AUTOTASK_ZONE_LOOKUP_URL            optional: another zone lookup URL
  AUTOTASK_IMPERSONATION_RESOURCE_ID  optional: a resource to impersonate on the write round trip
  AUTOTASK_SMOKE_TICKET_ID            optional: the ticket for --write (instead of --ticket)
`;

class UsageError extends Error {}

function parseArguments(argv: string[], env: NodeJS.ProcessEnv): Arguments {
	const parsed: Arguments = { simulator: false, write: false, jsonPath: 'smoke-report.json', help: false };
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		const value = () => {
			const next = argv[++index];
			if (next === undefined || next.startsWith('--')) throw new UsageError(`${argument} needs a value`);
			return next;
		};
		if (argument === '--simulator') parsed.simulator = true;
		else if (argument === '--write') parsed.write = true;
		else if (argument === '--ticket') parsed.ticketId = positiveId(value(), '--ticket');
		else if (argument === '--json') parsed.jsonPath = value();
		else if (argument === '--help' || argument === '-h') parsed.help = true;
		else throw new UsageError(`Unknown argument "${argument}"`);
	}
	if (parsed.write && parsed.ticketId === undefined && env.AUTOTASK_SMOKE_TICKET_ID) {
		parsed.ticketId = positiveId(env.AUTOTASK_SMOKE_TICKET_ID, 'AUTOTASK_SMOKE_TICKET_ID');
	}
	if (parsed.ticketId !== undefined && !parsed.write) throw new UsageError('--ticket is only used with --write');
	if (parsed.write && parsed.ticketId === undefined && !parsed.simulator) {
		throw new UsageError('--write needs the ticket to write a note on: --ticket <id> (use a sandbox tenant)');
	}
	return parsed;
}

function positiveId(text: string, name: string): number {
	const id = Number(text);
	if (!Number.isInteger(id) || id <= 0) throw new UsageError(`${name} must be a ticket id (a whole number), not "${text}"`);
	return id;
}

function tenantCredentials(env: NodeJS.ProcessEnv): ICredentialDataDecryptedObject {
	const required = ['AUTOTASK_USERNAME', 'AUTOTASK_SECRET', 'AUTOTASK_INTEGRATION_CODE'];
	const missing = required.filter((name) => !env[name]?.trim());
	if (missing.length > 0) throw new UsageError(`Missing environment variables: ${missing.join(', ')}`);
	const impersonation = env.AUTOTASK_IMPERSONATION_RESOURCE_ID?.trim();
	if (impersonation && !/^\d+$/.test(impersonation)) {
		throw new UsageError('AUTOTASK_IMPERSONATION_RESOURCE_ID must be a resource id (a whole number)');
	}
	return {
		userName: env.AUTOTASK_USERNAME!.trim(),
		secret: env.AUTOTASK_SECRET!,
		integrationCode: env.AUTOTASK_INTEGRATION_CODE!.trim(),
		zone: env.AUTOTASK_ZONE_URL?.trim() || 'auto',
		...(env.AUTOTASK_ZONE_LOOKUP_URL?.trim() ? { zoneLookupUrl: env.AUTOTASK_ZONE_LOOKUP_URL.trim() } : {}),
		impersonationResourceId: impersonation ? Number(impersonation) : 0,
	};
}

/** Replaces every occurrence of the secrets; the last guard before anything leaves the process. */
export function redact(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets.filter((value) => value.length >= 4)) result = result.split(secret).join('[redacted]');
	return result;
}

const MARK = { ok: 'ok     ', failed: 'FAILED ', skipped: 'skipped' } as const;

export function renderReport(report: SmokeReport, jsonPath: string): string {
	const lines = [`Autotask smoke check: ${report.target}, ${report.mode}, ${report.startedAt}`, ''];
	for (const check of report.checks) {
		const requests = check.requests === 1 ? '1 request' : `${check.requests} requests`;
		lines.push(`${MARK[check.status]}  ${check.name} (${requests})`, `         ${check.summary}`);
	}
	const failed = report.checks.filter((check) => check.status === 'failed').length;
	lines.push(
		'',
		`${report.requests} authenticated requests in all. JSON report: ${jsonPath}`,
		failed === 0 ? 'Result: no check failed.' : `Result: ${failed} check${failed === 1 ? '' : 's'} failed.`,
		'',
	);
	return lines.join('\n');
}

async function simulatorSession(parsed: Arguments): Promise<{
	credentials: ICredentialDataDecryptedObject;
	ticketId?: number;
	close: () => Promise<void>;
}> {
	const { startSimulator } = await import('../../test/simulator');
	const sim = await startSimulator({ seed: 'small' });
	// Real time, as in the simulator's CLI; and enough contacts that a Return All crosses a page.
	sim.clock.auto(true);
	sim.seedLarge('Contacts', 1234);
	const user = sim.users.default;
	const ticketId = parsed.write ? (parsed.ticketId ?? Number(sim.store.all('Tickets')[0].id)) : undefined;
	return {
		credentials: {
			userName: user.userName,
			secret: user.secret,
			integrationCode: user.integrationCode,
			zone: 'auto',
			zoneLookupUrl: sim.zoneLookupUrl,
			impersonationResourceId: 0,
		},
		ticketId,
		close: async () => await sim.close(),
	};
}

/** The command: returns its exit code and writes only through `io`. */
export async function main(argv: string[], io: SmokeIo): Promise<number> {
	let parsed: Arguments;
	let credentials: ICredentialDataDecryptedObject | undefined;
	try {
		parsed = parseArguments(argv, io.env);
		if (parsed.help) {
			io.write(USAGE);
			return 0;
		}
		if (!parsed.simulator) credentials = tenantCredentials(io.env);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.write(`${error.message}\n\n${USAGE}`);
		return 2;
	}
	const session = parsed.simulator
		? await simulatorSession(parsed)
		: { credentials: credentials!, ticketId: parsed.ticketId, close: async () => {} };
	const secrets = [String(session.credentials.secret ?? ''), String(session.credentials.integrationCode ?? '')];
	try {
		const { runSmoke } = await import('./checks');
		const report = await runSmoke({
			credentials: session.credentials,
			target: parsed.simulator ? 'simulator' : 'tenant',
			writeTicketId: session.ticketId,
		});
		mkdirSync(dirname(parsed.jsonPath), { recursive: true });
		writeFileSync(parsed.jsonPath, redact(`${JSON.stringify(report, null, 2)}\n`, secrets));
		io.write(redact(renderReport(report, parsed.jsonPath), secrets));
		return report.ok ? 0 : 1;
	} finally {
		await session.close();
	}
}

if (require.main === module) {
	main(process.argv.slice(2), { write: (text) => process.stdout.write(text), env: process.env }).then(
		(code) => {
			process.exitCode = code;
		},
		(error: Error) => {
			const secrets = [process.env.AUTOTASK_SECRET ?? '', process.env.AUTOTASK_INTEGRATION_CODE ?? ''];
			process.stderr.write(redact(`${error.stack ?? error.message}\n`, secrets));
			process.exitCode = 1;
		},
	);
}
