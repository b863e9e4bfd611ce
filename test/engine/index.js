/**
 * A small in-process n8n for tests: runs real workflow JSON through n8n-core's
 * WorkflowExecute with the real credential mechanics (generic `authenticate`,
 * `preAuthentication` of expirable fields persisted like n8n does, credential
 * tests through RoutingNode, loadOptions/listSearch through LoadOptionsContext).
 * Our nodes are loaded from dist/, exactly as n8n loads the installed package.
 */
const fs = require('node:fs');
const path = require('node:path');
const {
	WorkflowExecute,
	ExecutionLifecycleHooks,
	ExecuteContext,
	LoadOptionsContext,
	RoutingNode,
} = require('n8n-core');
const {
	Workflow,
	ICredentialsHelper,
	NodeHelpers,
	createRunExecutionData,
	isExpression,
} = require('n8n-workflow');

const { deduplicationStore } = require('./deduplication');

const ROOT = path.resolve(__dirname, '../..');
const pkg = require(path.join(ROOT, 'package.json'));
const PACKAGE = pkg.name;

/** n8n's own nodes the test workflows use, by type name. */
const BASE_NODES = {
	manualTrigger: 'ManualTrigger/ManualTrigger.node.js',
	noOp: 'NoOp/NoOp.node.js',
	set: 'Set/Set.node.js',
	code: 'Code/Code.node.js',
	httpRequest: 'HttpRequest/HttpRequest.node.js',
	if: 'If/If.node.js',
	filter: 'Filter/Filter.node.js',
	merge: 'Merge/Merge.node.js',
	splitInBatches: 'SplitInBatches/SplitInBatches.node.js',
	scheduleTrigger: 'Schedule/ScheduleTrigger.node.js',
	aggregate: 'Aggregate/Aggregate.node.js',
	splitOut: 'Transform/SplitOut/SplitOut.node.js',
	summarize: 'Transform/Summarize/Summarize.node.js',
	readWriteFile: 'Files/ReadWriteFile/ReadWriteFile.node.js',
	extractFromFile: 'Files/ExtractFromFile/ExtractFromFile.node.js',
	stickyNote: 'StickyNote/StickyNote.node.js',
	emailSend: 'EmailSend/EmailSend.node.js',
	respondToWebhook: 'RespondToWebhook/RespondToWebhook.node.js',
	renameKeys: 'RenameKeys/RenameKeys.node.js',
	formTrigger: 'Form/FormTrigger.node.js',
};

/** n8n's own credential types the test workflows use (Send Email's SMTP), by type name. */
const BASE_CREDENTIALS = { smtp: 'Smtp.credentials.js' };
/** The credentials those of n8n's nodes need, attached like ours (see withCredentials). */
const BASE_NODE_CREDENTIALS = { 'n8n-nodes-base.emailSend': ['smtp'] };

function firstExport(file) {
	const mod = require(file);
	return new (Object.values(mod).find((value) => typeof value === 'function'))();
}

