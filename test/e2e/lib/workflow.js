'use strict';
/*
 * Builders for workflow JSON run by the real-n8n e2e suite: a Manual Trigger, input rows (Set raw
 * JSON + Split Out, so no Code node and no task runner is needed), our nodes with the imported
 * credential, and connections. Nodes are placed left to right in the order they are added.
 */
const crypto = require('node:crypto');

const PACKAGE = 'n8n-nodes-autotask-psa';

class WorkflowBuilder {
	constructor(name, { credential, id } = {}) {
		this.name = name;
		this.id = id ?? randomId();
		this.credential = credential;
		this.nodes = [];
		this.connections = {};
		this.x = 0;
	}

	add(node, { after, output = 0, y = 0 } = {}) {
		const full = {
			id: crypto.randomUUID(),
			position: [this.x, y],
			typeVersion: 1,
			parameters: {},
			...node,
		};
		this.x += 220;
		this.nodes.push(full);
		for (const from of [after].flat().filter(Boolean)) this.connect(from, full.name, output);
		return full.name;
	}

	connect(from, to, output = 0) {
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: 0 });
	}

	manualTrigger(name = 'Start') {
		return this.add({ name, type: 'n8n-nodes-base.manualTrigger', parameters: {} });
	}

	/** Emits one item per row (objects), after `after`. */
	rows(name, rows, { after } = {}) {
		const set = this.add(
			{
				name: `${name} (json)`,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} },
			},
			{ after },
		);
		return this.add(
			{
				name,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'rows', options: {} },
			},
			{ after: set },
		);
	}

	/**
	 * One of our nodes (short type name such as 'autotaskClientPortalUser'). `onError` is n8n's
	 * setting in full; `continueOnFail` is short for 'continueRegularOutput'.
	 */
	autotask(name, shortType, parameters, { after, continueOnFail = false, onError, typeVersion = 1, output } = {}) {
		const node = {
			name,
			type: `${PACKAGE}.${shortType}`,
			typeVersion,
			parameters,
		};
		if (this.credential) {
			node.credentials = { autotaskUserApi: { id: this.credential.id, name: this.credential.name } };
		}
		if (onError ?? continueOnFail) node.onError = onError ?? 'continueRegularOutput';
		return this.add(node, { after, output });
	}

	toJSON() {
		return {
			id: this.id,
			name: this.name,
			active: false,
			nodes: this.nodes,
			connections: this.connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
			tags: [],
		};
	}
}

/** n8n workflow ids are 16 alphanumeric characters. */
function randomId() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A resource-locator value as the editor stores it. */
function locator(value, mode = 'id') {
	return { __rl: true, value, mode };
}

module.exports = { WorkflowBuilder, randomId, locator, PACKAGE };
