'use strict';
/**
 * A small client for a running n8n: owner setup and login on the internal REST API
 * (`/rest/...`, session cookie), everything else on the public API (`/api/v1/...`,
 * `X-N8N-API-KEY`).
 */
const crypto = require('node:crypto');

const OWNER = {
	email: 'admin@campus-safety.local',
	password: 'CampusSafety1!',
	firstName: 'Campus',
	lastName: 'Admin',
};
const API_KEY_LABEL = 'campus-safety-tooling';
/** Execution statuses after which nothing changes any more. */
const TERMINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class N8nApiError extends Error {
	constructor(method, url, status, body) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		super(`${method} ${url} -> ${status}: ${text.slice(0, 1000)}`);
		this.status = status;
		this.body = body;
	}
}

class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = undefined;
		this.apiKey = undefined;
		// n8n ties the session to a browser id sent with every request.
		this.browserId = crypto.randomUUID();
	}

	async request(method, path, { body, query, auth = 'auto', expect, raw } = {}) {
		const url = new URL(`${this.baseUrl}${path}`);
		for (const [key, value] of Object.entries(query ?? {})) {
			if (value !== undefined) url.searchParams.set(key, String(value));
		}
		const headers = { accept: 'application/json', 'browser-id': this.browserId };
		if (body !== undefined) headers['content-type'] = 'application/json';
		const useKey = auth === 'key' || (auth === 'auto' && path.startsWith('/api/'));
		if (useKey && this.apiKey) headers['x-n8n-api-key'] = this.apiKey;
		if (!useKey && auth !== 'none' && this.cookie) headers.cookie = this.cookie;
		const response = await fetch(url, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const authCookie = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie.split(';')[0];
		if (raw) return response;
		const text = await response.text();
		let parsed = text;
		try {
			parsed = text === '' ? undefined : JSON.parse(text);
		} catch {
			// not JSON
		}
		const ok = expect ? [].concat(expect).includes(response.status) : response.ok;
		if (!ok) throw new N8nApiError(method, url.pathname, response.status, parsed);
		// The internal REST API wraps its answers in { data }.
		if (path.startsWith('/rest/') && parsed && typeof parsed === 'object' && 'data' in parsed) {
			return parsed.data;
		}
		return parsed;
	}

	/** Whether the instance still asks for an owner account. */
	async needsOwnerSetup() {
		const settings = await this.request('GET', '/rest/settings', { auth: 'none' });
		return Boolean(settings?.userManagement?.showSetupOnFirstLoad);
	}

	async setupOwner(owner = OWNER) {
		return this.request('POST', '/rest/owner/setup', {
			body: {
				email: owner.email,
				firstName: owner.firstName,
				lastName: owner.lastName,
				password: owner.password,
			},
		});
	}

	async login(owner = OWNER) {
		// 2.x takes `emailOrLdapLoginId`; older versions took `email`.
		return this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
		});
	}

	/** Sets up the owner if needed, else logs in. Returns whether the owner was created now. */
	async ensureOwner(owner = OWNER) {
		if (await this.needsOwnerSetup()) {
			await this.setupOwner(owner);
			return true;
		}
		await this.login(owner);
		return false;
	}

	/** Creates an API key with every scope the instance offers (needs a session). */
	async createApiKey(label = API_KEY_LABEL) {
		let scopes;
		try {
			scopes = await this.request('GET', '/rest/api-keys/scopes');
		} catch {
			scopes = undefined;
		}
		const created = await this.request('POST', '/rest/api-keys', {
			body: { label, expiresAt: null, ...(Array.isArray(scopes) ? { scopes } : {}) },
		});
		const key = created?.rawApiKey ?? created?.apiKey;
		if (!key) throw new Error(`n8n returned no API key: ${JSON.stringify(created)}`);
		this.apiKey = key;
		return { id: created.id, apiKey: key };
	}

	/** Deletes this tool's older API keys (keeps `keepId`). */
	async deleteApiKeys(label = API_KEY_LABEL, keepId) {
		const listed = await this.request('GET', '/rest/api-keys', { query: { take: 250 } });
		// 2.41 answers { items, counts, … }; older versions a plain array.
		const keys = Array.isArray(listed) ? listed : (listed?.items ?? []);
		for (const key of keys) {
			if (key.label === label && key.id !== keepId) {
				await this.request('DELETE', `/rest/api-keys/${key.id}`);
			}
		}
	}

	async apiKeyWorks(apiKey) {
		const previous = this.apiKey;
		this.apiKey = apiKey;
		try {
			await this.request('GET', '/api/v1/workflows', { query: { limit: 1 } });
			return true;
		} catch {
			this.apiKey = previous;
			return false;
		}
	}

	// ---- credentials -------------------------------------------------------------

	async listCredentials() {
		const all = [];
		let cursor;
		do {
			const page = await this.request('GET', '/api/v1/credentials', {
				query: { limit: 250, cursor },
			});
			all.push(...(page?.data ?? []));
			cursor = page?.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	async createCredential(type, data, name = `${type} (${crypto.randomUUID().slice(0, 8)})`) {
		return this.request('POST', '/api/v1/credentials', { body: { name, type, data } });
	}

	async updateCredential(id, type, data, name) {
		return this.request('PATCH', `/api/v1/credentials/${id}`, { body: { name, type, data } });
	}

	async deleteCredential(id) {
		return this.request('DELETE', `/api/v1/credentials/${id}`);
	}

	/** Creates the credential, or updates the one of that name and type. Returns it. */
	async upsertCredential(type, data, name) {
		const existing = (await this.listCredentials()).filter(
			(c) => c.name === name && c.type === type,
		);
		if (existing.length === 0)
			return { ...(await this.createCredential(type, data, name)), created: true };
		const [keep, ...duplicates] = existing;
		for (const duplicate of duplicates) await this.deleteCredential(duplicate.id);
		try {
			await this.updateCredential(keep.id, type, data, name);
		} catch (error) {
			if (error.status !== 404 && error.status !== 405) throw error;
			// No PATCH on this version's public API: replace it instead.
			await this.deleteCredential(keep.id);
			return { ...(await this.createCredential(type, data, name)), created: true };
		}
		return { id: keep.id, name, type, created: false };
	}

	/** Runs the credential type's `test` request in n8n. Returns { status, message }. */
	async testCredential(id) {
		return this.request('POST', `/api/v1/credentials/${id}/test`, { expect: [200, 400] });
	}

	// ---- workflows ---------------------------------------------------------------

	async listWorkflows(query = {}) {
		const all = [];
		let cursor;
		do {
			const page = await this.request('GET', '/api/v1/workflows', {
				query: { limit: 250, cursor, ...query },
			});
			all.push(...(page?.data ?? []));
			cursor = page?.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	async getWorkflow(id) {
		return this.request('GET', `/api/v1/workflows/${id}`);
	}

	async createWorkflow(workflow) {
		return this.request('POST', '/api/v1/workflows', { body: publicWorkflowBody(workflow) });
	}

	async updateWorkflow(id, workflow) {
		return this.request('PUT', `/api/v1/workflows/${id}`, { body: publicWorkflowBody(workflow) });
	}

	async deleteWorkflow(id) {
		return this.request('DELETE', `/api/v1/workflows/${id}`);
	}

	async activateWorkflow(id) {
		return this.request('POST', `/api/v1/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id) {
		return this.request('POST', `/api/v1/workflows/${id}/deactivate`);
	}

	/** Creates the workflow, or replaces the content of the one with the same name. */
	async upsertWorkflowByName(workflow) {
		const same = (await this.listWorkflows()).filter((w) => w.name === workflow.name);
		if (same.length === 0) return { ...(await this.createWorkflow(workflow)), created: true };
		const [keep, ...duplicates] = same;
		for (const duplicate of duplicates) await this.deleteWorkflow(duplicate.id);
		const wasActive = keep.active;
		if (wasActive) await this.deactivateWorkflow(keep.id);
		const updated = await this.updateWorkflow(keep.id, workflow);
		return { ...updated, created: false, wasActive };
	}

	async listExecutions(query = {}) {
		const page = await this.request('GET', '/api/v1/executions', { query });
		return page?.data ?? [];
	}

	async getExecution(id) {
		return this.request('GET', `/api/v1/executions/${id}`, { query: { includeData: true } });
	}

	/**
	 * Runs a saved workflow as the editor's "Execute workflow" button does (`POST
	 * /rest/workflows/:id/run`, a manual execution starting at its trigger; needs the owner's
	 * session). In queue mode with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true a worker runs it.
	 * Returns the execution id at once; see waitForExecution().
	 */
	async runManually(workflowId, { triggerName } = {}) {
		const workflow = await this.getWorkflow(workflowId);
		const trigger =
			triggerName ??
			workflow.nodes.find((node) => /Trigger$/.test(node.type) && !node.disabled)?.name;
		if (!trigger) throw new Error(`Workflow ${workflowId} has no trigger node to run from`);
		const result = await this.request('POST', `/rest/workflows/${workflowId}/run`, {
			body: { triggerToStartFrom: { name: trigger } },
		});
		if (!result?.executionId) {
			throw new Error(
				`n8n started no execution of workflow ${workflowId}: ${JSON.stringify(result)}`,
			);
		}
		return String(result.executionId);
	}

	/** Polls an execution until it has finished; returns it with its data. */
	async waitForExecution(id, { timeoutMs = 120_000 } = {}) {
		const started = Date.now();
		for (;;) {
			const execution = await this.getExecution(id).catch((error) => {
				// Not saved yet (a worker saves it once it has picked the job up).
				if (error.status === 404) return undefined;
				throw error;
			});
			if (execution && (TERMINAL_STATUSES.has(execution.status) || execution.stoppedAt)) {
				return execution;
			}
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`Execution ${id} did not finish within ${timeoutMs / 1000} s (status ${execution?.status})`,
				);
			}
			await delay(250);
		}
	}
}

/** The public API accepts only these workflow fields. */
function publicWorkflowBody(workflow) {
	const settings = { ...(workflow.settings ?? {}) };
	const allowedSettings = [
		'saveExecutionProgress',
		'saveManualExecutions',
		'saveDataErrorExecution',
		'saveDataSuccessExecution',
		'executionTimeout',
		'errorWorkflow',
		'timezone',
		'executionOrder',
		'callerPolicy',
		'callerIds',
		'timeSavedPerExecution',
		'availableInMCP',
	];
	for (const key of Object.keys(settings)) {
		if (!allowedSettings.includes(key)) delete settings[key];
	}
	return {
		name: workflow.name,
		nodes: workflow.nodes ?? [],
		connections: workflow.connections ?? {},
		settings,
		...(workflow.staticData ? { staticData: workflow.staticData } : {}),
	};
}

/**
 * Points each node's credential references at the given credentials, by type:
 * `credentialsByType` maps a credential type to `{ id, name }`.
 */
function mapWorkflowCredentials(workflow, credentialsByType) {
	const unmapped = [];
	const nodes = (workflow.nodes ?? []).map((node) => {
		if (!node.credentials) return node;
		const credentials = {};
		for (const [type, reference] of Object.entries(node.credentials)) {
			const target = credentialsByType[type];
			if (target) credentials[type] = { id: String(target.id), name: target.name };
			else {
				credentials[type] = reference;
				unmapped.push(`${node.name}: ${type}`);
			}
		}
		return { ...node, credentials };
	});
	return { workflow: { ...workflow, nodes }, unmapped };
}

module.exports = {
	N8nClient,
	N8nApiError,
	OWNER,
	API_KEY_LABEL,
	TERMINAL_STATUSES,
	mapWorkflowCredentials,
	publicWorkflowBody,
};