/** DIST_DIR points the engine at another build of the package (default: dist/). */
const distFile = (file) => path.resolve(ROOT, process.env.DIST_DIR ? file.replace(/^dist\//, `${process.env.DIST_DIR}/`) : file);

function loadPackage() {
	const nodes = {};
	for (const file of pkg.n8n.nodes) {
		if (process.env.DIST_DIR && !fs.existsSync(distFile(file))) continue;
		const node = firstExport(distFile(file));
		nodes[`${PACKAGE}.${node.description.name}`] = node;
	}
	const credentials = {};
	for (const file of pkg.n8n.credentials) {
		if (process.env.DIST_DIR && !fs.existsSync(distFile(file))) continue;
		const credential = firstExport(distFile(file));
		credentials[credential.name] = credential;
	}
	return { nodes, credentials };
}

const loaded = loadPackage();
for (const [name, file] of Object.entries(BASE_CREDENTIALS)) {
	loaded.credentials[name] ??= firstExport(require.resolve(`n8n-nodes-base/dist/credentials/${file}`));
}
const baseNodeCache = {};

function baseNode(name) {
	if (!baseNodeCache[name]) {
		const file = BASE_NODES[name];
		if (!file) throw new Error(`The test engine does not load n8n-nodes-base.${name}: add it to BASE_NODES`);
		baseNodeCache[name] = firstExport(require.resolve(`n8n-nodes-base/dist/nodes/${file}`));
	}
	return baseNodeCache[name];
}

class NodeTypes {
	constructor(overrides = {}) {
		this.overrides = overrides;
	}

	getByName(type) {
		if (this.overrides[type]) return this.overrides[type];
		if (loaded.nodes[type]) return loaded.nodes[type];
		if (type.startsWith('n8n-nodes-base.')) return baseNode(type.slice('n8n-nodes-base.'.length));
		throw new Error(`Unknown node type ${type}`);
	}

	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Credentials kept in memory, with n8n's authenticate / preAuthentication behaviour. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(store) {
		super();
		this.store = store;
		this.updates = [];
	}

	getParentTypes() {
		return [];
	}

	getCredentialsProperties(type) {
		return loaded.credentials[type].properties;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = loaded.credentials[typeName];
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (typeof type.authenticate === 'object' && type.authenticate.type === 'generic') {
			requestOptions.headers ??= {};
			const resolve = (value) =>
				isExpression(value)
					? String(
							workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ??
								'',
						)
					: value;
			for (const [outerKey, values] of Object.entries(type.authenticate.properties)) {
				requestOptions[outerKey] ??= {};
				for (const [key, value] of Object.entries(values)) requestOptions[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = loaded.credentials[typeName];
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired && !testing) {
			return undefined;
		}
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		// n8n persists the fresh token on the stored credential, so later requests reuse it.
		this.store[typeName] = { ...this.store[typeName], ...output };
		this.updates.push({ type: typeName, fields: Object.keys(output) });
		return Object.assign(credentials, output);
	}

	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!this.store[type]) throw new Error(`No credentials of type ${type} in the test store`);
		return { ...loadDefaults(type), ...this.store[type] };
	}

	async getCredentials() {
		throw new Error('not used by the test engine');
	}

	async updateCredentials(_nodeCredentials, type, data) {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData() {}

	isCredentialUsableByNode() {
		return true;
	}
}

function loadDefaults(type) {
	return Object.fromEntries(loaded.credentials[type].properties.map((p) => [p.name, p.default]));
}

function makeAdditionalData(credentialsHelper, hooks) {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not supported by the test engine');
		},
		getRunExecutionData: async () => undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};
}

/** Attaches every node's credential reference, so a workflow file need not name ids. */
function withCredentials(nodes) {
	return nodes.map((node) => {
		const type = loaded.nodes[node.type];
		const baseCredentials = BASE_NODE_CREDENTIALS[node.type];
		if ((!type && !baseCredentials) || node.credentials) return node;
		const names = baseCredentials ?? (type.description.credentials ?? []).map((c) => c.name);
		const credentials = Object.fromEntries(names.map((name) => [name, { id: name, name }]));
		return { ...node, credentials };
	});
}

/**
 * Creates an engine holding credentials by type name, e.g.
 * `createEngine({ opscomApi: { baseUrl, apiToken } })`.
 */
