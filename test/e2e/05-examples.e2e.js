'use strict';
/*
 * The example workflows shipped in examples/ run in a real n8n against the simulator (small seed),
 * with their Autotask credential pointed at the imported one. Runs first, on the fresh seed the
 * examples are written for. Every example that starts from a Manual Trigger must succeed, and every
 * Autotask node in it must output items without errors; known examples are also checked against the
 * simulator's state. Each is then run a second time on the data its first run changed, and must
 * succeed again (a user re-running an example in the sandbox). Examples started by a trigger are
 * imported; test/examples.test.ts runs them (twice) through n8n's execution engine.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomId } = require('./lib/workflow');

/** Extra checks for the examples we know, by file name. */
const KNOWN = {
	'offboard-company-revoke-portal-access.json': async (ctx, result, workflow) => {
		const set = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.set');
		const companyId = JSON.parse(set.parameters.jsonOutput).companyId;
		const contacts = await ctx.api.query('Contacts', [{ op: 'eq', field: 'companyID', value: companyId }]);
		const users = await ctx.api.query('ClientPortalUsers', [{ op: 'in', field: 'contactID', value: contacts.map((c) => c.id) }]);
		ctx.assert.ok(users.length > 0, 'the company has no portal users to revoke');
		ctx.assert.deepEqual(users.filter((u) => u.isClientPortalActive), [], 'some portal users of the company still have access');
	},
	'sync-resources-from-spreadsheet.json': async (ctx, result, workflow) => {
		const set = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.set');
		const rows = JSON.parse(set.parameters.jsonOutput).rows;
		for (const row of rows) {
			const [resource] = await ctx.api.query('Resources', [{ op: 'eq', field: 'userName', value: row.userName }]);
			ctx.assert.ok(resource, `resource ${row.userName} missing`);
			for (const [field, value] of Object.entries(row)) {
				if (field === 'userName') continue;
				ctx.assert.equal(resource[field], value, `${row.userName}.${field}`);
			}
		}
	},
};

module.exports = {
	name: 'the example workflows in examples/',
	needs: ['simulator'],
	async run(ctx, t) {
		const dir = path.join(ctx.common.REPO, 'examples');
		const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
		if (files.length === 0) {
			t.skip('examples', 'examples/ has no workflow yet');
			return;
		}
		const runnable = [];
		for (const file of files) {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			const ourNodes = workflow.nodes.filter((n) => String(n.type).startsWith(`${ctx.common.PACKAGE_NAME}.`));
			// a "<node>Tool" type is the AI-tool form n8n derives from a usableAsTool node
			const missing = [...new Set(ourNodes.map((n) => n.type.split('.').pop().replace(/Tool$/, '')))].filter((n) => !ctx.has(n));
			if (missing.length) {
				t.skip(file, `uses nodes not in the package yet: ${missing.join(', ')}`);
				continue;
			}
			const start = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
			const copy = JSON.parse(JSON.stringify(workflow));
			copy.id = randomId();
			copy.active = false;
			for (const node of copy.nodes) {
				if (ourNodes.some((n) => n.name === node.name)) {
					node.credentials = { autotaskUserApi: { id: ctx.credential.id, name: ctx.credential.name } };
				}
			}
			if (!start) {
				// e.g. a trigger example: importing it proves n8n accepts it; it cannot run headless (the
				// MCP tools example is run in a live n8n by 65-mcp-tools)
				await t(`${file}: imports (no Manual Trigger, not run)`, async () => {
					await ctx.importWorkflows([copy]);
				});
				continue;
			}
			runnable.push({ file, workflow, copy, ourNodes });
		}
		if (runnable.length === 0) return;
		const results = await ctx.runWorkflows(runnable.map((r) => r.copy));
		for (const [i, { file, workflow, ourNodes }] of runnable.entries()) {
			const result = results[i];
			await t(`${file}: "${workflow.name}" runs to success`, async () => {
				ctx.assert.ok(result.ok, `execution failed: ${JSON.stringify(result.error)?.slice(0, 800)}`);
				for (const node of ourNodes) {
					const items = ctx.common.nodeItems(result.run, node.name);
					ctx.assert.ok(items, `${node.name} did not run`);
					ctx.assert.ok(items.length > 0, `${node.name} output no item`);
					const errors = items.filter((item) => item.error);
					ctx.assert.deepEqual(errors, [], `${node.name} reported errors`);
				}
				if (KNOWN[file]) await KNOWN[file](ctx, result, workflow);
			});
		}
		const again = await ctx.runWorkflows(runnable.map((r) => ({ ...r.copy, id: randomId() })));
		for (const [i, { file, workflow }] of runnable.entries()) {
			await t(`${file}: runs to success again on the data its first run changed`, async () => {
				const result = again[i];
				ctx.assert.ok(result.ok, `second execution failed: ${JSON.stringify(result.error)?.slice(0, 800)}`);
				if (KNOWN[file]) await KNOWN[file](ctx, result, workflow);
			});
		}
	},
};
