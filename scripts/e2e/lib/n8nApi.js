'use strict';
/*
 * Talking to a running n8n 2.40: owner set-up and login (internal /rest), an API key, and the
 * public API (/api/v1) for workflows and executions.
 */

const OWNER = {
	email: 'owner@autotask-sandbox.local',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Autotask-Sandbox-1',
};

async function request(url, { method = 'GET', headers = {}, body, cookie } = {}) {
	const res = await fetch(url, {
		method,
		headers: {
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
			...(cookie ? { Cookie: cookie } : {}),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, ok: res.ok, json, text, headers: res.headers };
}

function authCookie(res) {
	const raw = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')].filter(Boolean);
	const cookie = raw.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	return cookie;
}

/** Sets up the owner when the instance has none yet, else logs in. Returns the auth cookie. */
async function ensureOwner(baseUrl, owner = OWNER) {
	const setup = await request(`${baseUrl}/rest/owner/setup`, { method: 'POST', body: owner });
	if (setup.ok) {
		const cookie = authCookie(setup);
		if (cookie) return cookie;
	}
	const login = await request(`${baseUrl}/rest/login`, {
		method: 'POST',
		body: { emailOrLdapLoginId: owner.email, password: owner.password },
	});
	if (!login.ok) {
		throw new Error(`owner set-up (${setup.status} ${setup.text.slice(0, 200)}) and login (${login.status} ${login.text.slice(0, 200)}) both failed`);
	}
	return authCookie(login);
}

/** Creates an API key with every scope the owner may grant. Returns the raw key. */
async function createApiKey(baseUrl, cookie, label = `e2e ${Date.now()}`) {
	const scopesRes = await request(`${baseUrl}/rest/api-keys/scopes`, { cookie });
	if (!scopesRes.ok) throw new Error(`GET /rest/api-keys/scopes: ${scopesRes.status} ${scopesRes.text.slice(0, 300)}`);
	const scopes = scopesRes.json?.data ?? scopesRes.json;
	const res = await request(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		cookie,
		body: { label, scopes, expiresAt: null },
	});
	if (!res.ok) throw new Error(`POST /rest/api-keys: ${res.status} ${res.text.slice(0, 300)}`);
	const data = res.json?.data ?? res.json;
	const key = data.rawApiKey ?? data.apiKey;
	if (!key) throw new Error(`no key in the API key response: ${res.text.slice(0, 300)}`);
	return key;
}

function publicApi(baseUrl, apiKey) {
	const call = async (method, pathname, body) => {
		const res = await request(`${baseUrl}/api/v1${pathname}`, {
			method,
			body,
			headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' },
		});
		if (!res.ok) throw new Error(`${method} /api/v1${pathname}: ${res.status} ${res.text.slice(0, 500)}`);
		return res.json;
	};
	return {
		call,
		createWorkflow: (wf) =>
			call('POST', '/workflows', {
				name: wf.name,
				nodes: wf.nodes,
				connections: wf.connections,
				settings: wf.settings ?? { executionOrder: 'v1' },
			}),
		activate: (id) => call('POST', `/workflows/${id}/activate`),
		deactivate: (id) => call('POST', `/workflows/${id}/deactivate`),
		getWorkflow: (id) => call('GET', `/workflows/${id}`),
		/** Every execution of a workflow, oldest first, with data. */
		async executions(workflowId, { includeData = true } = {}) {
			const all = [];
			let cursor;
			for (let page = 0; page < 50; page++) {
				const qs = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '100' });
				if (cursor) qs.set('cursor', cursor);
				const res = await call('GET', `/executions?${qs}`);
				all.push(...res.data);
				cursor = res.nextCursor;
				if (!cursor) break;
			}
			return all.sort((a, b) => Number(a.id) - Number(b.id));
		},
	};
}

module.exports = { OWNER, request, ensureOwner, createApiKey, publicApi, authCookie };