function createEngine(credentialStore = {}) {
	const credentialsHelper = new CredentialsHelper(credentialStore);
	const nodeTypes = new NodeTypes();
	// The sync history of one engine's runs, as one n8n instance keeps it; a new engine starts empty.
	const deduplication = deduplicationStore();
	deduplication.rows.clear();
	/**
	 * Each workflow's static data as n8n's database holds it. Like n8n (workflow-execute-after
	 * hooks of packages/cli), a run saves it once when it ends, successful or not, only if a node
	 * changed it, and never for a manual run.
	 */
	const staticData = new Map();
	const staticDataFaults = { failNextSave: 0 };
	let executions = 0;

	/**
	 * Runs a workflow (nodes + connections) from its first trigger; returns the run.
	 * `mode`: "trigger" (a scheduled run, the default) or "manual" (an editor run: static data
	 * is not saved). `killed`: the process dies as the run ends (nothing is saved).
	 * `resume: { run, items }`: goes on with a run that is waiting (Send and Wait), as if its
	 * resume URL was called and the waiting node output `items`. `trigger`: the name of the
	 * trigger to start from (default: the first), with `triggerJson` as its output item, e.g. a
	 * form submission.
	 */
	async function run(
		workflowJson,
		{ mode = 'trigger', killed = false, executionId, resume, trigger, triggerJson = {} } = {},
	) {
		const nodes = withCredentials(workflowJson.nodes);
		const id = workflowJson.id ?? 'test-workflow';
		const workflow = new Workflow({
			id,
			name: workflowJson.name ?? 'test',
			nodes,
			connections: workflowJson.connections,
			nodeTypes,
			active: false,
			settings: workflowJson.settings ?? {},
			staticData: structuredClone(staticData.get(id) ?? {}),
		});
		const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', { ...workflowJson, id });
		let finished;
		const done = new Promise((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
			if (mode !== 'manual' && !killed && workflow.staticData.__dataChanged === true) {
				if (staticDataFaults.failNextSave > 0) staticDataFaults.failNextSave -= 1;
				else staticData.set(id, JSON.parse(JSON.stringify(workflow.staticData)));
			}
			finished(fullRunData);
		});
		const additionalData = makeAdditionalData(credentialsHelper, hooks);
		// Each run is its own execution, as in n8n (`executionId` repeats one, e.g. a replay).
		additionalData.executionId = executionId ?? resume?.run.executionId ?? String(++executions);

		const startNode = trigger
			? nodes.find((node) => node.name === trigger)
			: (nodes.find((node) => /trigger/i.test(node.type)) ?? workflow.getStartNode());
		if (!startNode) throw new Error(`No trigger named "${trigger}" in the workflow`);
		const runExecutionData = resume
			? resumed(resume.run, resume.items)
			: createRunExecutionData({
					executionData: {
						nodeExecutionStack: [
							{ node: startNode, data: { main: [[{ json: triggerJson }]] }, source: null },
						],
					},
				});
		const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
		await execute.processRunExecutionData(workflow);
		return new RunResult(await done, additionalData.executionId);
	}

	/**
	 * A waiting execution's data, made ready to go on as n8n's WaitingWebhooks does when the
	 * resume URL is called: the waiting node (first on the stack) is disabled so it passes the
	 * webhook's output (`items`, e.g. Send and Wait's `{ data: { approved: true } }`) on instead
	 * of running again, and its waiting run is dropped from the run data.
	 */
	function resumed(waiting, items) {
		if (waiting.status !== 'waiting') throw new Error(`Only a waiting run can resume (this one is ${waiting.status})`);
		const data = structuredClone(waiting.raw.data);
		const [top] = data.executionData.nodeExecutionStack;
		top.node.disabled = true;
		top.data = { main: [items] };
		data.waitTill = undefined;
		data.resultData.runData[data.resultData.lastNodeExecuted].pop();
		return data;
	}

	function contextFor(nodeTypeName, parameters) {
		const node = withCredentials([
			{ id: 'n1', name: 'Node', type: nodeTypeName, typeVersion: 1, position: [0, 0], parameters },
		])[0];
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const additionalData = makeAdditionalData(credentialsHelper, new ExecutionLifecycleHooks('manual', 'x', {}));
		additionalData.currentNodeParameters = parameters;
		return { node, context: new LoadOptionsContext(workflow, node, additionalData, 'parameters') };
	}

	/** Runs a node's loadOptions method as the editor does when a dropdown opens. */
	async function loadOptions(nodeTypeName, method, parameters = {}) {
		const { context } = contextFor(nodeTypeName, parameters);
		return await nodeTypes.getByName(nodeTypeName).methods.loadOptions[method].call(context);
	}

	/** Runs a node's resourceMapping method as the resource mapper does when it loads its fields. */
	async function resourceMapping(nodeTypeName, method, parameters = {}) {
		const { context } = contextFor(nodeTypeName, parameters);
		return await nodeTypes.getByName(nodeTypeName).methods.resourceMapping[method].call(context);
	}

	/** Runs a node's listSearch method as the resource locator's "From list" does. */
	async function listSearch(nodeTypeName, method, filter, parameters = {}) {
		const { context } = contextFor(nodeTypeName, parameters);
		return await nodeTypes.getByName(nodeTypeName).methods.listSearch[method].call(context, filter);
	}

	/** Tests a credential the way n8n's credentials tester does for `test.request` credentials. */
	async function testCredential(typeName, data) {
		const type = loaded.credentials[typeName];
		const nodeType = {
			description: {
				...baseNode('noOp').description,
				credentials: [{ name: typeName, required: true }],
				properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: type.test.request }, default: '' }],
			},
		};
		const node = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [typeName]: { id: 'test', name: 'test' } },
		};
		const tempTypes = new NodeTypes({ 'n8n-nodes-base.noOp': nodeType });
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: tempTypes });
		const helper = new CredentialsHelper({ [typeName]: { ...loadDefaults(typeName), ...data } });
		const additionalData = makeAdditionalData(helper, new ExecutionLifecycleHooks('internal', 'x', {}));
		const runExecutionData = createRunExecutionData();
		const context = new ExecuteContext(workflow, node, additionalData, 'internal', runExecutionData, 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
		const decrypted = { id: 'test', name: 'test', type: typeName, data: { ...loadDefaults(typeName), ...data } };
		let response;
		try {
			response = await new RoutingNode(context, nodeType, decrypted).runNode();
		} catch (error) {
			const cause = error.cause;
			if (cause?.response) {
				for (const rule of type.test.rules ?? []) {
					if (rule.type === 'responseCode' && cause.response.status === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
				return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
			}
			if (cause?.code) return { status: 'Error', message: cause.code };
			return { status: 'Error', message: String(error.message) };
		}
		for (const rule of type.test.rules ?? []) {
			if (rule.type === 'responseSuccessBody') {
				const value = rule.properties.key.split('.').reduce((obj, key) => obj?.[key], response[0][0].json);
				if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	return {
		run,
		loadOptions,
		resourceMapping,
		listSearch,
		testCredential,
		credentialsHelper,
		store: credentialStore,
		deduplication,
		staticData,
		staticDataFaults,
	};
}

class RunResult {
	constructor(run, executionId) {
		this.raw = run;
		this.executionId = executionId;
		this.status = run.status;
		this.runData = run.data.resultData.runData;
		this.error = run.data.resultData.error;
	}

	/** The output items (json + pairedItem) of a node's first run. */
	items(nodeName, output = 0) {
		const task = this.runData[nodeName]?.[0];
		if (!task) throw new Error(`Node "${nodeName}" did not run. Workflow error: ${this.error?.message}`);
		if (task.error) throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
		return task.data.main[output] ?? [];
	}

	/** The json of a node's output items. */
	json(nodeName, output = 0) {
		return this.items(nodeName, output).map((item) => item.json);
	}

	/** The error a node stopped with, if any. */
	nodeError(nodeName) {
		return this.runData[nodeName]?.[0]?.error;
	}
}

/** Operations whose version 2 takes the per-person fields through the resource mapper "fields". */
const MAPPED_OPERATIONS = ['create', 'update', 'createOrUpdate', 'assignDistricts', 'removeLeavers'];
/** Parameters that are not record fields (they stay parameters in version 2). */
const NOT_FIELDS = new Set(['resource', 'operation', 'options', 'matchOn', 'updatePasswords', 'simplify', 'managedUsers', 'emailPattern', 'syncNodes', 'maxRemovals', 'maxShare', 'whenGuardTrips', 'plateTypeBy', 'provBy', 'userId']);

/**
 * Version 1 style parameters as version 2 holds them: the record fields (collections flattened,
 * a user locator as User Token, except Update's, which picks the record) in the resource mapper,
 * "Map Each Field Manually". Fixtures
 * written for version 1 thus drive version 2 too; test/nodes/shared/mapping.test.js tests the
 * mapper's own layout.
 */
function asMapped(parameters) {
	if (parameters.fields || !MAPPED_OPERATIONS.includes(parameters.operation)) return parameters;
	const kept = {};
	const value = {};
	for (const [name, given] of Object.entries(parameters)) {
		if (NOT_FIELDS.has(name)) kept[name] = given;
		else if (given && typeof given === 'object' && given.__rl) {
			if (parameters.operation === 'update') kept[name] = given;
			else value.userToken = given.value;
		}
		else if (given && typeof given === 'object' && !Array.isArray(given)) Object.assign(value, given);
		else value[name] = given;
	}
	return { ...kept, fields: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] } };
}

/** Version 1 style parameters as version 2 holds them with Map Automatically: the fields come from the input's columns. */
function autoMapped(parameters) {
	const kept = Object.fromEntries(Object.entries(parameters).filter(([name]) => NOT_FIELDS.has(name)));
	return { ...kept, fields: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] } };
}

