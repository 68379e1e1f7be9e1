'use strict';
/*
 * The nodes as AI tools, the way AI assistants reach them: the example workflow
 * examples/autotask-tools-for-ai-assistants.json (n8n's MCP Server Trigger with our nodes attached as
 * tools, inputs filled by the assistant with $fromAI) is created and activated in a running n8n, and
 * the official MCP TypeScript SDK client connects to its production endpoint (/mcp/<path>, Streamable
 * HTTP, bearer token) as Claude Desktop or any MCP client would. No language model is involved: the
 * spec calls the tools with the arguments a model would send and checks the simulator's state.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLE = 'autotask-tools-for-ai-assistants.json';
const MCP_TRIGGER = '@n8n/n8n-nodes-langchain.mcpTrigger';

/**
 * The input schema every tool must publish: property name -> JSON schema type. `undefined` is a
 * $fromAI input of type json, which n8n 2.40 publishes without a type (any JSON value).
 */
const EXPECTED_INPUTS = {
	find_contacts: { search: 'string' },
	create_portal_user: { contactEmail: 'string', securityLevel: 'string' },
	grant_portal_access: { contactEmail: 'string' },
	revoke_portal_access: { contactEmail: 'string' },
	who_am_i: {},
	get_resource_by_email: { email: 'string' },
	query_company_tickets: { companyId: 'number', conditions: undefined },
	add_ticket_note: { ticketId: 'number', title: 'string', text: 'string' },
};

