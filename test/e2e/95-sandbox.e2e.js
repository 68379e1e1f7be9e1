'use strict';
/*
 * `npm start` (scripts/sandbox.js) as a smoke test: with its own folder and a free port it sets up
 * n8n with the package, the simulator, the "Autotask sandbox" credential and the example workflows,
 * prints the URL and the login, then (--exit-after-start) stops everything it started.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

module.exports = {
	name: 'the npm start sandbox',
	async run(ctx, t) {
		const { assert, common } = ctx;
		const dir = path.join(ctx.work, 'sandbox');
		const port = await common.freePort();
		const started = Date.now();
		const result = await new Promise((resolve) => {
			execFile(
				process.execPath,
				[path.join(common.REPO, 'scripts', 'sandbox.js'), `--port=${port}`, `--tarball=${ctx.tarball}`, '--exit-after-start'],
				{ cwd: common.REPO, env: { ...process.env, SANDBOX_DIR: dir }, timeout: 240_000, killSignal: 'SIGTERM' },
				(error, stdout, stderr) => resolve({ error, stdout, stderr }),
			);
		});
		const output = `${result.stdout}\n${result.stderr}`;
		common.log(`sandbox set up and stopped in ${((Date.now() - started) / 1000).toFixed(1)}s`);

		await t('sets up and prints the editor URL, the login and the credential', async () => {
			assert.equal(result.error, null, output.slice(-2000));
			assert.match(output, /Autotask sandbox is ready/);
			assert.ok(output.includes(`http://127.0.0.1:${port}/`), 'no URL printed');
			assert.match(output, /login\s+\S+@\S+/);
			assert.match(output, /password\s+\S+/);
			assert.match(output, /"Autotask sandbox"/);
		});
		await t('imports the credential (Auto-detect -> simulator) and the example workflows', async () => {
			const userFolder = path.join(dir, 'n8n');
			const examples = fs.readdirSync(path.join(common.REPO, 'examples')).filter((f) => f.endsWith('.json'));
			const marker = fs.readFileSync(path.join(userFolder, '.examples-imported'), 'utf8').split('\n').filter(Boolean);
			assert.deepEqual(marker.sort(), examples.sort());
			const { stdout } = await common.n8nCli(userFolder, ['export:credentials', '--all', '--decrypted']);
			const creds = JSON.parse(stdout.slice(stdout.indexOf('[')));
			const sandbox = creds.find((c) => c.name === 'Autotask sandbox');
			assert.ok(sandbox, `credentials: ${creds.map((c) => c.name).join(', ')}`);
			assert.equal(sandbox.data.zone, 'auto');
			assert.match(sandbox.data.zoneLookupUrl, /^http:\/\/127\.0\.0\.1:\d+\//);
			// the AI-tools example's MCP Server Trigger finds its bearer credential, whose token is printed
			const mcp = creds.find((c) => c.name === 'Autotask MCP bearer token');
			assert.ok(mcp, `credentials: ${creds.map((c) => c.name).join(', ')}`);
			assert.equal(mcp.type, 'httpBearerAuth');
			assert.match(output, new RegExp(`MCP token\\s+${mcp.data.token}`));
		});
		await t('stops everything it started', async () => {
			assert.ok(await common.portIsFree(port), `port ${port} is still in use`);
		});
	},
};