/** Builds a Manual Trigger → (input items) → node workflow; `typeVersion` is the node's (default 1). */
function singleNodeWorkflow({ type, parameters, items, name = 'Node', settings, continueOnFail, errorOutput, typeVersion = 1 }) {
	const nodes = [
		{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	const connections = {};
	let previous = 'Start';
	if (items) {
		// n8n's own Set (raw JSON) and Split Out nodes turn the list into one item per person.
		nodes.push(
			{
				id: 'i',
				name: 'Roster',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ people: items }) },
			},
			{
				id: 's',
				name: 'Input',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [300, 0],
				parameters: { fieldToSplitOut: 'people', include: 'noOtherFields' },
			},
		);
		connections.Start = { main: [[{ node: 'Roster', type: 'main', index: 0 }]] };
		connections.Roster = { main: [[{ node: 'Input', type: 'main', index: 0 }]] };
		previous = 'Input';
	}
	nodes.push({
		id: 'n',
		name,
		type: type.includes('.') ? type : `${PACKAGE}.${type}`,
		typeVersion,
		position: [400, 0],
		parameters: typeVersion >= 2 ? asMapped(parameters) : parameters,
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		...(errorOutput ? { onError: 'continueErrorOutput' } : {}),
	});
	connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
	return { name: 'test', nodes, connections, settings };
}

module.exports = { createEngine, singleNodeWorkflow, autoMapped, PACKAGE, loaded };