/** Every $fromAI('key', 'description', ...) of a node's parameters, as key -> description. */
function fromAiDescriptions(parameters) {
	const found = {};
	const strings = (value) =>
		typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
	for (const text of strings(parameters)) {
		for (const [, key, description] of text.matchAll(/\$fromAI\('([^']+)', '([^']*)'/g)) found[key] = description;
	}
	return found;
}

/** The JSON a tool returned (n8n sends the output items' JSON as one text block). */
function resultJson(result) {
	const text = result.content?.map((part) => part.text).join('') ?? '';
	return JSON.parse(text);
}

function errorText(result) {
	return result.content?.map((part) => part.text).join('') ?? '';
}

module.exports = {
	name: 'the nodes as AI tools through n8n\'s MCP Server Trigger, called by a real MCP client',
	phase: 'server',
	needs: ['autotaskClientPortalUser', 'autotaskResource', 'autotask', 'simulator'],
	async run(ctx, t) {
		const { assert, api } = ctx;
		const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
		const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

		const example = JSON.parse(fs.readFileSync(path.join(ctx.common.REPO, 'examples', EXAMPLE), 'utf8'));
		const trigger = example.nodes.find((node) => node.type === MCP_TRIGGER);
		const toolNodes = example.nodes.filter((node) => node.type.startsWith(`${ctx.common.PACKAGE_NAME}.`));
		const server = ctx.server;
		const stamp = Date.now().toString(36);
		const token = crypto.randomBytes(24).toString('hex');
		const mcpPath = `autotask-e2e-${stamp}`;
		const endpoint = new URL(`${server.url}/mcp/${mcpPath}`);

		// The example as a user imports it: its credentials pointed at this n8n's, its own path.
		const bearer = await server.api.call('POST', '/credentials', {
			name: `MCP bearer ${stamp}`,
			type: 'httpBearerAuth',
			data: { token },
		});
		const workflow = JSON.parse(JSON.stringify(example));
		for (const node of workflow.nodes) {
			if (node.credentials?.autotaskUserApi) {
				node.credentials.autotaskUserApi = { id: ctx.credential.id, name: ctx.credential.name };
			}
			if (node.type === MCP_TRIGGER) {
				node.parameters.path = mcpPath;
				node.webhookId = crypto.randomUUID();
				node.credentials = { httpBearerAuth: { id: bearer.id, name: bearer.name } };
			}
		}
		const created = await server.api.createWorkflow({ ...workflow, name: `${example.name} ${stamp}` });
		const initializeWithoutToken = async () =>
			await fetch(endpoint, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
				body: JSON.stringify({
					jsonrpc: '2.0',
					id: 1,
					method: 'initialize',
					params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'no-token', version: '1' } },
				}),
			});

		await t('the example workflow activates (MCP Server Trigger with 8 Autotask tools)', async () => {
			assert.equal(trigger.parameters.authentication, 'bearerAuth');
			assert.equal(toolNodes.length, Object.keys(EXPECTED_INPUTS).length);
			await server.api.activate(created.id);
			assert.equal((await server.api.getWorkflow(created.id)).active, true);
			// n8n 2.40 publishes an activated workflow's triggers in the background (a publication
			// outbox): the production URL answers 404 for a moment after the activate call returns.
			await ctx.common.waitFor('the MCP endpoint to be registered', async () => (await initializeWithoutToken()).status !== 404, {
				timeoutMs: 60_000,
				intervalMs: 500,
			});
		});

		await t('the endpoint refuses a client without the bearer token', async () => {
			const res = await initializeWithoutToken();
			assert.ok([401, 403].includes(res.status), `status ${res.status}: ${(await res.text()).slice(0, 200)}`);
		});

		const client = new Client({ name: 'autotask-e2e', version: '1.0.0' });
		const transport = new StreamableHTTPClientTransport(endpoint, {
			requestInit: { headers: { Authorization: `Bearer ${token}` } },
		});
		const connected = await t('an MCP client connects over Streamable HTTP with the token and gets the instructions', async () => {
			await client.connect(transport);
			assert.equal(client.getServerVersion()?.name, 'Autotask_MCP_Server');
			assert.equal(client.getInstructions(), trigger.parameters.instructions);
			assert.match(client.getInstructions(), /find_contacts/);
		});
		if (!connected) return;
		let toolCalls = 0;
		const call = async (name, args) => {
			toolCalls++;
			return await client.callTool({ name, arguments: args });
		};

		try {
			await t('tools/list: the eight tools with the descriptions and input schemas of the example', async () => {
				const { tools } = await client.listTools();
				assert.deepEqual(tools.map((tool) => tool.name).sort(), Object.keys(EXPECTED_INPUTS).sort());
				for (const tool of tools) {
					const node = toolNodes.find((candidate) => candidate.name === tool.name);
					assert.ok(node, `no node named ${tool.name}`);
					assert.equal(node.parameters.descriptionType, 'manual', `${tool.name}: the description is not the written one`);
					assert.equal(tool.description, node.parameters.toolDescription, `${tool.name}: description`);
					const expected = EXPECTED_INPUTS[tool.name];
					const schema = tool.inputSchema;
					assert.equal(schema.type, 'object', `${tool.name}: input schema type`);
					assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), Object.keys(expected).sort(), `${tool.name}: inputs`);
					assert.deepEqual([...(schema.required ?? [])].sort(), Object.keys(expected).sort(), `${tool.name}: required inputs`);
					const descriptions = fromAiDescriptions(node.parameters);
					for (const [key, type] of Object.entries(expected)) {
						const property = schema.properties[key];
						if (type) assert.equal(property.type, type, `${tool.name}.${key}: type`);
						else assert.deepEqual(Object.keys(property), ['description'], `${tool.name}.${key}: any JSON, got ${JSON.stringify(property)}`);
						assert.equal(property.description, descriptions[key], `${tool.name}.${key}: description`);
						assert.ok(property.description.length >= 20, `${tool.name}.${key}: description too short`);
					}
				}
			});

			// A contact whose portal user has no access: the one the assistant is asked to let in.
			const [revoked] = await api.query('ClientPortalUsers', [{ op: 'eq', field: 'isClientPortalActive', value: false }]);
			const contact = await api.get('Contacts', revoked.contactID);

			await t('find_contacts: by e-mail, and by part of a name', async () => {
				const byEmail = await call('find_contacts', { search: contact.emailAddress.toUpperCase() });
				assert.ok(!byEmail.isError, errorText(byEmail));
				assert.deepEqual(resultJson(byEmail).map((c) => c.id), [contact.id]);
				assert.deepEqual(Object.keys(resultJson(byEmail)[0]).sort(), ['companyID', 'emailAddress', 'firstName', 'id', 'isActive', 'lastName']);
				const byName = resultJson(await call('find_contacts', { search: contact.lastName }));
				assert.ok(byName.some((c) => c.id === contact.id), `search "${contact.lastName}" misses contact ${contact.id}`);
				assert.ok(byName.every((c) => c.lastName === contact.lastName || String(c.firstName).includes(contact.lastName)));
			});

			await t('grant_portal_access by e-mail: the portal user is ACTIVE in Autotask', async () => {
				const result = await call('grant_portal_access', { contactEmail: contact.emailAddress });
				assert.ok(!result.isError, errorText(result));
				const [user] = resultJson(result);
				assert.equal(user.id, revoked.id);
				assert.equal(user.contactID, contact.id);
				assert.equal(user.status, 'ACTIVE');
				assert.equal(user.password, undefined);
				assert.equal((await api.get('ClientPortalUsers', revoked.id)).isClientPortalActive, true);
			});

			await t('granting again is refused in one actionable line; nothing changes', async () => {
				const result = await call('grant_portal_access', { contactEmail: contact.emailAddress });
				assert.equal(result.isError, true);
				const [first] = errorText(result).split('\n');
				assert.match(first, /already has access \(status ACTIVE\)/);
				assert.equal((await api.get('ClientPortalUsers', revoked.id)).isClientPortalActive, true);
			});

			await t('revoke_portal_access by e-mail: TERMINATED in Autotask', async () => {
				const result = await call('revoke_portal_access', { contactEmail: contact.emailAddress });
				assert.ok(!result.isError, errorText(result));
				assert.equal(resultJson(result)[0].status, 'TERMINATED');
				assert.equal((await api.get('ClientPortalUsers', revoked.id)).isClientPortalActive, false);
			});

			await t('query_company_tickets: a company\'s tickets narrowed by a status label', async () => {
				const [ticket] = await api.query('Tickets', [{ op: 'eq', field: 'status', value: 1 }]);
				const expected = await api.query('Tickets', [
					{ op: 'eq', field: 'companyID', value: ticket.companyID },
					{ op: 'eq', field: 'status', value: 1 },
				]);
				const result = await call('query_company_tickets', {
					companyId: ticket.companyID,
					conditions: [{ op: 'eq', field: 'status', value: 'New' }],
				});
				assert.ok(!result.isError, errorText(result));
				const tickets = resultJson(result);
				// the tool returns at most 50 tickets; earlier specs may have added more to this company
				const expectedIds = new Set(expected.map((t) => t.id));
				assert.equal(tickets.length, Math.min(50, expected.length));
				assert.ok(tickets.every((t) => expectedIds.has(t.id)), 'a ticket outside the company or status came back');
				assert.ok(tickets.every((t) => t.companyID === ticket.companyID && t.status === 1 && t.status_label === 'New'));
			});

			await t('add_ticket_note: the note is on the ticket in Autotask', async () => {
				const [ticket] = await api.query('Tickets', [{ op: 'exist', field: 'id' }], { maxRecords: 1 });
				const title = `Called the customer ${stamp}`;
				const result = await call('add_ticket_note', { ticketId: ticket.id, title, text: 'The printer works again after a restart.' });
				assert.ok(!result.isError, errorText(result));
				const [note] = resultJson(result);
				assert.equal(note.ticketID, ticket.id);
				const stored = await api.query('TicketNotes', [{ op: 'eq', field: 'title', value: title }]);
				assert.deepEqual(stored.map((n) => n.ticketID), [ticket.id]);
			});

			await t('who_am_i and get_resource_by_email: the API user\'s resource', async () => {
				const me = await call('who_am_i', {});
				assert.ok(!me.isError, errorText(me));
				const [resource] = resultJson(me);
				assert.equal(String(resource.userName).toLowerCase(), String(ctx.sim.user.userName).split('@')[0].toLowerCase());
				const byEmail = await call('get_resource_by_email', { email: resource.email });
				assert.ok(!byEmail.isError, errorText(byEmail));
				assert.equal(resultJson(byEmail)[0].id, resource.id);
			});

			await t('bad input: one short line naming the field and the rule, no stack, no HTML', async () => {
				const cases = [
					[call('grant_portal_access', { contactEmail: 'jane-at-client' }), /Contact e-mail "jane-at-client" is not an e-mail address/],
					[
						call('query_company_tickets', { companyId: 1, conditions: [{ op: 'eq', field: 'colour', value: 'red' }] }),
						/"colour"/,
					],
					[call('get_resource_by_email', { email: 'nobody@nowhere.example' }), /nobody@nowhere\.example/],
					[
						call('create_portal_user', { contactEmail: contact.emailAddress, securityLevel: 'Superuser' }),
						/"Superuser" is not a value of picklist field "securityLevel"/,
					],
				];
				for (const [pending, expected] of cases) {
					const result = await pending;
					assert.equal(result.isError, true, `not an error: ${errorText(result)}`);
					const text = errorText(result);
					const [first] = text.split('\n');
					ctx.common.log(`the MCP client got: ${JSON.stringify(text)}`);
					assert.match(first, expected);
					assert.ok(first.length <= 200, `first line has ${first.length} characters: ${first}`);
					assert.doesNotMatch(text, /<[a-z!/][^>]*>/i, `HTML in: ${text}`);
					assert.doesNotMatch(text, /\n\s+at /, `stack in: ${text}`);
				}
			});

			await t('an input of the wrong type is refused by the tool schema (LangChain, before the node runs), naming the input', async () => {
				const result = await call('query_company_tickets', { companyId: 'Acme', conditions: [{ op: 'exist', field: 'id' }] });
				assert.equal(result.isError, true, errorText(result));
				ctx.common.log(`the MCP client got: ${JSON.stringify(errorText(result))}`);
				assert.match(errorText(result), /did not match expected schema[\s\S]*companyId/);
			});

			await t('every tool call is one execution of the workflow in n8n', async () => {
				const executions = await ctx.common.waitFor(
					`${toolCalls} executions`,
					async () => {
						const list = await server.api.executions(created.id, { includeData: false });
						return list.length >= toolCalls ? list : null;
					},
					{ timeoutMs: 30_000, intervalMs: 1000 },
				);
				assert.equal(executions.length, toolCalls);
				assert.ok(executions.every((execution) => execution.mode === 'webhook'), JSON.stringify(executions.map((e) => e.mode)));
			});
		} finally {
			await client.close().catch(() => undefined);
			await server.api.deactivate(created.id).catch(() => undefined);
		}
	},
};
