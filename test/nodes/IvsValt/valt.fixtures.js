/** Shared helpers of the IVS VALT tests: workflows, request filters and a one-shot fault. */
const { singleNodeWorkflow, SANDBOX_SECRETS } = require('../../helpers');

const TYPE = 'n8n-nodes-campus-safety.ivsValt';
const LOGIN_PATH = '/api/v3/login';

/** Manual Trigger → roster of `items` → IVS VALT node with `parameters`. */
function valtWorkflow(parameters, items, extra = {}) {
	return singleNodeWorkflow({ type: 'ivsValt', parameters, items, ...extra });
}

/** The recorded requests other than logins. */
const apiCalls = (sandbox) =>
	sandbox.valt.requests.filter((request) => request.path !== LOGIN_PATH);
const logins = (sandbox) => sandbox.valt.api.snapshot().logins;

/** A new VALT user for item `n`. */
const person = (n, extra = {}) => ({ name: `jdoe${n}`, password: `Pass-${n}!`, ...extra });

const createParameters = (extra = {}) => ({
	resource: 'user',
	operation: 'create',
	userName: '={{ $json.name }}',
	password: '={{ $json.password }}',
	...extra,
});

/** Creates users jdoe1…jdoeN (card numbers 001…) in the sandbox, then forgets the requests. */
async function seedUsers(env, n) {
	const people = Array.from({ length: n }, (_, i) => person(i + 1, { card: `00${i + 1}` }));
	await env.engine.run(
		valtWorkflow(
			createParameters({ additionalFields: { cardNumber: '={{ $json.card }}', userGroup: 2 } }),
			people,
		),
	);
	env.sandbox.valt.requests.length = 0;
}

/** Makes exactly the `nth` request (1-based, counting every request) fault with `kind`. */
function faultOnce(sandbox, nth, kind) {
	let count = 0;
	sandbox.valt.faults.roll = () => (++count === nth ? kind : undefined);
}

/**
 * Makes the sandbox answer GET /admin/users with `reshape(json)` instead: a vendor answer of an
 * unexpected shape. The other calls are answered as usual.
 */
function reshapeUserList(sandbox, reshape) {
	const api = sandbox.valt.api;
	const handle = api.handle.bind(api);
	api.handle = (request) => {
		const response = handle(request);
		if (
			request.method !== 'GET' ||
			request.path !== '/api/v3/admin/users' ||
			response.status !== 200
		)
			return response;
		return { ...response, json: reshape(structuredClone(response.json)) };
	};
}

/** Create or Update with every field, each mapped from the roster person of the same name. */
const everyFieldParameters = {
	resource: 'user',
	operation: 'createOrUpdate',
	userName: '={{ $json.name }}',
	password: '={{ $json.password }}',
	additionalFields: {
		cardNumber: '={{ $json.card }}',
		displayName: '={{ $json.display }}',
		userGroup: '={{ $json.group }}',
		rooms: '={{ $json.rooms }}',
		videoAccessUserGroups: '={{ $json.videoGroups }}',
		videoAccessUsers: '={{ $json.videoUsers }}',
	},
};

module.exports = {
	everyFieldParameters,
	reshapeUserList,
	TYPE,
	LOGIN_PATH,
	SANDBOX_SECRETS,
	valtWorkflow,
	apiCalls,
	logins,
	person,
	createParameters,
	seedUsers,
	faultOnce,
};
