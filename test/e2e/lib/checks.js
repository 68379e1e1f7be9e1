'use strict';
/* Small assertion helpers shared by the e2e specs. */
const assert = require('node:assert/strict');
const { nodeItems } = require('../../../scripts/e2e/lib/common');

/** The output items (json) of a node in a `n8n execute` result; optionally asserts their count. */
function itemsOf(result, nodeName, count) {
	const items = nodeItems(result.run, nodeName);
	assert.ok(items, `node "${nodeName}" did not run (ran: ${Object.keys(result.run?.data?.resultData?.runData ?? {}).join(', ')})${result.error ? `; error: ${JSON.stringify(result.error).slice(0, 600)}` : ''}`);
	if (count !== undefined) {
		assert.equal(items.length, count, `"${nodeName}" output ${items.length} items, expected ${count}: ${JSON.stringify(items).slice(0, 600)}`);
	}
	return items;
}

function pick(object, keys) {
	return Object.fromEntries(keys.map((k) => [k, object?.[k]]));
}

/** The secret appears nowhere in the given run data (a node's output and errors). */
function assertNoSecret(data, secret) {
	assert.ok(data, 'no run data to check');
	const text = JSON.stringify(data);
	assert.ok(!text.includes(secret), `the secret "${secret}" appears in the output`);
}

module.exports = { itemsOf, pick, assertNoSecret };
